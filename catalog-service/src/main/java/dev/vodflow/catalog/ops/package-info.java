/** Operating the projection: fingerprint of the tables, rebuild by replay, replay progress. */
package dev.vodflow.catalog.ops;
