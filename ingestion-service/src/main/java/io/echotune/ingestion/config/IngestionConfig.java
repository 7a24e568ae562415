package io.echotune.ingestion.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "echotune.ingestion")
public interface IngestionConfig {

    /**
     * The most bytes one upload (all its files together) may hold. Also feeds
     * {@code quarkus.http.limits.max-body-size}, so a larger body is cut off while it streams in.
     */
    @WithDefault("1073741824")
    long maxUploadBytes();

    /** Where accepted uploads wait for their import worker; each import gets a sub-directory, removed when it ends. */
    @WithDefault("${java.io.tmpdir}/echotune-ingestion/staging")
    String stagingDirectory();

    /** How many imports are parsed at the same time on this instance; more wait in QUEUED. */
    @WithDefault("2")
    int parallelImports();

    /** Zip safety limits, checked while the archive is read (header sizes are never trusted). */
    Zip zip();

    /** Record-level validation. */
    Records records();

    /** The Kafka leg of the pipeline. */
    Pipeline pipeline();

    /** GET /api/v1/history paging. */
    History history();

    interface Zip {
        /** The most entries a ZIP may list. */
        @WithDefault("10000")
        int maxEntries();

        /** The most bytes all entries of one ZIP may inflate to, counted as they inflate. */
        @WithDefault("4294967296")
        long maxUncompressedBytes();

        /** The highest inflated/compressed ratio of one entry; JSON exports compress about 10-30x. */
        @WithDefault("100")
        int maxCompressionRatio();

        /** Entries smaller than this are not ratio-checked (tiny files compress oddly well). */
        @WithDefault("1048576")
        long ratioCheckThresholdBytes();
    }

    interface Records {
        /** The longest believable single play; a longer ms_played is rejected as absurd. */
        @WithDefault("PT24H")
        Duration maxPlayed();

        /** How far in the future an end time may be (clock skew) before the record is rejected. */
        @WithDefault("PT24H")
        Duration futureTolerance();

        /** How many rejections (file, record number, reason) an import keeps; all are counted. */
        @WithDefault("100")
        int maxErrorsKept();
    }

    interface Pipeline {
        /** Topic of the normalised listening records and the per-import seal marker. */
        @WithDefault("echotune.listening-events")
        String listeningTopic();

        /** Topic of import lifecycle events (import.completed). */
        @WithDefault("echotune.import-events")
        String importTopic();

        /** Consumer group of the history writer. */
        @WithDefault("ingestion-history-writer")
        String writerGroup();

        /** Records carried by one Kafka message (one MongoDB bulk write on the consumer side). */
        @WithDefault("500")
        int recordsPerMessage();

        /** Consumers of the writer group run by this instance (each a thread; at most one per partition is useful). */
        @WithDefault("1")
        int writerThreads();

        /** Whether this instance runs the history writer at all. */
        @WithDefault("true")
        boolean writerEnabled();

        /** How long one send may wait for the broker's acknowledgement. */
        @WithDefault("PT30S")
        Duration sendTimeout();

        /** How often the progress stream re-reads an import's state. */
        @WithDefault("PT0.5S")
        Duration progressInterval();
    }

    interface History {
        /** Items per page when the caller gives no limit. */
        @WithDefault("50")
        int defaultLimit();

        /** The largest page a caller may ask for. */
        @WithDefault("500")
        int maxLimit();
    }
}
