package io.echotune.llmrouter;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The shipped provider list, as application.properties configures it. */
@QuarkusTest
class ProviderResourceTest {

    private static final String PROVIDERS = "/api/v1/llm/providers";

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    @Test
    void defaultProvidersAreListedInPriorityOrderWithLocalLast() {
        given().header("Authorization", bearer(newUser()))
                .when().get(PROVIDERS)
                .then().statusCode(200)
                .body("name", contains("openai", "openrouter", "gemini", "anthropic", "ollama", "local"))
                .body("kind", contains("openai", "openrouter", "gemini", "anthropic", "ollama", "local"))
                .body("model", contains("gpt-4o-mini", "openai/gpt-4o-mini", "gemini-2.5-flash", "claude-haiku-4-5",
                        "llama3.2", "echotune-local"))
                .body("circuit", everyItem(equalTo("CLOSED")))
                // Remote providers are disabled in tests, so none has been called; local may have answered already.
                .body("findAll { it.name != 'local' }.lastLatencyMs", everyItem(nullValue()));
    }

    @Test
    void localInterpreterIsAlwaysUsable() {
        given().header("Authorization", bearer(newUser()))
                .when().get(PROVIDERS)
                .then().statusCode(200)
                .body("[-1].name", equalTo("local"))
                .body("[-1].model", equalTo("echotune-local"))
                .body("[-1].usable", equalTo(true))
                .body("[-1].circuit", equalTo("CLOSED"))
                .body("[-1]", not(hasKey("reason")));
    }

    @Test
    void callsWithoutAValidInternalTokenAreRejected() {
        given().when().get(PROVIDERS).then().statusCode(401);
        given().header("Authorization", "Bearer not-a-jwt").when().get(PROVIDERS).then().statusCode(401);
    }

    @Test
    void healthEndpointsAnswerWithoutCredentials() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
