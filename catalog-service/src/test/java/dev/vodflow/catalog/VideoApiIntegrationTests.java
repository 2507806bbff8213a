package dev.vodflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vodflow.catalog.video.Catalog;
import dev.vodflow.catalog.video.VideoFixtures;
import dev.vodflow.catalog.video.VideoState;
import dev.vodflow.events.Topics;
import dev.vodflow.events.VideoDeleted;
import dev.vodflow.events.VideoUpdated;
import dev.vodflow.events.Visibility;
import dev.vodflow.messaging.BatchApplier;
import dev.vodflow.testsupport.CommittedOpenApi;
import dev.vodflow.testsupport.ForgedTokens;
import dev.vodflow.testsupport.LocalInfrastructure;
import dev.vodflow.testsupport.TestJwts;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The REST API as a front end uses it, with real JWTs, over HTTP. */
class VideoApiIntegrationTests extends CatalogIntegrationTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theApiIsTheCommittedOpenApiDocument() {
        CommittedOpenApi.assertCommitted("http://127.0.0.1:" + port, "catalog-service", "VideoApiIntegrationTests");
    }

    @Test
    void everyForgedOrMisdirectedTokenIsRefusedWith401Problem() throws Exception {
        ForgedTokens.assertAllRefused("GET", URI.create("http://127.0.0.1:" + port + "/videos"));
    }

    @Test
    void ownerPagesThroughTheirVideosNewestFirstWithCursorStateFilterAndSearch() {
        String owner = "lister-" + UUID.randomUUID();
        List<VideoFixtures> videos = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            VideoFixtures v =
                    VideoFixtures.video("list-" + UUID.randomUUID(), owner).at(VideoFixtures.T0.plusSeconds(i * 60L));
            videos.add(v);
            events.publish(v.uploaded(i == 3 ? "Sunset over the BAY" : "Clip " + i));
        }
        events.publish(videos.get(1).completed(), videos.get(3).completed());
        VideoFixtures stranger = VideoFixtures.video("list-" + UUID.randomUUID(), "someone-else");
        events.publish(stranger.uploaded("Clip of someone else"));
        awaitCaughtUp();
        RestClient api = api(owner);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = getPage(api, cursor);
            page.get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asString() : null;
            pages++;
        } while (cursor != null && pages < 10);

        List<String> newestFirst =
                new ArrayList<>(videos.stream().map(VideoFixtures::id).toList());
        Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        assertThat(pages).isEqualTo(3);

        JsonNode ready = api.get().uri("/videos?state=READY").retrieve().body(JsonNode.class);
        assertThat(ids(ready)).containsExactly(videos.get(3).id(), videos.get(1).id());

        JsonNode found = api.get().uri("/videos?q=bay").retrieve().body(JsonNode.class);
        assertThat(ids(found)).containsExactly(videos.get(3).id());
        assertThat(found.get("items").get(0).get("title").asString()).isEqualTo("Sunset over the BAY");
        assertThat(found.get("items").get(0).get("posterPath").asString()).endsWith(".jpg");
    }

    @Test
    void anyoneListsEveryOwnersPublicReadyVideosNewestFirstWithoutAToken() {
        String word = "wave" + UUID.randomUUID().toString().substring(0, 8);
        VideoFixtures older = VideoFixtures.video("pub-" + UUID.randomUUID(), "owner-" + UUID.randomUUID())
                .at(VideoFixtures.T0.plusSeconds(60));
        VideoFixtures newer = VideoFixtures.video("pub-" + UUID.randomUUID(), "owner-" + UUID.randomUUID())
                .at(VideoFixtures.T0.plusSeconds(120));
        VideoFixtures privateOne =
                VideoFixtures.video("pub-" + UUID.randomUUID(), newer.owner()).at(VideoFixtures.T0.plusSeconds(180));
        VideoFixtures stillProcessing =
                VideoFixtures.video("pub-" + UUID.randomUUID(), older.owner()).at(VideoFixtures.T0.plusSeconds(240));
        events.publish(older.uploaded("Big " + word + " at noon"), older.completed());
        events.publish(newer.uploaded("Small " + word + " at dusk"), newer.completed());
        events.publish(privateOne.uploaded("Private " + word), privateOne.completed());
        events.publish(stillProcessing.uploaded("Unfinished " + word), stillProcessing.progress(40));
        awaitCaughtUp();
        for (VideoFixtures v : List.of(older, newer, stillProcessing)) {
            assertThat(patch(v, "{\"visibility\":\"PUBLIC\"}").getStatusCode().value())
                    .isEqualTo(200);
        }

        JsonNode first = anonymous()
                .get()
                .uri("/videos/public?limit=1&q=" + word.toUpperCase())
                .retrieve()
                .body(JsonNode.class);
        assertThat(ids(first)).containsExactly(newer.id());
        JsonNode item = first.get("items").get(0);
        assertThat(item.get("title").asString()).isEqualTo("Small " + word + " at dusk");
        assertThat(item.get("posterPath").asString()).endsWith(".jpg");
        assertThat(item.has("durationMs")).isTrue();
        assertThat(item.has("ownerId")).as("the listing names no owner").isFalse();
        JsonNode second = anonymous()
                .get()
                .uri("/videos/public?limit=1&q=" + word + "&cursor="
                        + first.get("nextCursor").asString())
                .retrieve()
                .body(JsonNode.class);
        assertThat(ids(second)).containsExactly(older.id());
        assertThat(second.has("nextCursor")).isFalse();

        // Made private again, a video leaves the listing.
        patch(newer, "{\"visibility\":\"PRIVATE\"}");
        JsonNode after =
                api("eve").get().uri("/videos/public?q=" + word).retrieve().body(JsonNode.class);
        assertThat(ids(after)).containsExactly(older.id());
    }

    @Test
    void badPublicListParametersAreRefusedNamingEachOne() {
        ResponseEntity<JsonNode> response = exchange(anonymous()
                .get()
                .uri("/videos/public?limit=500&cursor=xyz&q=" + "x".repeat(101))
                .retrieve());

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        response.getBody().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("q", "limit", "cursor");
    }

    @Test
    void badListParametersAreRefusedNamingEachOne() {
        ResponseEntity<JsonNode> response = exchange(
                api("anyone").get().uri("/videos?state=DONE&limit=0&cursor=xyz").retrieve());

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        response.getBody().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("state", "limit", "cursor");
    }

    @Test
    void ownerSeesTheirPrivateVideoOthersGetNotFoundUntilItIsPublic() {
        VideoFixtures v = readyVideo();

        JsonNode own = api(v.owner()).get().uri("/videos/" + v.id()).retrieve().body(JsonNode.class);
        assertThat(own.get("state").asString()).isEqualTo("READY");
        assertThat(own.get("renditions")).hasSize(3);
        assertThat(own.get("upload").get("originalFileName").asString()).isEqualTo("surf dawn.mov");

        ResponseEntity<JsonNode> other =
                exchange(api("eve").get().uri("/videos/" + v.id()).retrieve());
        assertThat(other.getStatusCode().value()).isEqualTo(404);
        assertThat(other.getHeaders().getContentType().toString()).startsWith("application/problem+json");

        patch(v, "{\"visibility\":\"UNLISTED\"}");
        JsonNode seenByOther =
                api("eve").get().uri("/videos/" + v.id()).retrieve().body(JsonNode.class);
        assertThat(seenByOther.get("title").asString()).isEqualTo("Surfing at dawn");
        assertThat(seenByOther.has("upload")).isFalse();
    }

    /**
     * A GET writes the video's stored document, and the owner's list its stored summary; PATCH still writes
     * {@code VideoView} through the service's JSON converter. Both must give each viewer the same JSON, ready or failed, and so must a video whose document is
     * missing (a row from before the documents, or written behind the service's back) until the background renders it
     * again.
     */
    @Test
    void theStoredDocumentIsTheVideoAsEachViewerMaySeeIt() {
        VideoFixtures ready = readyVideo();
        VideoFixtures failed = VideoFixtures.video("api-" + UUID.randomUUID(), "owner-" + UUID.randomUUID());
        events.publish(failed.uploaded(), failed.failed(3));
        await().atMost(TIMEOUT).until(() -> video(failed.id(), failed.owner())
                .filter(video -> video.state() == VideoState.FAILED)
                .isPresent());

        for (VideoFixtures v : List.of(ready, failed)) {
            JsonNode owners = patch(
                            v,
                            "{\"visibility\":\"UNLISTED\",\"title\":\"Fête à \\\"Zürich\\\" ✓\","
                                    + "\"description\":\"Cöte \\\"sud\\\" ✓\"}")
                    .getBody();
            assertThat(owners.has("upload")).isTrue();
            assertThat(owners.has("error")).isEqualTo(v == failed);
            JsonNode everyones = owners.deepCopy();
            ((ObjectNode) everyones).remove(List.of("upload", "error"));

            ObjectNode tile = (ObjectNode) owners.deepCopy();
            tile.retain(List.of(
                    "id",
                    "title",
                    "visibility",
                    "state",
                    "percent",
                    "durationMs",
                    "posterPath",
                    "createdAt",
                    "updatedAt"));

            assertThat(getAs(v.owner(), v)).isEqualTo(owners);
            assertThat(getAs("eve", v)).isEqualTo(everyones);
            assertThat(listedFor(v)).isEqualTo(tile);

            int removed = jdbc.sql("UPDATE videos SET document = NULL, document_owner_fields = NULL, summary = NULL,"
                            + " document_version = NULL WHERE id = :id")
                    .param("id", v.id())
                    .update();
            assertThat(removed).isEqualTo(1);
            assertThat(getAs(v.owner(), v)).as("read the old way").isEqualTo(owners);
            assertThat(getAs("eve", v)).as("read the old way").isEqualTo(everyones);
            assertThat(listedFor(v)).as("read the old way").isEqualTo(tile);

            await().atMost(TIMEOUT).alias("the background renders it again").until(() -> jdbc.sql(
                            "SELECT document_version IS NOT NULL FROM videos WHERE id = :id")
                    .param("id", v.id())
                    .query(Boolean.class)
                    .single());
            assertThat(getAs(v.owner(), v)).isEqualTo(owners);
            assertThat(getAs("eve", v)).isEqualTo(everyones);
            assertThat(listedFor(v)).isEqualTo(tile);
        }
    }

    /** The video in its owner's list (each fixture's owner has this one video). */
    private JsonNode listedFor(VideoFixtures v) {
        ResponseEntity<String> response =
                api(v.owner()).get().uri("/videos").retrieve().toEntity(String.class);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        JsonNode items = json.readTree(response.getBody()).get("items");
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private JsonNode getAs(String viewer, VideoFixtures v) {
        ResponseEntity<String> response =
                api(viewer).get().uri("/videos/" + v.id()).retrieve().toEntity(String.class);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        return json.readTree(response.getBody());
    }

    @Test
    void patchChangesTheVideoAndPublishesItsFullStateAsVideoUpdated() {
        VideoFixtures v = readyVideo();

        ResponseEntity<JsonNode> response =
                patch(v, "{\"title\":\"  Dawn patrol \",\"description\":\"North beach\",\"visibility\":\"PUBLIC\"}");

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody().get("title").asString()).isEqualTo("Dawn patrol");
        assertThat(response.getBody().get("visibility").asString()).isEqualTo("PUBLIC");
        var stored = video(v.id(), v.owner()).orElseThrow();
        assertThat(stored.title()).isEqualTo("Dawn patrol");
        assertThat(stored.state()).isEqualTo(VideoState.READY);

        List<ConsumerRecord<String, byte[]>> published = TestEvents.read(Topics.VIDEO_UPDATED, v.id(), 1, TIMEOUT);
        assertThat(published).hasSize(1);
        ConsumerRecord<String, byte[]> record = published.get(0);
        assertThat(TestEvents.header(record, "ce_type")).isEqualTo("dev.vodflow.video.updated.v1");
        assertThat(TestEvents.header(record, "ce_source")).isEqualTo("/vodflow/catalog-service");
        VideoUpdated event = json.readValue(record.value(), VideoUpdated.class);
        assertThat(TestEvents.header(record, "ce_id")).isEqualTo(event.eventId());
        assertThat(event.ownerId()).isEqualTo(v.owner());
        assertThat(event.title()).isEqualTo("Dawn patrol");
        assertThat(event.description()).isEqualTo("North beach");
        assertThat(event.visibility()).isEqualTo(Visibility.PUBLIC);
    }

    @Test
    void ownerAllowsTheMp4DownloadAndEveryoneSeesTheLinkWithTheStoryboard() {
        VideoFixtures v = readyVideo();
        patch(v, "{\"visibility\":\"PUBLIC\"}");
        JsonNode before =
                exchange(api("eve").get().uri("/videos/" + v.id()).retrieve()).getBody();
        assertThat(before.get("downloadable").asBoolean()).isFalse();
        assertThat(before.has("downloadPath")).isFalse();
        assertThat(before.get("storyboardPath").asString())
                .isEqualTo("output/" + v.id() + "/storyboard/storyboard.vtt");

        ResponseEntity<JsonNode> allowed = patch(v, "{\"downloadable\":true}");

        assertThat(allowed.getStatusCode().value()).isEqualTo(200);
        JsonNode seen =
                exchange(api("eve").get().uri("/videos/" + v.id()).retrieve()).getBody();
        assertThat(seen.get("downloadable").asBoolean()).isTrue();
        assertThat(seen.get("downloadPath").asString()).isEqualTo("download/" + v.id() + "/mp4/720.mp4");
        List<ConsumerRecord<String, byte[]>> published = TestEvents.read(Topics.VIDEO_UPDATED, v.id(), 2, TIMEOUT);
        VideoUpdated last = json.readValue(published.get(published.size() - 1).value(), VideoUpdated.class);
        assertThat(last.downloadable()).isTrue();
        assertThat(last.visibility()).isEqualTo(Visibility.PUBLIC);
    }

    @Test
    void invalidPatchIsRefusedAndChangesNothing() {
        VideoFixtures v = readyVideo();

        ResponseEntity<JsonNode> response = patch(v, "{\"title\":\"\",\"visibility\":\"FRIENDS\"}");

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(response.getBody().get("detail").asString())
                .contains("title")
                .contains("visibility");
        assertThat(video(v.id(), v.owner()).orElseThrow().visibility()).isEqualTo(Visibility.PRIVATE);

        ResponseEntity<JsonNode> malformed = patch(v, "{not json");
        assertThat(malformed.getStatusCode().value()).isEqualTo(400);
        assertThat(malformed.getHeaders().getContentType().toString()).startsWith("application/problem+json");

        // PostgreSQL stores no text with NUL in it: refused before it gets there, naming each field
        ResponseEntity<JsonNode> nul = patch(v, "{\"title\":\"Dawn\\u0000\",\"description\":\"North\\u0000\"}");
        assertThat(nul.getStatusCode().value()).isEqualTo(400);
        assertThat(fields(nul)).containsExactlyInAnyOrder("title", "description");
        assertThat(nul.getBody().get("detail").asString()).contains("NUL");
        assertThat(video(v.id(), v.owner()).orElseThrow().title()).isEqualTo("Surfing at dawn");
    }

    /**
     * Search words with a NUL character: refused with a 400 naming {@code q}, where PostgreSQL would fail the
     * statement (and, since concurrent pages share one, the pages of the requests read with it).
     */
    @Test
    void searchWordsWithTheNulCharacterAreRefused() {
        for (String path : List.of("/videos", "/videos/public")) {
            ResponseEntity<JsonNode> response = exchange(api("anyone")
                    .get()
                    .uri(b -> b.path(path).queryParam("q", "bay\u0000").build())
                    .retrieve());

            assertThat(response.getStatusCode().value()).as(path).isEqualTo(400);
            assertThat(fields(response)).as(path).containsExactly("q");
        }
    }

    @Test
    void onlyTheOwnerMayChangeOrDelete() {
        VideoFixtures v = readyVideo();
        patch(v, "{\"visibility\":\"PUBLIC\"}");

        ResponseEntity<JsonNode> patchByOther = exchange(api("eve")
                .patch()
                .uri("/videos/" + v.id())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"title\":\"mine now\"}")
                .retrieve());
        ResponseEntity<JsonNode> deleteByOther =
                exchange(api("eve").delete().uri("/videos/" + v.id()).retrieve());

        assertThat(patchByOther.getStatusCode().value()).isEqualTo(403);
        assertThat(deleteByOther.getStatusCode().value()).isEqualTo(403);
        assertThat(video(v.id(), v.owner())).isPresent();
    }

    @Test
    void deleteRemovesTheEntryTheSourceAndOutputsAndPublishesVideoDeleted() {
        VideoFixtures v = readyVideo();
        S3Client s3 = LocalInfrastructure.get().s3();
        String bucket = LocalInfrastructure.get().bucket();
        List<String> keys = List.of(
                "input/" + v.id() + "/source",
                "output/" + v.id() + "/hls/master.m3u8",
                "output/" + v.id() + "/hls/360_00001.ts",
                "output/" + v.id() + "/thumbnails/t.0000001.jpg",
                "download/" + v.id() + "/mp4/720.mp4");
        for (String key : keys) {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("x"));
        }
        String neighbour = "output/" + v.id() + "-other/hls/master.m3u8";
        s3.putObject(b -> b.bucket(bucket).key(neighbour), RequestBody.fromString("keep me"));

        ResponseEntity<JsonNode> response =
                exchange(api(v.owner()).delete().uri("/videos/" + v.id()).retrieve());

        assertThat(response.getStatusCode().value()).isEqualTo(204);
        assertThat(objects(s3, bucket, "input/" + v.id() + "/")).isEmpty();
        assertThat(objects(s3, bucket, "output/" + v.id() + "/")).isEmpty();
        assertThat(objects(s3, bucket, "download/" + v.id() + "/")).isEmpty();
        assertThat(objects(s3, bucket, "output/" + v.id() + "-other/")).containsExactly(neighbour);
        assertThat(exchange(api(v.owner()).get().uri("/videos/" + v.id()).retrieve())
                        .getStatusCode()
                        .value())
                .isEqualTo(404);

        List<ConsumerRecord<String, byte[]>> published = TestEvents.read(Topics.VIDEO_DELETED, v.id(), 1, TIMEOUT);
        assertThat(published).hasSize(1);
        VideoDeleted event = json.readValue(published.get(0).value(), VideoDeleted.class);
        assertThat(event.ownerId()).isEqualTo(v.owner());
        assertThat(TestEvents.header(published.get(0), "ce_type")).isEqualTo("dev.vodflow.video.deleted.v1");

        // The transcoder's late news about it does not bring it back.
        var late = v.progress(99, 7);
        events.publish(late);
        await().atMost(TIMEOUT).until(() -> processed(late.eventId()));
        assertThat(video(v.id(), v.owner())).isEmpty();
    }

    @Test
    void deletingAWatchFolderVideoRemovesItsSourceWhereverItLies() {
        VideoFixtures v = VideoFixtures.video("watched-" + UUID.randomUUID(), "owner-" + UUID.randomUUID());
        S3Client s3 = LocalInfrastructure.get().s3();
        String bucket = LocalInfrastructure.get().bucket();
        String source = "input/beach walk " + v.id() + ".mp4";
        s3.putObject(b -> b.bucket(bucket).key(source), RequestBody.fromString("x"));
        events.publish(v.uploadedAs("beach walk", source), v.progress(50), v.completed());
        await().atMost(TIMEOUT).until(() -> video(v.id(), v.owner())
                .filter(video -> video.state() == VideoState.READY)
                .isPresent());

        assertThat(exchange(api(v.owner()).delete().uri("/videos/" + v.id()).retrieve())
                        .getStatusCode()
                        .value())
                .isEqualTo(204);

        await().atMost(TIMEOUT).until(() -> objects(s3, bucket, source).isEmpty());
    }

    @Test
    void aDeletionTheBrokerDidNotTakeKeepsTheVideoAndItsFiles() {
        VideoFixtures v = readyVideo();
        S3Client s3 = LocalInfrastructure.get().s3();
        String bucket = LocalInfrastructure.get().bucket();
        String master = "output/" + v.id() + "/hls/master.m3u8";
        s3.putObject(b -> b.bucket(bucket).key(master), RequestBody.fromString("#EXTM3U"));
        // A second catalog whose producer cannot send anything: every publish fails, as in a broker outage. Its
        // consumers stay stopped: reading the shared topics from the start, it would meet other test classes' poison
        // records, which it can no more dead-letter than publish, and rightly retry them for ever (the order of test
        // classes decides whether any came first). The video's events are applied as its consumer would apply them.
        try (ConfigurableApplicationContext cut = SecondCatalog.start(
                "catalog_unpublished",
                "--spring.kafka.producer.properties.max.request.size=64",
                "--spring.cloud.stream.bindings.catalogEvents-in-0.consumer.auto-startup=false",
                "--spring.cloud.stream.bindings.liveChannelEvents-in-0.consumer.auto-startup=false")) {
            BatchApplier.Outcome applied =
                    cut.getBean(Catalog.class).apply(List.of(v.uploaded(), v.progress(50), v.completed()));
            assertThat(applied.failure()).isNull();
            RestClient other = RestClient.builder()
                    .baseUrl("http://127.0.0.1:" + cut.getEnvironment().getProperty("local.server.port"))
                    .defaultHeader("Authorization", "Bearer " + TestJwts.token(v.owner()))
                    .build();
            assertThat(exchange(other.get().uri("/videos/" + v.id()).retrieve())
                            .getStatusCode()
                            .value())
                    .isEqualTo(200);

            ResponseEntity<JsonNode> refused =
                    exchange(other.delete().uri("/videos/" + v.id()).retrieve());

            assertThat(refused.getStatusCode().is5xxServerError()).isTrue();
            assertThat(exchange(other.get().uri("/videos/" + v.id()).retrieve())
                            .getStatusCode()
                            .value())
                    .isEqualTo(200);
            assertThat(objects(s3, bucket, master)).containsExactly(master);
        }
    }

    @Test
    void requestWithoutTokenIsRefusedAsProblem() {
        ResponseEntity<JsonNode> response =
                exchange(anonymous().get().uri("/videos").retrieve());

        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(response.getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
    }

    /** How many requests each statement of a GET by id or a list page served: an operator sees how much is shared. */
    @Test
    void theRequestsEachReadStatementServedArePublished() {
        VideoFixtures v = readyVideo();
        api(v.owner()).get().uri("/videos/" + v.id()).retrieve().toBodilessEntity();
        api(v.owner()).get().uri("/videos").retrieve().toBodilessEntity();

        String scraped =
                anonymous().get().uri("/actuator/prometheus").retrieve().body(String.class);

        for (String read : List.of("document", "page")) {
            for (String sample : List.of("count", "sum")) {
                String name = "vodflow_catalog_read_batch_requests_" + sample + "{";
                assertThat(scraped.lines()
                                .filter(line -> line.startsWith(name) && line.contains("read=\"" + read + "\""))
                                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                                .sum())
                        .as(name + read)
                        .isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    void healthIsOpenForProbes() {
        JsonNode health = anonymous().get().uri("/actuator/health").retrieve().body(JsonNode.class);

        assertThat(health.get("status").asString()).isEqualTo("UP");
    }

    private VideoFixtures readyVideo() {
        VideoFixtures v = VideoFixtures.video("api-" + UUID.randomUUID(), "owner-" + UUID.randomUUID());
        events.publish(v.uploaded(), v.progress(50), v.completed());
        await().atMost(TIMEOUT).until(() -> video(v.id(), v.owner())
                .filter(video -> video.state() == VideoState.READY)
                .isPresent());
        return v;
    }

    private ResponseEntity<JsonNode> patch(VideoFixtures v, String body) {
        return exchange(api(v.owner())
                .patch()
                .uri("/videos/" + v.id())
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve());
    }

    private JsonNode getPage(RestClient api, String cursor) {
        return api.get()
                .uri(b -> b.path("/videos")
                        .queryParam("limit", 2)
                        .queryParamIfPresent("cursor", Optional.ofNullable(cursor))
                        .build())
                .retrieve()
                .body(JsonNode.class);
    }

    private static List<String> fields(ResponseEntity<JsonNode> problem) {
        List<String> fields = new ArrayList<>();
        problem.getBody().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }

    private static ResponseEntity<JsonNode> exchange(RestClient.ResponseSpec spec) {
        return spec.onStatus(HttpStatusCode::isError, (request, response) -> {}).toEntity(JsonNode.class);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }

    private static List<String> objects(S3Client s3, String bucket, String prefix) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .toList();
    }
}
