/** Local stand-ins for the AWS services, Kafka and PostgreSQL, startable from tests and from the dev stack. */
package dev.vodflow.localaws;
