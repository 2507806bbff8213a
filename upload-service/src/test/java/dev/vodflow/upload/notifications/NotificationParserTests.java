package dev.vodflow.upload.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NotificationParserTests {

    /** Shaped as S3 posts it to SQS (event structure 2.1), key URL-encoded as S3 does. */
    static String objectCreated(String eventName, String encodedKey, long size, String etag) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                "eventTime":"2026-11-22T10:15:30.123Z","eventName":"%s",
                "userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},
                "requestParameters":{"sourceIPAddress":"203.0.113.7"},
                "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
                "s3":{"s3SchemaVersion":"1.0","configurationId":"input-created",
                "bucket":{"name":"vodflow-media","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::vodflow-media"},
                "object":{"key":"%s","size":%d,"eTag":"%s","sequencer":"0055AED6DCD90281E5"}}}]}
                """.formatted(eventName, encodedKey, size, etag);
    }

    @Test
    void readsEveryFieldOfAnObjectCreatedRecord() {
        var parsed = NotificationParser.parse(
                objectCreated("ObjectCreated:CompleteMultipartUpload", "input/abc/source", 73400320, "9b2c-3"));

        assertThat(parsed.malformed()).isNull();
        assertThat(parsed.records())
                .containsExactly(new ObjectEvent(
                        "ObjectCreated:CompleteMultipartUpload",
                        "vodflow-media",
                        "input/abc/source",
                        73400320,
                        "9b2c-3",
                        Instant.parse("2026-11-22T10:15:30.123Z")));
    }

    @Test
    void decodesKeysAsS3EncodesThemPlusIsASpace() {
        var parsed = NotificationParser.parse(
                objectCreated("ObjectCreated:Put", "input/my+clip%2Bfinal+%C3%A9.mov", 10, "e"));

        assertThat(parsed.records().get(0).key()).isEqualTo("input/my clip+final é.mov");
        assertThat(parsed.records().get(0).fileName()).isEqualTo("my clip+final é.mov");
    }

    @Test
    void recognisesTheTestEventS3SendsWhenNotificationsAreConfigured() {
        var parsed = NotificationParser.parse("""
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-22T10:15:30.123Z",
                "Bucket":"vodflow-media","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}
                """);

        assertThat(parsed.testEvent()).isTrue();
        assertThat(parsed.malformed()).isNull();
    }

    @Test
    void refusesBodiesThatAreNoS3EventWithAReason() {
        assertThat(NotificationParser.parse("definitely not json").malformed()).contains("not JSON");
        assertThat(NotificationParser.parse("").malformed()).contains("empty");
        assertThat(NotificationParser.parse("[1,2]").malformed()).contains("not an object");
        assertThat(NotificationParser.parse("{\"hello\":\"world\"}").malformed())
                .contains("no Records");
        assertThat(NotificationParser.parse("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}")
                        .malformed())
                .contains("record 0");
        assertThat(NotificationParser.parse(objectCreated("ObjectCreated:Put", "input/x", 10, ""))
                        .malformed())
                .contains("eTag");
        assertThat(NotificationParser.parse(objectCreated("ObjectCreated:Put", "input/%ZZ", 10, "e"))
                        .malformed())
                .contains("URL-encoded");
    }

    @Test
    void stripsTheS3PrefixSomeProducersPutOnEventNames() {
        var parsed = NotificationParser.parse(objectCreated("s3:ObjectCreated:Copy", "input/a", 1, "e"));

        assertThat(parsed.records().get(0).eventName()).isEqualTo("ObjectCreated:Copy");
        assertThat(parsed.records().get(0).isObjectCreated()).isTrue();
    }
}
