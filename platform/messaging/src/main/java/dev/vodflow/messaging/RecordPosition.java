package dev.vodflow.messaging;

/** Where a record sits, for messages that let an operator find it. */
record RecordPosition(String topic, Integer partition, Long offset) {

    @Override
    public String toString() {
        return (topic == null ? "(unknown topic)" : topic) + "-" + (partition == null ? "?" : partition) + "@"
                + (offset == null ? "?" : offset);
    }
}
