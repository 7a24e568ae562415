package io.echotune.insights;

import io.echotune.commons.time.PlausibleTime;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.echotune.commons.testing.InternalTokens.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue #15: dates far outside any listening history (year +999999999) overflowed the zone and epoch arithmetic and
 * answered 500. Every insights endpoint must answer them, and any other nonsense in its parameters, with a 400
 * problem naming the parameter, before touching a store.
 */
@QuarkusTest
class ImplausibleParametersResourceTest extends StoredDataTest {

    private static final String INSIGHTS = "/api/v1/insights/";
    private static final List<String> EVERY_ENDPOINT = List.of("summary", "top-artists", "top-tracks", "top-genres",
            "heatmap", "discovery", "mood", "sessions", "forgotten-favorites", "year/2024");
    private static final List<String> LIMITED_ENDPOINTS = List.of("top-artists", "top-tracks", "top-genres", "sessions",
            "forgotten-favorites");
    private static final List<String> IMPLAUSIBLE_DATES = List.of("+999999999-01-01", "-999999999-01-01",
            "-000001-01-01", "1899-12-31", "2201-01-01", "+999999999-12-31T23:59:59Z", "-000001-01-01T00:00:00",
            "1899-12-31T23:59:59Z", "2201-01-01T00:00:00Z", "2200-12-31T23:00:00-05:00", "1900-01-01T00:30:00+01:00");
    private static final List<String> NONSENSE_ZONES = List.of("Nowhere/Else", "../../../etc/passwd", "+99:00",
            "GMT+99", "UTC+25:00", "Europe/Berlin\u0000", "x".repeat(2_000), "Mars/Olympus_Mons");
    private static final List<String> IMPLAUSIBLE_YEARS = List.of("999999999", "99999999999999999999", "-1", "0",
            "1899", "2201", "+999999999", "2024.5", "NaN");
    private static final List<String> EXTREME_LIMITS = List.of("0", "-1", "101", "2147483647", "2147483648",
            "-2147483649", "99999999999999999999", "1e3", "0x10", " ");

    @Test
    void everyEndpointRejectsDatesOutsideThePlausibleYearsNamingTheParameter() {
        for (String endpoint : EVERY_ENDPOINT) {
            for (String parameter : List.of("from", "to")) {
                for (String date : IMPLAUSIBLE_DATES) {
                    asNewUser().queryParam(parameter, date).when().get(INSIGHTS + endpoint)
                            .then().statusCode(400).contentType("application/problem+json")
                            .body("status", equalTo(400))
                            .body("errors[0].field", equalTo(parameter))
                            .body("errors[0].message", equalTo(PlausibleTime.outOfRange()));
                }
            }
        }
    }

    /** "?from=+999999999-01-01" typed into a URL: the '+' arrives as a space, the rest is no ISO date. */
    @Test
    void anUnencodedPlusIsStillAProblemNotAnError() {
        for (String endpoint : EVERY_ENDPOINT) {
            given().header("Authorization", bearer(newUser())).urlEncodingEnabled(false)
                    .when().get(INSIGHTS + endpoint + "?from=+999999999-01-01")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("from"));
        }
    }

    @Test
    void theEdgesOfThePlausibleYearsAreAccepted() {
        for (String endpoint : EVERY_ENDPOINT) {
            asNewUser().queryParam("from", "1900-01-01").queryParam("to", "2200-12-31T23:59:59Z")
                    .when().get(INSIGHTS + endpoint)
                    .then().statusCode(200);
        }
        asNewUser().when().get(INSIGHTS + "year/1900").then().statusCode(200).body("year", equalTo(1900));
        asNewUser().queryParam("tz", "Pacific/Kiritimati").when().get(INSIGHTS + "year/2200")
                .then().statusCode(200).body("year", equalTo(2200));
        asNewUser().queryParam("tz", "Etc/GMT+12").when().get(INSIGHTS + "year/2200")
                .then().statusCode(200).body("year", equalTo(2200));
    }

    @Test
    void yearsOutsideThePlausibleRangeAreRejectedNamingTheYear() {
        for (String year : IMPLAUSIBLE_YEARS) {
            asNewUser().when().get(INSIGHTS + "year/" + year)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("year"))
                    .body("errors[0].message", containsString(PlausibleTime.MIN_YEAR + " to " + PlausibleTime.MAX_YEAR));
        }
    }

    @Test
    void nonsenseTimeZonesAreRejectedNamingTz() {
        for (String endpoint : EVERY_ENDPOINT) {
            for (String zone : NONSENSE_ZONES) {
                asNewUser().queryParam("tz", zone).when().get(INSIGHTS + endpoint)
                        .then().statusCode(400).contentType("application/problem+json")
                        .body("errors[0].field", equalTo("tz"));
            }
        }
    }

    @Test
    void extremeLimitsAreRejectedNamingLimit() {
        for (String endpoint : LIMITED_ENDPOINTS) {
            for (String limit : EXTREME_LIMITS) {
                if (limit.isBlank()) {
                    // a blank limit is the default, not an error
                    asNewUser().queryParam("limit", limit).when().get(INSIGHTS + endpoint).then().statusCode(200);
                    continue;
                }
                asNewUser().queryParam("limit", limit).when().get(INSIGHTS + endpoint)
                        .then().statusCode(400).contentType("application/problem+json")
                        .body("errors[0].field", equalTo("limit"));
            }
        }
    }

    /** A user with no history; the (empty) snapshots accepted requests build are erased after each test. */
    private RequestSpecification asNewUser() {
        return given().header("Authorization", bearer(newUser()));
    }
}
