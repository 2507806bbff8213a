/** Telling a database outage (waited out) from a bad record (dead-lettered) while the catalog consumes. */
package dev.vodflow.catalog.events;
