package io.echotune.ingestion.imports.service;

import io.echotune.commons.problem.ApiException;
import io.echotune.ingestion.imports.ImportJob;
import io.echotune.ingestion.imports.parsing.ContentSniffer;
import io.echotune.ingestion.imports.parsing.HistoryFileReader;
import io.echotune.ingestion.imports.parsing.MalformedFileException;
import io.echotune.ingestion.imports.parsing.ZipGuard;
import io.echotune.ingestion.shared.config.IngestionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The file-level checks of an upload, all done before it is accepted: every file is classified by its content and
 * every history file is read through completely once, so a broken file fails the request (400/413/415) and nothing
 * is stored. Record-level problems do not fail the upload; they are counted by the import. Blocking: runs on a
 * worker thread.
 */
@ApplicationScoped
public class UploadInspector {

    private static final Logger LOG = Logger.getLogger(UploadInspector.class);
    static final String EXPECTED = "Upload a Spotify export ZIP, extended history JSON (Streaming_History_Audio_*.json,"
            + " endsong_*.json), basic history JSON (StreamingHistory*.json) or a CSV with the extended field names as header.";

    private final IngestionConfig config;

    public UploadInspector(IngestionConfig config) {
        this.config = config;
    }

    public UploadPlan inspect(List<Upload> uploads) {
        if (uploads == null || uploads.isEmpty()) {
            throw ApiException.badRequest("The upload holds no file: send one or more multipart parts named 'file'. " + EXPECTED);
        }
        long total = 0;
        for (Upload upload : uploads) {
            total += upload.size();
        }
        if (total > config.maxUploadBytes()) {
            throw ApiException.payloadTooLarge("The upload holds " + total + " bytes; the limit is "
                    + config.maxUploadBytes() + " bytes");
        }
        List<UploadPlan.Source> sources = new ArrayList<>();
        List<ImportJob.SkippedFile> skipped = new ArrayList<>();
        try {
            for (int u = 0; u < uploads.size(); u++) {
                classify(u, uploads.get(u), sources, skipped);
            }
            if (sources.isEmpty()) {
                throw ApiException.unsupportedMediaType("No streaming-history file found in the upload (skipped: "
                        + skipped.stream().map(ImportJob.SkippedFile::name).limit(10).toList() + "). " + EXPECTED);
            }
            validate(uploads, sources);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new UploadPlan(List.copyOf(sources), List.copyOf(skipped));
    }

    private void classify(int index, Upload upload, List<UploadPlan.Source> sources,
                          List<ImportJob.SkippedFile> skipped) throws IOException {
        String name = upload.name();
        if (upload.size() == 0) {
            throw ApiException.badRequest("File '" + name + "' is empty");
        }
        ContentSniffer.Verdict verdict = ContentSniffer.sniff(() -> Files.newInputStream(upload.path()), name);
        switch (verdict.kind()) {
            case ZIP -> classifyZip(index, upload, sources, skipped);
            case HISTORY -> sources.add(new UploadPlan.Source(sources.size(), name, verdict.format(),
                    ContentSniffer.isVideoFile(name), index, null));
            case EMPTY, MALFORMED -> throw ApiException.badRequest("File '" + name + "' " + verdict.detail());
            case UNSUPPORTED -> throw ApiException.unsupportedMediaType("File '" + name + "' " + verdict.detail() + ". " + EXPECTED);
        }
    }

    private void classifyZip(int index, Upload upload, List<UploadPlan.Source> sources,
                             List<ImportJob.SkippedFile> skipped) throws IOException {
        String zipName = upload.name();
        try (ZipFile zip = new ZipFile(upload.path().toFile())) {
            if (zip.size() > config.zip().maxEntries()) {
                throw unsafe(zipName, "it lists " + zip.size() + " entries; the limit is " + config.zip().maxEntries());
            }
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            for (ZipEntry entry : entries) {
                if (ZipGuard.unsafePath(entry.getName())) {
                    throw unsafe(zipName, "entry '" + entry.getName() + "' has an absolute or parent-relative path");
                }
            }
            ZipGuard guard = SourceFiles.newGuard(config.zip());
            for (ZipEntry entry : entries) {
                if (entry.isDirectory()) {
                    continue;
                }
                String display = zipName + "/" + entry.getName();
                ContentSniffer.Verdict verdict;
                try {
                    verdict = ContentSniffer.sniff(() -> guard.guard(entry, zip.getInputStream(entry)), entry.getName());
                } catch (ZipGuard.UnsafeZipException e) {
                    throw unsafe(zipName, e.getMessage());
                } catch (ZipException e) {
                    throw ApiException.badRequest("File '" + zipName + "' is a damaged ZIP: entry '" + entry.getName()
                            + "' cannot be read (" + e.getMessage() + ")");
                }
                switch (verdict.kind()) {
                    case HISTORY -> sources.add(new UploadPlan.Source(sources.size(), display, verdict.format(),
                            ContentSniffer.isVideoFile(entry.getName()), index, entry.getName()));
                    case ZIP -> skipped.add(new ImportJob.SkippedFile(display, "a ZIP inside the ZIP is not opened"));
                    case EMPTY -> skipped.add(new ImportJob.SkippedFile(display, "empty"));
                    case UNSUPPORTED -> skipped.add(new ImportJob.SkippedFile(display, "not listening history: the file "
                            + verdict.detail()));
                    case MALFORMED -> {
                        // A file named like history must be history; anything else that is broken is just skipped.
                        if (ContentSniffer.formatFromName(entry.getName()) != null
                                || entry.getName().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                            throw ApiException.badRequest("File '" + display + "' " + verdict.detail());
                        }
                        skipped.add(new ImportJob.SkippedFile(display, "not listening history: the file " + verdict.detail()));
                    }
                }
            }
        } catch (ZipException e) {
            throw ApiException.badRequest("File '" + zipName + "' is not a readable ZIP archive (" + e.getMessage() + ")");
        }
    }

    /**
     * The first of the two streaming passes: reads every record so that structural problems surface now (record-level
     * problems are the import's to count).
     */
    private void validate(List<Upload> uploads, List<UploadPlan.Source> sources) throws IOException {
        long started = System.nanoTime();
        long records = 0;
        try (SourceFiles files = new SourceFiles(uploads.stream().map(Upload::path).toList(), config.zip())) {
            for (UploadPlan.Source source : sources) {
                try (InputStream in = files.open(source)) {
                    records += HistoryFileReader.check(in, source.format(), config.records().maxValueChars());
                } catch (MalformedFileException e) {
                    throw ApiException.badRequest("File '" + source.name() + "' " + e.getMessage());
                } catch (ZipGuard.UnsafeZipException e) {
                    throw unsafe(uploads.get(source.upload()).name(), e.getMessage());
                } catch (ZipException e) {
                    throw ApiException.badRequest("File '" + source.name() + "' cannot be inflated (" + e.getMessage() + ")");
                }
            }
        }
        long nanos = System.nanoTime() - started;
        LOG.infof("Validated %d records in %d files in %d ms (%.0f records/s)", records, sources.size(),
                nanos / 1_000_000, records * 1e9 / Math.max(nanos, 1));
    }

    private static ApiException unsafe(String zipName, String why) {
        return ApiException.badRequest("File '" + zipName + "' is an unsafe ZIP: " + why);
    }
}
