package dev.vodflow.messaging;

/** The one dead-letter naming convention: {@code <topic>.<group>.dlt}, the group being the consuming service. */
public final class DeadLetterTopics {

    public static final String SUFFIX = ".dlt";

    private DeadLetterTopics() {}

    public static String of(String topic, String group) {
        return topic + "." + group + SUFFIX;
    }

    public static boolean isDeadLetterTopic(String topic) {
        return topic.endsWith(SUFFIX);
    }
}
