package io.echotune.gateway;

import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Test fixtures: local accounts made through the public API, as a user would make them. */
final class Users {

    record SignedUp(String userId, String token, String sessionCookie, String csrfCookie) {
        String bearer() {
            return "Bearer " + token;
        }
    }

    private Users() {
    }

    static SignedUp createDefaultUser() {
        return signUp("Test listener");
    }

    static SignedUp signUp(String displayName) {
        ExtractableResponse<Response> response = given().contentType(ContentType.JSON)
                .body(Map.of("displayName", displayName))
                .when().post("/api/v1/auth/local")
                .then().statusCode(201)
                .extract();
        return new SignedUp(response.path("userId"), response.path("token"), response.cookie("echotune_session"),
                response.cookie("echotune_csrf"));
    }
}
