package io.echotune.gateway;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.echotune.gateway.Users.createDefaultUser;
import static io.restassured.RestAssured.given;

/**
 * A replica keeps access tokens it has verified for a few seconds (AccessTokenCache); a revocation made by another
 * replica reaches it through the Redis channel, not only when the entry expires.
 */
@QuarkusTest
@WithTestResource(EchoBackend.class)
class AccessTokenCacheTest {

    @Inject
    Pool postgres;

    @Inject
    RedisDataSource redis;

    @Test
    void revocationByAnotherReplicaIsHonouredAtOnce() throws Exception {
        Users.SignedUp user = createDefaultUser();
        String token = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "phone", "scopes", List.of("read")))
                .when().post("/api/v1/me/tokens").then().statusCode(201).extract().path("token");
        String tokenId = given().header("Authorization", user.bearer()).when().get("/api/v1/me/tokens")
                .then().statusCode(200).extract().path("find { it.name == 'phone' }.tokenId");
        given().header("Authorization", "Bearer " + token).when().get("/api/v1/me").then().statusCode(200);

        // Another replica revokes it: the row goes, and only the channel tells this replica.
        postgres.preparedQuery("DELETE FROM gateway.access_tokens WHERE id = $1").execute(Tuple.of(UUID.fromString(tokenId)))
                .await().atMost(Duration.ofSeconds(10));
        // Still trusted from this replica's cache: the deletion alone does not reach it (the TTL is 10 s).
        given().header("Authorization", "Bearer " + token).when().get("/api/v1/me").then().statusCode(200);

        redis.pubsub(String.class).publish("gateway:access-token-revoked", tokenId);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int status;
        do {
            Thread.sleep(20);
            status = given().header("Authorization", "Bearer " + token).when().get("/api/v1/me").statusCode();
        } while (status == 200 && System.nanoTime() < deadline);
        if (status != 401) {
            throw new AssertionError("a token revoked on another replica still answered " + status);
        }
    }
}
