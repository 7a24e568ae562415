package io.echotune.gateway;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Test fixtures: partner clients registered and tokens obtained through the public API, as an operator and a partner would. */
final class Partners {

    static final String OPERATOR = "Bearer " + OperatorBackend.ADMIN_TOKEN;
    static final List<String> ALL_SCOPES = List.of("partner:interpret", "partner:recommend", "partner:shared");

    record Client(String clientId, String clientSecret) {
    }

    private Partners() {
    }

    static Client registerDefaultClient() {
        return register("Test partner", ALL_SCOPES, 1000, 100_000);
    }

    static Client register(String name, List<String> scopes, int ratePerMinute, int dailyQuota) {
        ExtractableResponse<Response> created = given().header("Authorization", OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("name", name, "scopes", scopes, "ratePerMinute", ratePerMinute, "dailyQuota", dailyQuota))
                .when().post("/api/v1/admin/partners")
                .then().statusCode(201).extract();
        return new Client(created.path("clientId"), created.path("clientSecret"));
    }

    /** A token by form authentication, with every scope the client may have. */
    static String token(Client client) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", client.clientId())
                .formParam("client_secret", client.clientSecret())
                .when().post("/oauth/token")
                .then().statusCode(200).extract().path("access_token");
    }

    static String token(Client client, String scope) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", client.clientId())
                .formParam("client_secret", client.clientSecret())
                .formParam("scope", scope)
                .when().post("/oauth/token")
                .then().statusCode(200).extract().path("access_token");
    }
}
