package io.echotune.recommender;

import com.mongodb.client.model.Filters;
import io.echotune.recommender.support.RecommenderTestEnvironment;
import io.echotune.recommender.support.Stores;
import io.echotune.recommender.support.TestWaits;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.echotune.recommender.RecommendationResourceTest.recommend;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Feedback changes the very next answer, for its author only, and is announced as feedback.recorded. */
@QuarkusTest
@WithTestResource(RecommenderTestEnvironment.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedbackEffectTest {

    private final String listener = "user-" + UUID.randomUUID();
    private final List<String> others = new ArrayList<>();

    @BeforeAll
    void importARealHistory() {
        int n = Stores.importHistory(listener, "extended/efrrowini");
        Stores.completeImport(listener, n);
        Stores.awaitProfile(listener, n);
    }

    @AfterAll
    void removeIt() {
        Stores.removeUser(listener);
        others.forEach(Stores::removeUser);
    }

    private static String feedback(String user, String trackId, String signal, String requestId) {
        return given().header("Authorization", bearer(user)).contentType(ContentType.JSON)
                .body(requestId == null ? Map.of("trackId", trackId, "signal", signal)
                        : Map.of("trackId", trackId, "signal", signal, "requestId", requestId))
                .when().post("/api/v1/recommendations/feedback")
                .then().statusCode(202).extract().path("feedbackId");
    }

    @Test
    void aDislikedOrSkippedTrackLeavesTheNextAnswerAtOnce() {
        Map<String, Object> request = Map.of("count", 15);
        JsonPath before = recommend(listener, request);
        String disliked = before.getString("tracks[0].trackId");
        String skipped = before.getString("tracks[1].trackId");
        feedback(listener, disliked, "dislike", before.getString("requestId"));
        feedback(listener, skipped, "skip", before.getString("requestId"));

        List<String> after = recommend(listener, request).getList("tracks.trackId");
        assertFalse(after.contains(disliked), "the disliked track is gone");
        assertFalse(after.contains(skipped), "the skipped track is gone");
        assertEquals(15, after.size());
    }

    @Test
    void aLikedTrackBecomesPartOfTheTaste() {
        // a track the listener never played, outside what they are offered now
        JsonPath familiar = recommend(listener, Map.of("count", 30, "novelty", "familiar"));
        String liked = "0nbXyq5TXYPCO7pr3N8S4I";   // "The Box", Roddy Ricch, in the shared catalog
        assertFalse(familiar.<String>getList("tracks.trackId").contains(liked));

        feedback(listener, liked, "like", null);

        JsonPath after = recommend(listener, Map.of("count", 30, "novelty", "familiar"));
        int position = after.<String>getList("tracks.trackId").indexOf(liked);
        assertTrue(position >= 0, "the liked track is now among the familiar ones");
        assertTrue(after.getString("tracks[" + position + "].explanation").contains("you liked this track")
                || after.getString("tracks[" + position + "].explanation").contains("You liked this track"));
    }

    @Test
    void oneUsersFeedbackNeverChangesAnotherUsersAnswer() {
        String author = "user-" + UUID.randomUUID();
        String bystander = "user-" + UUID.randomUUID();
        others.add(author);
        others.add(bystander);
        Map<String, Object> request = Map.of("count", 10, "genres", List.of("synthwave"));
        List<String> bystanderBefore = recommend(bystander, request).getList("tracks.trackId");
        String top = recommend(author, request).getString("tracks[0].trackId");
        feedback(author, top, "dislike", null);

        assertFalse(recommend(author, request).<String>getList("tracks.trackId").contains(top));
        assertEquals(bystanderBefore, recommend(bystander, request).getList("tracks.trackId"));
        assertEquals(0, Stores.profiles().countDocuments(Filters.eq("_id", bystander)));
    }

    @Test
    void feedbackIsAnnouncedAsFeedbackRecordedKeyedByTheUser() {
        String user = "user-" + UUID.randomUUID();
        others.add(user);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv("ECHOTUNE_KAFKA_BOOTSTRAP"),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("echotune.feedback-events").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            String feedbackId = feedback(user, "4uLU6hMCjMI75M1A2tKUQC", "save", "rec-0123456789ab");

            List<ConsumerRecord<String, String>> mine = new ArrayList<>();
            TestWaits.untilTrue("feedback.recorded for " + feedbackId, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value().contains(feedbackId)) {
                        mine.add(r);
                    }
                });
                return !mine.isEmpty();
            });
            ConsumerRecord<String, String> event = mine.get(0);
            assertEquals(user, event.key());
            JsonPath json = JsonPath.from(event.value());
            assertEquals("fb-" + feedbackId, json.getString("eventId"));
            assertEquals("feedback.recorded", json.getString("type"));
            assertEquals(user, json.getString("userId"));
            assertEquals(1, json.getInt("schemaVersion"));
            assertEquals("4uLU6hMCjMI75M1A2tKUQC", json.getString("payload.trackId"));
            assertEquals("save", json.getString("payload.signal"));
            assertEquals("rec-0123456789ab", json.getString("payload.requestId"));
        }
        TestWaits.untilTrue("the outbox entry is marked published", () ->
                Boolean.TRUE.equals(Stores.feedback().find(Filters.eq("userId", user)).first().getBoolean("published")));
    }
}
