package dev.vodflow.catalog.ops;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An md5 per table over its rows in key order, from the SQL function {@code catalog_fingerprint()} (also
 * usable from psql). Equal fingerprints mean equal catalogs, clock-free, so a rebuilt database can be
 * compared with the one it replaces.
 */
@Component
public class Fingerprint {

    private final JdbcClient jdbc;

    Fingerprint(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Result compute() {
        List<Table> tables = jdbc.sql("SELECT table_name, row_count, md5 FROM catalog_fingerprint()")
                .query((rs, n) -> new Table(rs.getString(1), rs.getLong(2), rs.getString(3)))
                .list();
        Table all =
                tables.stream().filter(t -> t.name().equals("all")).findFirst().orElseThrow();
        return new Result(
                all.md5(), all.rows(), tables.stream().filter(t -> t != all).toList());
    }

    public record Result(String md5, long rows, List<Table> tables) {}

    public record Table(String name, long rows, String md5) {}
}
