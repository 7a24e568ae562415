package io.echotune.playlist.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * What every playlist test runs against, set up before the application starts (one resource, so all test classes
 * share one application): the {@link TestCatalog} in MongoDB, and the recommender stubbed at the HTTP level.
 */
public class PlaylistTestEnvironment implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer recommender;

    @Override
    public Map<String, String> start() {
        String mongo = System.getenv("ECHOTUNE_MONGODB_URI");
        if (mongo == null || mongo.isBlank()) {
            throw new IllegalStateException("ECHOTUNE_MONGODB_URI is not set: start the servers (make infra-up) and "
                    + "source their env file first");
        }
        TestCatalog.install(mongo);
        recommender = new WireMockServer(wireMockConfig().dynamicPort().extensions(new RecommenderStub()));
        recommender.start();
        RecommenderStub.install(recommender);
        return Map.of("quarkus.rest-client.recommender.url", recommender.baseUrl());
    }

    @Override
    public void stop() {
        if (recommender != null) {
            recommender.stop();
        }
    }

    public static WireMockServer recommender() {
        return recommender;
    }
}
