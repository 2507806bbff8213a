package dev.vodflow.observability;

/** A gauge source read in the background by the refresher, so that a scrape never waits on a remote call. */
interface Refreshable {

    void refresh();
}
