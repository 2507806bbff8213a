#!/usr/bin/env bash
# The compose health check calls the official image's kafka-broker-api-versions.sh. That command is in
# the kafka-tools jar, which the stand-in does not carry; describing the broker's configuration through
# the Admin API (kafka.admin.ConfigCommand, in the core jar) answers the same question: does the broker
# on --bootstrap-server serve requests? Exit status 0 only if it does.
set -euo pipefail
exec java -Xmx64m -XX:TieredStopAtLevel=1 -Dlogback.configurationFile=/etc/vodflow/logback.xml \
  -cp "/app/libs/*" kafka.admin.ConfigCommand "$@" --describe --entity-type brokers --entity-default
