package dev.vodflow.observability;

/**
 * A gauge source read in the background by the refresher, so that a scrape never waits on a remote call. A service's
 * own bean implementing it is refreshed with the shared ones, every {@code vodflow.observability.refresh}.
 */
public interface Refreshable {

    void refresh();
}
