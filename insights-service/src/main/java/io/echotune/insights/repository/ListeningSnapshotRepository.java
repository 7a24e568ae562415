package io.echotune.insights.repository;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.echotune.insights.config.InsightsConfig;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.bson.types.Binary;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Stored snapshots, owned by this service: a head per user ({@code insights_snapshots}, {@code _id} = userId, see
 * {@link SnapshotHead}) and the deflated stream in chunk documents ({@code insights_snapshot_chunks},
 * {@code _id} = {@code <userId>/<stamp>/<buildId>/<n>}, carrying {@code userId} and {@code buildId} again so a
 * read can check it got exactly the build the head names). Every read and write addresses documents by {@code _id},
 * so the collections need no index but the primary key's.
 * <p>
 * Builds are written before they are committed: chunks first, then the head switches to them in one conditional
 * update ({@code stamp} unchanged), then the previous build's chunks are deleted. A build that lost the race deletes
 * its own chunks, so a user's data never outlives an erasure in an orphan chunk.
 */
@ApplicationScoped
public class ListeningSnapshotRepository {

    static final String HEADS = "insights_snapshots";
    static final String CHUNKS = "insights_snapshot_chunks";

    private final ReactiveMongoCollection<Document> heads;
    private final ReactiveMongoCollection<Document> chunks;
    private final InsightsConfig config;

    public ListeningSnapshotRepository(ReactiveMongoClient mongo, InsightsConfig config,
                                       @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.heads = mongo.getDatabase(database).getCollection(HEADS);
        this.chunks = mongo.getDatabase(database).getCollection(CHUNKS);
        this.config = config;
    }

    /** The user's head, or null when the user has none yet. */
    public Uni<SnapshotHead> head(String userId) {
        return heads.find(new FindOptions().filter(Filters.eq("_id", userId)).limit(1)
                        .maxTime(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .collect().first()
                .map(ListeningSnapshotRepository::toHead);
    }

    /** The user's head, created (with a fresh stamp and no build) if missing. */
    public Uni<SnapshotHead> ensureHead(String userId) {
        return heads.findOneAndUpdate(Filters.eq("_id", userId),
                        Updates.combine(Updates.setOnInsert("userId", userId),
                                Updates.setOnInsert("stamp", newStamp())),
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER))
                .map(ListeningSnapshotRepository::toHead);
    }

    /**
     * Marks the user's stored snapshot out of date; the next read rebuilds it. A user without a head has nothing to
     * mark (their next read builds anyway), and creating one here would bring an erased user back: an
     * {@code import.completed} can arrive after the {@code user.deleted} that removed the head.
     */
    public Uni<Void> markStale(String userId) {
        return heads.updateOne(Filters.eq("_id", userId), Updates.set("stamp", newStamp()))
                .replaceWithVoid();
    }

    /** The chunks of the head's build in order, or null when any is missing or belongs to another build or user. */
    public Uni<List<byte[]>> chunks(SnapshotHead head) {
        List<String> ids = chunkIds(head.userId(), head.builtStamp(), head.buildId(), head.chunks());
        return chunks.find(new FindOptions().filter(Filters.in("_id", ids))
                        .maxTime(config.queryTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .collect().asList()
                .map(docs -> {
                    byte[][] ordered = new byte[head.chunks()][];
                    for (Document doc : docs) {
                        Object n = doc.get("n");
                        if (!head.userId().equals(doc.getString("userId")) || !head.buildId().equals(doc.getString("buildId"))
                                || !(n instanceof Integer index) || index < 0 || index >= ordered.length
                                || !(doc.get("data") instanceof Binary data)) {
                            return null;
                        }
                        ordered[index] = data.getData();
                    }
                    for (byte[] chunk : ordered) {
                        if (chunk == null) {
                            return null;
                        }
                    }
                    return List.of(ordered);
                });
    }

    /** Stores a build's chunks (not yet visible: the head still names the previous build). */
    public Uni<Void> saveChunks(String userId, String stamp, String buildId, List<byte[]> data) {
        List<String> ids = chunkIds(userId, stamp, buildId, data.size());
        List<Document> docs = new ArrayList<>(data.size());
        for (int n = 0; n < data.size(); n++) {
            docs.add(new Document("_id", ids.get(n)).append("userId", userId).append("buildId", buildId)
                    .append("n", n).append("data", new Binary(data.get(n))));
        }
        // One document per insert: a batch of several 4 MB chunks would exceed a single message's size limit.
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Document doc : docs) {
            chain = chain.chain(() -> chunks.insertOne(doc).replaceWithVoid());
        }
        return chain;
    }

    /**
     * Makes {@code built} the user's current snapshot if the user's stamp is still {@code built.builtStamp()}, then
     * deletes the chunks of the build it replaces. Returns false (and deletes the new build's chunks) when the history
     * changed or the user was erased meanwhile.
     */
    public Uni<Boolean> commit(SnapshotHead built) {
        return heads.findOneAndUpdate(
                        Filters.and(Filters.eq("_id", built.userId()), Filters.eq("stamp", built.builtStamp())),
                        Updates.combine(
                                Updates.set("builtStamp", built.builtStamp()),
                                Updates.set("buildId", built.buildId()),
                                Updates.set("format", built.format()),
                                Updates.set("chunks", built.chunks()),
                                Updates.set("rawBytes", built.rawBytes()),
                                Updates.set("records", built.records()),
                                Updates.set("builtAt", Date.from(built.builtAt()))),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE))
                .chain(previousDoc -> {
                    if (previousDoc == null) {
                        return deleteChunks(built).replaceWith(false);
                    }
                    SnapshotHead previous = toHead(previousDoc);
                    boolean replaced = previous.buildId() != null && !previous.buildId().equals(built.buildId());
                    return (replaced ? deleteChunks(previous) : Uni.createFrom().voidItem()).replaceWith(true);
                });
    }

    /** Erases everything stored for the user: every chunk (of any build, committed or not) and the head. */
    public Uni<Void> delete(String userId) {
        // Chunk ids are <userId>/<uuid>/<uuid>/<n>: anchored at both ends, so another user's id that merely starts
        // with this one (say "ab" and "ab/x") never matches. An anchored prefix regex is a range of the _id index:
        // the chunks themselves are not read.
        Pattern ownChunks = Pattern.compile("^" + literal(userId) + "/[0-9a-f-]{36}/[0-9a-f-]{36}/[0-9]+$");
        return chunks.deleteMany(Filters.regex("_id", ownChunks))
                .chain(() -> heads.deleteOne(Filters.eq("_id", userId)))
                .replaceWithVoid();
    }

    private Uni<Void> deleteChunks(SnapshotHead build) {
        if (build.buildId() == null || build.chunks() <= 0) {
            return Uni.createFrom().voidItem();
        }
        return chunks.deleteMany(Filters.in("_id", chunkIds(build.userId(), build.builtStamp(), build.buildId(),
                build.chunks()))).replaceWithVoid();
    }

    static List<String> chunkIds(String userId, String stamp, String buildId, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            ids.add(userId + "/" + stamp + "/" + buildId + "/" + n);
        }
        return ids;
    }

    /** A regex matching {@code text} literally in both Java and PCRE: every ASCII non-alphanumeric escaped. */
    static String literal(String text) {
        StringBuilder regex = new StringBuilder(text.length() * 2);
        text.codePoints().forEach(c -> {
            boolean plain = c > 127 || Character.isLetterOrDigit(c);
            if (!plain) {
                regex.append('\\');
            }
            regex.appendCodePoint(c);
        });
        return regex.toString();
    }

    public static String newStamp() {
        return UUID.randomUUID().toString();
    }

    private static SnapshotHead toHead(Document doc) {
        if (doc == null) {
            return null;
        }
        Date builtAt = doc.getDate("builtAt");
        return new SnapshotHead(doc.getString("_id"), doc.getString("stamp"), doc.getString("builtStamp"),
                doc.getString("buildId"), intValue(doc, "format"), intValue(doc, "chunks"), intValue(doc, "rawBytes"),
                doc.get("records") instanceof Number n ? n.longValue() : 0, builtAt == null ? null : builtAt.toInstant());
    }

    private static int intValue(Document doc, String field) {
        return doc.get(field) instanceof Number n ? n.intValue() : 0;
    }
}
