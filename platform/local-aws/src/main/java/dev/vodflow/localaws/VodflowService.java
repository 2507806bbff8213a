package dev.vodflow.localaws;

import java.net.URI;
import java.util.List;

/**
 * One of vodflow's services as the local world runs it: its name, the port it listens on, and its database. The one
 * list of them ({@link #ALL}) is read by the dev stack (which starts them), its gateway (which routes to them) and the
 * tests, so that a port or a database is spelled once.
 *
 * @param name the service's module and {@code spring.application.name}
 * @param port its HTTP port on this machine
 * @param database its database's name (the dev stack and the tests suffix it per stack or per test JVM)
 */
public record VodflowService(String name, int port, String database) {

    public static final VodflowService UPLOAD = new VodflowService("upload-service", 8081, "upload");
    public static final VodflowService TRANSCODE = new VodflowService("transcode-orchestrator", 8082, "transcode");
    public static final VodflowService CATALOG = new VodflowService("catalog-service", 8083, "catalog");
    public static final VodflowService NOTIFICATION = new VodflowService("notification-service", 8084, "notify");
    public static final VodflowService PLAYBACK = new VodflowService("playback-service", 8085, "playback");
    public static final VodflowService LIVE = new VodflowService("live-service", 8086, "live");

    /** Every service, in the order the dev stack starts them. */
    public static final List<VodflowService> ALL = List.of(UPLOAD, TRANSCODE, CATALOG, NOTIFICATION, PLAYBACK, LIVE);

    /** Where it answers on this machine, e.g. {@code http://localhost:8081}. */
    public URI localUrl() {
        return URI.create("http://localhost:" + port);
    }

    /** The database's name on the server for the stack {@code stackId}. */
    public String databaseOf(String stackId) {
        return database + "_" + stackId;
    }
}
