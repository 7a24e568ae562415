package io.echotune.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "echotune.gateway")
public interface GatewayConfig {

    /** Whether {@code POST /api/v1/auth/local} creates accounts; when off it answers 404. */
    @WithDefault("false")
    boolean localAccountsEnabled();

    /** Base URL of each backend service by name: chat, llm-router, recommender, playlist, ingestion, insights. */
    Map<String, URI> services();

    Session session();

    InternalToken internalToken();

    AccessTokens accessTokens();

    RateLimit rateLimit();

    Limits limits();

    Spotify spotify();

    SpotifySync spotifySync();

    Erasure erasure();

    Outbox outbox();

    Export export();

    /**
     * The operator credential (ECHOTUNE_ADMIN_TOKEN, at least 32 characters, from the environment only): presented as
     * {@code Authorization: Bearer <it>}, it opens {@code /api/v1/admin/**} as the fixed operator identity with
     * scope {@code admin}. Unset: no admin access at all.
     */
    Optional<String> adminToken();

    /**
     * Base64 of a 32-byte AES key that encrypts Spotify tokens at rest (ECHOTUNE_TOKEN_ENCRYPTION_KEY). Spotify
     * sign-in stays off without it.
     */
    Optional<String> tokenEncryptionKey();

    /**
     * Each backend service's own credential for the gateway's service-only endpoints, by service name (today only
     * {@code playlist}: ECHOTUNE_PLAYLIST_SERVICE_KEY). Presented as {@code Authorization: Service <key>} to
     * {@code POST /internal/v1/delegations/exchange}; at least 32 characters, compared in constant time, never logged.
     * Unset: that service cannot exchange delegations.
     */
    ServiceKeys serviceKeys();

    Delegation delegation();

    Partners partners();

    interface Partners {
        /** Lifetime of a partner access token ({@code expires_in} of {@code POST /oauth/token}). */
        @WithDefault("PT1H")
        Duration tokenTtl();

        /** Most partner clients an operator may register (each is a metrics tag value, so their number is bounded). */
        @WithDefault("1000")
        int maxClients();
    }

    interface ServiceKeys {
        /** playlist-service's key (scheduled refreshes exchange their delegation with it). */
        Optional<String> playlist();
    }

    interface Delegation {
        /**
         * How long a delegation (a user's lasting consent to one kind of background work, e.g. a playlist's scheduled
         * refresh) stays exchangeable. The user renews it by setting the schedule again.
         */
        @WithDefault("P400D")
        Duration ttl();
    }

    interface Spotify {
        /** The Spotify app's client id (SPOTIFY_CLIENT_ID); Spotify sign-in is off without it. */
        Optional<String> clientId();

        /** The app's client secret, for confidential apps; PKCE alone works without one. */
        Optional<String> clientSecret();

        /** Where Spotify sends the browser back; must be registered with the app (Spotify wants 127.0.0.1, not localhost). */
        @WithDefault("http://127.0.0.1:8080/auth/callback")
        URI redirectUri();

        /**
         * Scopes asked for at sign-in: the profile, the recently played tracks (the listening sync), and writing the
         * playlists EchoTune saves.
         */
        @WithDefault("user-read-private user-read-recently-played playlist-modify-private playlist-modify-public")
        String scopes();

        /** Spotify's accounts service (authorize and token endpoints). */
        @WithDefault("https://accounts.spotify.com")
        URI accountsUrl();

        /** How long a started sign-in may take before its state expires. */
        @WithDefault("PT10M")
        Duration signInTimeout();
    }

    /**
     * The Spotify listening sync (service.SpotifySyncScheduler, docs/privacy.md "Spotify sync"); it only runs while
     * Spotify sign-in is configured (client id and token encryption key).
     */
    interface SpotifySync {
        /** Whether this replica runs the sync (ECHOTUNE_SPOTIFY_SYNC_ENABLED). */
        @WithDefault("true")
        boolean enabled();

        /**
         * How often one user's recently played tracks are read (ECHOTUNE_SPOTIFY_SYNC_INTERVAL). Spotify lists only
         * the last 50 plays, so it must stay well under 50 plays' time (25 minutes of 30-second plays).
         */
        @WithDefault("PT15M")
        Duration interval();

        /** How often a replica looks for users who are due (ECHOTUNE_SPOTIFY_SYNC_TICK). */
        @WithDefault("PT30S")
        Duration tick();

        /** Users one replica claims and syncs per tick, one after the other (ECHOTUNE_SPOTIFY_SYNC_BATCH_SIZE). */
        @WithDefault("20")
        int batchSize();

        /** Plays asked for per call to Spotify, 1-50 (ECHOTUNE_SPOTIFY_SYNC_PAGE_SIZE). */
        @WithDefault("50")
        int pageSize();

        /**
         * How long a replica holds the users it claimed; past it another replica may sync them. Longer than a run
         * can take (each call is bounded by its read timeout).
         */
        @WithDefault("PT5M")
        Duration lease();
    }

    interface Session {
        /** Name of the browser session cookie. */
        @WithDefault("echotune_session")
        String cookieName();

        /** How long a browser session lasts after sign-in. */
        @WithDefault("P30D")
        Duration ttl();

        /** Mark the cookie Secure; turn on behind TLS (the Kubernetes overlays do). */
        @WithDefault("false")
        boolean secureCookie();
    }

    interface InternalToken {
        /** Lifetime of the identity token forwarded to services: short, so a leaked one is soon useless. */
        @WithDefault("PT60S")
        Duration ttl();
    }

    interface AccessTokens {
        /**
         * How long a replica trusts an access token it has looked up without asking PostgreSQL again. Revocation
         * evicts at once on every replica (Redis channel); this bounds it only when that message is lost.
         * 0 turns the cache off.
         */
        @WithDefault("PT10S")
        Duration cacheTtl();

        /** Tokens one replica keeps verified at most. */
        @WithDefault("20000")
        int cacheSize();
    }

    interface RateLimit {
        /**
         * Cost units per minute one user may spend through the gateway. A plain call costs 1; expensive ones cost
         * more (routing.RequestCost: an LLM or chat message 10, a recommendation 5, an import 20).
         */
        @WithDefault("1200")
        int requestsPerUserPerMinute();

        /** Local accounts one client address may create per hour. */
        @WithDefault("30")
        int signUpsPerAddressPerHour();

        /**
         * Requests without valid credentials one client address may make per minute: sign-in starts and callbacks,
         * sign-ups, and calls that present no credential. Bounds what an anonymous client can make the gateway do.
         */
        @WithDefault("120")
        int anonymousPerAddressPerMinute();

        /**
         * Failed authentications (a bearer token or session that is not valid) one client address may cause per
         * minute; past it the address gets 429 before any credential is looked up, so guessing tokens costs the
         * database nothing.
         */
        @WithDefault("30")
        int failedAuthPerAddressPerMinute();
    }

    interface Limits {
        /** Largest request body forwarded to a service, in bytes, except imports. */
        @WithDefault("2097152")
        long maxBodyBytes();

        /** Largest import upload forwarded to the ingestion service, in bytes. */
        @WithDefault("1073741824")
        long maxImportBytes();

        /** Largest display name or token name accepted, in characters. */
        @WithDefault("100")
        int maxNameLength();

        /** Most personal access tokens one user may hold. */
        @WithDefault("50")
        int maxTokensPerUser();

        /**
         * Calls one gateway replica forwards to one service at the same time; past it a call is answered 503 with
         * Retry-After at once instead of queueing behind the others until clients time out. Size it to what the
         * service's replicas answer in time (operations.md "Overload").
         */
        @WithDefault("32")
        int maxInFlightPerService();
    }

    interface Erasure {
        /**
         * The services that hold user data and must report {@code user.erasure.completed} before an erasure is
         * COMPLETED (the gateway adds itself). Every one of them consumes {@code echotune.user-events}.
         */
        @WithDefault("chat,llm-router,recommender,playlist,ingestion,insights")
        java.util.List<String> services();

        /** How long a completed erasure's status (no personal data: ids and times) stays readable. */
        @WithDefault("P30D")
        Duration keepStatus();
    }

    interface Outbox {
        /** How often each replica's relay looks for events not yet sent (an erasure also wakes it at once). */
        @WithDefault("PT1S")
        Duration pollInterval();

        /** How long a relay holds the events it claimed; past it another replica may send them again. */
        @WithDefault("PT30S")
        Duration lease();

        /** Events one relay claims at a time. */
        @WithDefault("50")
        int batchSize();

        /**
         * How long a send may wait for the broker's acknowledgement before the event is tried again later; longer than
         * the producer's own {@code delivery.timeout.ms} (20 s), so the producer gives up first.
         */
        @WithDefault("PT30S")
        Duration sendTimeout();
    }

    interface Export {
        /**
         * The parts of {@code GET /api/v1/me/export} that services provide, as {@code <file name>=<service>}: the
         * gateway streams {@code GET /internal/v1/export/<file name>} of that service into the ZIP, in this order.
         */
        @WithDefault("chats.json=chat,playlists.json=playlist,feedback.json=recommender,taste-profile.json=recommender,"
                + "insights.json=insights,imports.json=ingestion,Streaming_History_Audio_0.json=ingestion,"
                + "Streaming_History_Video_0.json=ingestion")
        java.util.List<String> parts();

        /** How long one part may go without sending a byte before the export is cut off. */
        @WithDefault("PT60S")
        Duration idleTimeout();
    }
}
