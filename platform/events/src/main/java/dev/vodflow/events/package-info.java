/** The event contracts every vodflow service shares: payload records, topic names, the CloudEvents envelope. */
package dev.vodflow.events;
