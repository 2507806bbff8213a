/** The one way vodflow services put events on Kafka and take them off: codec, publisher, retries, dead letters. */
package dev.vodflow.messaging;
