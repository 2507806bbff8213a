/** What every vodflow service shows an operator: metrics, probes, traces and log context, configured once. */
package dev.vodflow.observability;
