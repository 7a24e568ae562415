package io.echotune.ingestion.imports.service;

import io.echotune.ingestion.imports.parsing.ZipGuard;
import io.echotune.ingestion.shared.config.IngestionConfig;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Opens the history files of an upload for one reading pass. Each ZIP is opened once per pass and every entry
 * stream is guarded by one {@link ZipGuard} per archive, so the inflation budget covers the whole pass.
 */
final class SourceFiles implements AutoCloseable {

    private static final int BUFFER = 1 << 16;

    private final List<Path> uploads;
    private final IngestionConfig.Zip limits;
    private final Map<Integer, ZipFile> archives = new HashMap<>();
    private final Map<Integer, ZipGuard> guards = new HashMap<>();

    SourceFiles(List<Path> uploads, IngestionConfig.Zip limits) {
        this.uploads = uploads;
        this.limits = limits;
    }

    InputStream open(UploadPlan.Source source) throws IOException {
        Path path = uploads.get(source.upload());
        if (source.entry() == null) {
            return new BufferedInputStream(Files.newInputStream(path), BUFFER);
        }
        ZipFile zip = archives.get(source.upload());
        if (zip == null) {
            zip = new ZipFile(path.toFile());
            archives.put(source.upload(), zip);
        }
        ZipEntry entry = zip.getEntry(source.entry());
        if (entry == null) {
            throw new IOException("ZIP entry " + source.entry() + " disappeared");
        }
        ZipGuard guard = guards.computeIfAbsent(source.upload(), u -> newGuard(limits));
        return new BufferedInputStream(guard.guard(entry, zip.getInputStream(entry)), BUFFER);
    }

    static ZipGuard newGuard(IngestionConfig.Zip limits) {
        return new ZipGuard(limits.maxUncompressedBytes(), limits.maxCompressionRatio(), limits.ratioCheckThresholdBytes());
    }

    @Override
    public void close() {
        for (ZipFile zip : archives.values()) {
            try {
                zip.close();
            } catch (IOException ignored) {
                // read-only; nothing to lose
            }
        }
        archives.clear();
    }
}
