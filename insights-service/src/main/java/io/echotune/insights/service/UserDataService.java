package io.echotune.insights.service;

import io.echotune.insights.repository.InsightsCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the insights service holds of a user, erased on {@code user.deleted} and exported on request
 * (docs/privacy.md): listening snapshots in MongoDB ({@code insights_snapshots}, {@code insights_snapshot_chunks}) and
 * computed figures in Redis ({@code insights:{user}:*}). The history they are computed from is ingestion's, erased and
 * exported there. The export carries the all-time figures, as the API answers them.
 */
@ApplicationScoped
public class UserDataService {

    private static final String ALL_TIME = null;
    private static final String UTC = "UTC";
    private static final String TOP = "100";

    private final ListeningSnapshotService snapshots;
    private final InsightsCache cache;
    private final InsightsService insights;

    public UserDataService(ListeningSnapshotService snapshots, InsightsCache cache, InsightsService insights) {
        this.snapshots = snapshots;
        this.cache = cache;
        this.insights = insights;
    }

    /** Idempotent: erasing an erased user changes nothing. */
    public Uni<Void> erase(String userId) {
        return snapshots.erase(userId).chain(() -> cache.forget(userId));
    }

    /** {@code {"summary": …, "topArtists": […], …}}: each member the JSON its endpoint answers, all time, UTC. */
    public Uni<byte[]> export(String userId) {
        List<String> names = List.of("summary", "topArtists", "topTracks", "topGenres", "heatmap", "discovery", "mood");
        List<Uni<byte[]>> parts = List.of(
                insights.summary(userId, ALL_TIME, ALL_TIME, UTC),
                insights.topArtists(userId, ALL_TIME, ALL_TIME, UTC, "msPlayed", TOP),
                insights.topTracks(userId, ALL_TIME, ALL_TIME, UTC, "msPlayed", TOP),
                insights.topGenres(userId, ALL_TIME, ALL_TIME, UTC, "msPlayed", TOP),
                insights.heatmap(userId, ALL_TIME, ALL_TIME, UTC),
                insights.discovery(userId, ALL_TIME, ALL_TIME, UTC),
                insights.mood(userId, ALL_TIME, ALL_TIME, UTC));
        // one after the other: they share the user's snapshot, which the first one loads
        Uni<List<byte[]>> all = Uni.createFrom().item(new java.util.ArrayList<byte[]>());
        for (Uni<byte[]> part : parts) {
            all = all.chain(list -> part.map(bytes -> {
                list.add(bytes);
                return list;
            }));
        }
        return all.map(answers -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.writeBytes(("\"" + names.get(i) + "\":").getBytes(StandardCharsets.UTF_8));
                out.writeBytes(answers.get(i));
            }
            out.write('}');
            return out.toByteArray();
        });
    }
}
