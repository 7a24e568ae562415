package io.echotune.ingestion;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class OperationsTest {

    @Test
    void readinessCoversEveryStoreTheServiceUses() {
        List<String> checks = given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .extract().jsonPath().getList("checks.name", String.class);
        System.out.println("Readiness checks: " + checks);
        org.hamcrest.MatcherAssert.assertThat(checks.stream().map(String::toLowerCase).toList(),
                hasItems(org.hamcrest.Matchers.containsString("mongo"), org.hamcrest.Matchers.containsString("kafka"),
                        org.hamcrest.Matchers.containsString("postgres")));
    }

    @Test
    void openApiDescribesTheImportHistoryAndCatalogEndpoints() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/v1/imports'.post", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/api/v1/history'.get", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/api/v1/admin/catalog/loads'.post", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/api/v1/admin/catalog/loads/{loadId}'.get", org.hamcrest.Matchers.notNullValue());
    }
}
