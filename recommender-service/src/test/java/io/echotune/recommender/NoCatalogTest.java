package io.echotune.recommender;

import io.echotune.recommender.support.RecommenderTestEnvironment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Before any catalog is loaded (the first minute of a new local stack) a request gets a 503 that says so, not an empty
 * list that would read as a verdict on the listener's taste.
 */
@QuarkusTest
@TestProfile(NoCatalogTest.EmptyStore.class)
@WithTestResource(RecommenderTestEnvironment.class)
class NoCatalogTest {

    /** The service reads a database no catalog was ever loaded into. */
    public static class EmptyStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mongodb.database", "echotune-no-catalog-" + UUID.randomUUID().toString().substring(0, 8));
        }
    }

    @Test
    void aRequestBeforeTheCatalogIsLoadedIsAServiceUnavailableProblem() {
        given().header("Authorization", bearer("user-" + UUID.randomUUID())).contentType(ContentType.JSON)
                .body(Map.of("count", 5)).when().post("/api/v1/recommendations")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:echotune:problem:service-unavailable"))
                .body("detail", containsString("No music catalog is loaded yet"));
    }
}
