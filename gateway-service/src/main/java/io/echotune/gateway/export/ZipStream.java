package io.echotune.gateway.export;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A ZIP written as a stream of chunks: each entry's content is compressed as it arrives and the compressed bytes are
 * passed on at once, so memory holds one chunk, never the archive. Entries are written one after the other, each
 * opened at its first chunk: a part whose source fails before sending anything is left out and listed in
 * {@link #missing()}; one that fails half-way fails the whole stream (the download breaks rather than ends with a
 * silently truncated file). Compression runs on worker threads, not the event loop.
 */
public final class ZipStream {

    /** One entry: its file name and where its content comes from (subscribed when it is its turn). */
    public record Entry(String name, Supplier<Multi<byte[]>> content) {
    }

    /** An entry whose source failed before sending anything. */
    public record Missing(String name, String reason) {
    }

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ZipOutputStream zip = new ZipOutputStream(pending);
    private final List<Missing> missing = new ArrayList<>();

    /** What failed so far; read it in the last entry's supplier to list it in the archive. */
    public List<Missing> missing() {
        return List.copyOf(missing);
    }

    /** The archive of these entries, in order. Subscribe once. */
    public Multi<byte[]> write(List<Entry> entries) {
        Multi<byte[]> body = Multi.createFrom().iterable(entries)
                .onItem().transformToMultiAndConcatenate(this::entry);
        Multi<byte[]> end = Multi.createFrom().item(() -> {
            io(zip::finish);
            return drain();
        });
        return Multi.createBy().concatenating().streams(body, end)
                .select().where(bytes -> bytes.length > 0);
    }

    private Multi<byte[]> entry(Entry entry) {
        boolean[] opened = {false};
        Multi<byte[]> content = Multi.createFrom().<byte[]>deferred(() -> entry.content().get())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(chunk -> {
                    if (!opened[0]) {
                        open(entry.name());
                        opened[0] = true;
                    }
                    io(() -> zip.write(chunk));
                    return drain();
                });
        Multi<byte[]> close = Multi.createFrom().item(() -> {
            if (!opened[0]) {
                open(entry.name());   // an empty part is an empty file, not a missing one
            }
            io(zip::closeEntry);
            return drain();
        });
        return Multi.createBy().concatenating().streams(content, close)
                .onFailure().recoverWithMulti(failure -> {
                    if (opened[0]) {
                        return Multi.createFrom().failure(failure);
                    }
                    missing.add(new Missing(entry.name(), failure.getMessage() == null
                            ? failure.getClass().getSimpleName() : failure.getMessage()));
                    return Multi.createFrom().empty();
                });
    }

    private void open(String name) {
        io(() -> zip.putNextEntry(new ZipEntry(name)));
    }

    private byte[] drain() {
        byte[] bytes = pending.toByteArray();
        pending.reset();
        return bytes;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
