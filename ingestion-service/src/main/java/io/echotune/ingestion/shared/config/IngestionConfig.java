package io.echotune.ingestion.shared.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "echotune.ingestion")
public interface IngestionConfig {

    /**
     * The most bytes one upload (all its files together) may hold. Also feeds
     * {@code quarkus.http.limits.max-body-size}, so a larger body is cut off while it streams in.
     */
    @WithDefault("1073741824")
    long maxUploadBytes();

    /**
     * Where accepted uploads wait for their import worker; each import gets a sub-directory, removed when it ends
     * (env {@code ECHOTUNE_INGESTION_STAGING_DIRECTORY}; the local stack sets {@code $DATA_DIR/ingestion/staging}).
     * The default is per instance, not one path for the whole host: it carries this instance's HTTP port, which no
     * other process on the host holds while this one runs, and stays the same across restarts so that interrupted
     * imports are found again. Kubernetes pods stage under their own /tmp emptyDir (the root file system is
     * read-only, so a path under the working directory would not do). Whatever the directory, start-up recovery
     * only deletes what it can prove is its own (see ImportRecovery).
     */
    @WithDefault("${java.io.tmpdir}/echotune-ingestion-${quarkus.http.port:8085}/staging")
    String stagingDirectory();

    /** How many imports are parsed at the same time on this instance; more wait in QUEUED. */
    @WithDefault("2")
    int parallelImports();

    /** Zip safety limits, checked while the archive is read (header sizes are never trusted). */
    Zip zip();

    /** Record-level validation. */
    Records records();

    /** What one user may have in flight at once (issue 15: one user must not fill the staging disk or the workers). */
    PerUser perUser();

    /** The Kafka leg of the pipeline. */
    Pipeline pipeline();

    /** GET /api/v1/history paging. */
    History history();

    /** The track catalog loader (admin endpoints and the first-start load). */
    Catalog catalog();

    /** The enrichment of imported tracks with audio features and genres. */
    Enrichment enrichment();

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

        /** The most plays one call of the Spotify sync may hand over (rest.SyncedPlaysResource). */
        @WithDefault("500")
        int maxSyncedPlaysPerCall();

        /**
         * How far apart the end times of a synced play and an exported play of the same track may be for both to be
         * the one play (service.SyncedPlayMatching). Spotify lists a play only after 30 s of it, so two listed plays
         * of one track end at least 30 s apart: a window under half of that can never join two of them.
         */
        @WithDefault("PT15S")
        Duration syncMatchWindow();

        /** How many rejections (file, record number, reason) an import keeps; all are counted. */
        @WithDefault("100")
        int maxErrorsKept();

        /**
         * The longest name a record may carry (track, artist, album, episode, show, audiobook, chapter), in
         * characters (UTF-16 units); a longer one rejects the record. Real names stay far below 1,000.
         */
        @WithDefault("1000")
        int maxNameChars();

        /** The longest URI a record may carry ({@code spotify:track:<22 characters>} is 36). */
        @WithDefault("200")
        int maxUriChars();

        /** The longest {@code platform} (older exports write long device strings, about 100 characters). */
        @WithDefault("500")
        int maxPlatformChars();

        /** The longest short code: {@code reason_start}, {@code reason_end}, {@code conn_country}. */
        @WithDefault("100")
        int maxCodeChars();

        /**
         * The longest single text value the parser reads at all (Jackson's StreamReadConstraints.maxStringLength),
         * above every field limit: it bounds the memory one value can take (two bytes a character) whatever the
         * file holds. A known field holding a longer value makes the whole file unreadable: the upload is refused
         * with 400 naming the file, record and field. Unknown fields are skipped without being held in memory.
         */
        @WithDefault("100000")
        int maxValueChars();
    }

    interface PerUser {
        /** Imports one user may have QUEUED or RUNNING at once; one more upload is answered 429 with Retry-After. */
        @WithDefault("2")
        int maxUnfinishedImports();

        /**
         * Bytes of staged uploads one user's unfinished imports may hold together, the new upload included (each
         * upload may hold up to max-upload-bytes); more is answered 429.
         */
        @WithDefault("2147483648")
        long maxStagedBytes();

        /** The Retry-After of those 429 answers: about how long an import of a large export takes. */
        @WithDefault("PT60S")
        Duration retryAfter();
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

        /** Records carried by one Kafka message at most (one MongoDB bulk write on the consumer side). */
        @WithDefault("500")
        int recordsPerMessage();

        /**
         * Bytes of JSON one Kafka message of records may hold at most: a batch is cut before it would grow past
         * this, whatever its record count, so long text fields never make a message the broker refuses. Keep it
         * below the broker's/topic's {@code message.max.bytes} (default 1,048,588) and the producer's
         * {@code max.request.size} (4 MiB here) with margin for Kafka's own framing.
         */
        @WithDefault("900000")
        int maxMessageBytes();

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

    interface Catalog {
        /**
         * The directory of catalog CSV files that {@code POST /api/v1/admin/catalog/loads} without files loads, and
         * that is loaded at start-up while no catalog has been loaded yet (ECHOTUNE_CATALOG). Unset: only uploads.
         */
        Optional<String> directory();

        /** Whether start-up loads {@link #directory()} when {@code catalog_meta} is absent and the directory exists. */
        @WithDefault("true")
        boolean loadAtStart();

        /** Tracks (artists, names) compared and written per MongoDB round trip. */
        @WithDefault("1000")
        int writeBatch();

        /** The most CSV files one upload may hold. */
        @WithDefault("50")
        int maxFiles();

        /** A RUNNING load without a heartbeat for this long is taken as abandoned (its instance died). */
        @WithDefault("PT2M")
        Duration staleAfter();
    }

    interface Enrichment {
        /** Whether this instance runs the enrichment requester and workers. */
        @WithDefault("true")
        boolean enabled();

        /** Topic of enrichment.requested, keyed by track key. */
        @WithDefault("echotune.enrichment-requests")
        String requestTopic();

        /** Topic of track.features-resolved, keyed by track id. */
        @WithDefault("echotune.track-features")
        String featuresTopic();

        /** Consumer group that turns import.completed into enrichment requests. */
        @WithDefault("ingestion-enrichment-requester")
        String requesterGroup();

        /** Consumer group of the enrichment workers. */
        @WithDefault("ingestion-enrichment")
        String workerGroup();

        /** Enrichment worker consumers on this instance (each a thread; at most one per partition is useful). */
        @WithDefault("1")
        int workerThreads();

        /** Requests one worker handles together (one catalog lookup, batched provider calls). */
        @WithDefault("200")
        int batchSize();

        /**
         * How many distinct users must have imported an artist + title with the same Spotify URI before that name
         * resolves to it for everyone's URI-less records (basic exports). One user alone never decides it: anyone can
         * upload any names next to any URI.
         */
        @WithDefault("3")
        int nameClaimQuorum();

        /** Unique tracks of one import that are enriched; more are neither counted nor requested. */
        @WithDefault("200000")
        int maxTracksPerImport();

        /** How long the progress stream keeps following a completed import while its tracks are being enriched. */
        @WithDefault("PT2M")
        Duration progressFollow();

        /** Features providers, asked in this order for tracks the catalog cannot resolve (reccobeats, spotify). */
        @WithDefault("reccobeats,spotify")
        List<String> providerOrder();

        /** The circuit breaker of each provider (named {@code features-provider-<name>}). */
        Breaker breaker();

        /** Provider answers cached in Redis. */
        Cache cache();

        /** ReccoBeats' public API (free, keyless). */
        ReccoBeats reccobeats();

        /** Spotify's GET /v1/audio-features, for apps that still have access (client credentials). */
        Spotify spotify();

        /** The longest Retry-After a worker waits out before asking the provider again; longer ones skip it. */
        @WithDefault("PT10S")
        Duration maxRetryWait();

        /** Retry-After assumed when a 429 carries none. */
        @WithDefault("PT60S")
        Duration defaultRetryAfter();
    }

    interface Breaker {
        /** How many recent calls the failure ratio is computed over. */
        @WithDefault("4")
        int requestVolume();

        /** The share of failed calls among the recent ones that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker refuses calls before letting a trial call through. */
        @WithDefault("PT60S")
        Duration delay();

        /** How many trial calls must succeed to close the breaker again. */
        @WithDefault("1")
        int successThreshold();
    }

    interface Cache {
        /** Whether provider answers are cached at all. */
        @WithDefault("true")
        boolean enabled();

        /** How long found features are kept. */
        @WithDefault("P30D")
        Duration ttl();

        /** How long "the provider does not know this track" is kept. */
        @WithDefault("P1D")
        Duration missTtl();

        /** A Redis round trip slower than this counts as a miss (the cache is best effort). */
        @WithDefault("PT1S")
        Duration timeout();
    }

    interface ReccoBeats {
        /** Off by default: no network calls unless configured. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("https://api.reccobeats.com")
        String baseUrl();

        /** Ids per GET /v1/audio-features call (the API refuses more than 40). */
        @WithDefault("40")
        int batchSize();

        /** How long one call may take. */
        @WithDefault("PT10S")
        Duration timeout();
    }

    interface Spotify {
        /** Off by default; Spotify serves audio features only to apps that had access before 2024-11-27. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("https://api.spotify.com")
        String baseUrl();

        /** The accounts service that issues client-credentials tokens. */
        @WithDefault("https://accounts.spotify.com")
        String accountsUrl();

        /** The app's client id (from the environment). */
        Optional<String> clientId();

        /** The app's client secret (from the environment, never committed). */
        Optional<String> clientSecret();

        /** Ids per call (the API accepts up to 100). */
        @WithDefault("100")
        int batchSize();

        /** How long one call may take. */
        @WithDefault("PT10S")
        Duration timeout();
    }
}
