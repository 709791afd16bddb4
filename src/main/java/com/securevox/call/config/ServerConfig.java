package com.securevox.call.config;

import com.securevox.call.media.MediaSetting;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The validated, immutable settings of one server run. Built by {@link ConfigLoader}; the compact constructor
 * re-checks the invariants so a hand-built config (tests, embedding) cannot be one the loader would have refused.
 *
 * @param jwtSecretGenerated whether {@code jwtSecret} was made up for this run (development only): the operator must
 *     be shown it once, and tokens signed with it die with the process
 * @param apiKeyGenerated likewise for {@code apiKey}
 * @param djangoBackendUrl base URL of the Django backend, without trailing slash; empty when Django verification is
 *     off
 * @param djangoVerifyPath path appended to {@code djangoBackendUrl} to verify a user's Django token
 * @param publicOrigins the origins browsers reach this server at (normalised, http or https), such as the name a
 *     proxy in front serves it under: pages from them are the server's own, see {@link #allowsOrigin(String)}
 * @param pingInterval how often Engine.IO pings a client
 * @param pingTimeout how long a pinged client has to answer before its session is closed
 * @param httpIdleTimeout how long an HTTP connection with no request in progress stays open
 * @param demo whether {@code /} serves the demo call page (development by default; production only when asked for)
 * @param tls HTTPS and WSS on our own port, when configured
 * @param behindProxy a proxy in front terminates TLS, so plain HTTP here is expected
 * @param trustedProxies connections from these networks may name the client in {@code X-Forwarded-For}
 * @param turn TURN relays handed to clients with minted credentials, and whether this server runs coturn
 * @param sfu the SFU group calls go through: none, a Janus run by the operator, or one this server runs
 * @param media whether calls use the SFU: {@code auto} (the call logic decides; mesh without an SFU), always mesh, or
 *     always the SFU
 * @param webhook where call events are posted, signed, when configured
 * @param recording where recordings are kept, for how long, and what is recorded
 * @param ring how long a ring rings, and how many invites a user may send
 * @param quality how long call quality timelines are kept, and when a participant's low quality raises an alert
 * @param push the push providers that wake called phones (FCM, APNs), each when configured
 * @param cluster this node's id, and the Redis it shares calls through with other nodes when clustering is on
 * @param admin who may sign in to the admin dashboard besides the API key
 * @param warnings things that work but are probably a mistake, for the caller to log once at start-up
 */
public record ServerConfig(
        Mode mode,
        String host,
        int port,
        Secret jwtSecret,
        boolean jwtSecretGenerated,
        Secret apiKey,
        boolean apiKeyGenerated,
        Optional<URI> djangoBackendUrl,
        String djangoVerifyPath,
        Duration reconnectGrace,
        Duration tokenTtl,
        int maxParticipants,
        CorsPolicy cors,
        Set<String> publicOrigins,
        Duration drainTimeout,
        Duration authTimeout,
        Duration pingInterval,
        Duration pingTimeout,
        Duration httpIdleTimeout,
        List<IceServer> iceServers,
        EventRateLimit eventRateLimit,
        LogFormat logFormat,
        int ioThreads,
        boolean demo,
        Optional<TlsConfig> tls,
        boolean behindProxy,
        TrustedProxies trustedProxies,
        TurnSettings turn,
        SfuSettings sfu,
        MediaSetting media,
        HistoryDatabase database,
        int historyQueue,
        Optional<Secret> metricsToken,
        Optional<WebhookConfig> webhook,
        RecordingSettings recording,
        RingSettings ring,
        QualitySettings quality,
        PushConfig push,
        ClusterConfig cluster,
        AdminSettings admin,
        List<String> warnings) {

    public static final int MIN_PRODUCTION_JWT_SECRET_BYTES = 32;
    public static final int MIN_PRODUCTION_API_KEY_CHARS = 16;
    public static final int MAX_PARTICIPANTS_LIMIT = 1000;
    public static final int MAX_IO_THREADS = 256;
    public static final int MAX_HISTORY_QUEUE = 1_000_000;
    /**
     * Longest ping interval and ping timeout: a dead client holds its place in a call for up to both, and mobile NATs
     * and proxies (nginx's {@code proxy_read_timeout} is 60 s by default) drop connections that stay quiet for long.
     */
    public static final Duration MAX_PING = Duration.ofMinutes(5);
    /** Longest HTTP idle timeout: an idle connection costs a socket and a buffer, and browsers reopen them cheaply. */
    public static final Duration MAX_HTTP_IDLE_TIMEOUT = Duration.ofHours(1);

    public ServerConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(jwtSecret, "jwtSecret");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(djangoBackendUrl, "djangoBackendUrl");
        Objects.requireNonNull(djangoVerifyPath, "djangoVerifyPath");
        Objects.requireNonNull(reconnectGrace, "reconnectGrace");
        Objects.requireNonNull(tokenTtl, "tokenTtl");
        Objects.requireNonNull(cors, "cors");
        publicOrigins = Set.copyOf(Objects.requireNonNull(publicOrigins, "publicOrigins"));
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(authTimeout, "authTimeout");
        requireBetween("pingInterval", pingInterval, MAX_PING);
        requireBetween("pingTimeout", pingTimeout, MAX_PING);
        requireBetween("httpIdleTimeout", httpIdleTimeout, MAX_HTTP_IDLE_TIMEOUT);
        Objects.requireNonNull(eventRateLimit, "eventRateLimit");
        Objects.requireNonNull(logFormat, "logFormat");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(turn, "turn");
        Objects.requireNonNull(sfu, "sfu");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(metricsToken, "metricsToken");
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(ring, "ring");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(push, "push");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(admin, "admin");
        iceServers = List.copyOf(iceServers);
        warnings = List.copyOf(warnings);

        if (host.isBlank()) {
            throw new IllegalArgumentException("host: blank (expected: a host name or IP address)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
        }
        djangoBackendUrl.ifPresent(ServerConfig::requireHttpUrl);
        for (String origin : publicOrigins) {
            boolean web = origin.startsWith("http://") || origin.startsWith("https://");
            if (!web || !CorsPolicy.normalise(origin).map(origin::equals).orElse(false)) {
                throw new IllegalArgumentException("publicOrigins: '" + origin
                        + "' (expected: a normalised http or https origin such as https://call.example.com)");
            }
        }
        if (!djangoVerifyPath.startsWith("/")) {
            throw new IllegalArgumentException(
                    "djangoVerifyPath: '" + djangoVerifyPath + "' (expected: starting with /)");
        }
        requireNotNegative("reconnectGrace", reconnectGrace);
        requireNotNegative("drainTimeout", drainTimeout);
        if (tokenTtl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("tokenTtl: " + tokenTtl + " (expected: at least 1s)");
        }
        if (authTimeout.isZero() || authTimeout.isNegative()) {
            throw new IllegalArgumentException("authTimeout: " + authTimeout + " (expected: > 0)");
        }
        if (ioThreads < 0 || ioThreads > MAX_IO_THREADS) {
            throw new IllegalArgumentException("ioThreads: " + ioThreads + " (expected: 0 to " + MAX_IO_THREADS + ")");
        }
        if (historyQueue < 1 || historyQueue > MAX_HISTORY_QUEUE) {
            throw new IllegalArgumentException(
                    "historyQueue: " + historyQueue + " (expected: 1 to " + MAX_HISTORY_QUEUE + ")");
        }
        if (maxParticipants < 1 || maxParticipants > MAX_PARTICIPANTS_LIMIT) {
            throw new IllegalArgumentException(
                    "maxParticipants: " + maxParticipants + " (expected: 1 to " + MAX_PARTICIPANTS_LIMIT + ")");
        }
        if (media == MediaSetting.SFU && sfu.mode() == SfuMode.OFF) {
            throw new IllegalArgumentException("media: sfu with the SFU off (expected: an SFU, or media auto or mesh)");
        }
        if (sfu instanceof SfuSettings.Managed janus && turn.managed().isPresent()) {
            TurnSettings.Managed coturn = turn.managed().get();
            if (janus.rtpPorts().overlaps(new PortRange(coturn.minRelayPort(), coturn.maxRelayPort()))) {
                throw new IllegalArgumentException(
                        "sfu rtp ports: " + janus.rtpPorts() + " overlap the turn relay ports " + coturn.minRelayPort()
                                + "-" + coturn.maxRelayPort() + " (expected: separate ranges)");
            }
        }
        if (cluster.clustered() && database instanceof HistoryDatabase.Sqlite) {
            throw new IllegalArgumentException(
                    "cluster: redis with the history on sqlite (expected: a postgresql history database)");
        }
        if (mode == Mode.PRODUCTION) {
            if (jwtSecretGenerated || apiKeyGenerated) {
                throw new IllegalArgumentException("generated secrets: not allowed in production");
            }
            if (jwtSecret.byteLength() < MIN_PRODUCTION_JWT_SECRET_BYTES) {
                throw new IllegalArgumentException("jwtSecret: " + jwtSecret.byteLength()
                        + " bytes (expected: at least " + MIN_PRODUCTION_JWT_SECRET_BYTES + " in production)");
            }
            if (apiKey.characterCount() < MIN_PRODUCTION_API_KEY_CHARS) {
                throw new IllegalArgumentException("apiKey: " + apiKey.characterCount()
                        + " characters (expected: at least " + MIN_PRODUCTION_API_KEY_CHARS + " in production)");
            }
        }
    }

    /**
     * Whether a browser page from {@code origin} (an {@code Origin} header value; {@code null} when there is none)
     * may use the server: an origin allowed by CORS, or one of the server's public origins. The transport also
     * accepts the server's own origin on {@code localhost} and IP addresses, which it judges by the {@code Host}
     * header; a name is only the server's own when it is listed here, because with DNS rebinding any page can
     * address us by a name it controls.
     */
    public boolean allowsOrigin(String origin) {
        return cors.allows(origin)
                || CorsPolicy.normalise(origin).map(publicOrigins::contains).orElse(false);
    }

    /** The URL to ask Django who a user is, when Django verification is on. */
    public Optional<URI> djangoVerifyUrl() {
        return djangoBackendUrl.map(base -> URI.create(base + djangoVerifyPath));
    }

    /** A multi-line summary safe to log: secrets are never shown, only whether they were set or generated. */
    public String describe() {
        String ice =
                iceServers.stream().flatMap(server -> server.urls().stream()).collect(Collectors.joining(", "));
        String corsText = cors.anyOrigin()
                ? "any"
                : cors.origins().isEmpty()
                        ? "none (same origin only)"
                        : String.join(", ", cors.origins().stream().sorted().toList());
        return String.join(
                "\n",
                "mode: " + mode.wireName(),
                "listen: " + host + ":" + port,
                "jwt secret: *** (" + (jwtSecretGenerated ? "generated for this run" : "configured") + ")",
                "api key: *** (" + (apiKeyGenerated ? "generated for this run" : "configured") + ")",
                "django verification: " + djangoVerifyUrl().map(URI::toString).orElse("off"),
                "reconnect grace: " + Durations.format(reconnectGrace),
                "token ttl: " + Durations.format(tokenTtl),
                "max participants: " + maxParticipants,
                "cors origins: " + corsText,
                "public origins: "
                        + (publicOrigins.isEmpty()
                                ? "none (own pages on localhost and IP addresses only)"
                                : String.join(
                                        ", ", publicOrigins.stream().sorted().toList())),
                "drain timeout: " + Durations.format(drainTimeout),
                "auth timeout: " + Durations.format(authTimeout),
                "ping interval: " + Durations.format(pingInterval) + ", timeout " + Durations.format(pingTimeout),
                "http idle timeout: " + Durations.format(httpIdleTimeout),
                "ice servers: " + (ice.isEmpty() ? "none" : ice),
                "event rate limit: " + eventRateLimit.perSecond() + "/s, burst " + eventRateLimit.burst(),
                "log format: " + logFormat.wireName(),
                "io threads: " + (ioThreads == 0 ? "default (one per core)" : ioThreads),
                "demo page: " + (demo ? "on" : "off"),
                "tls: "
                        + tls.map(t -> "on (" + t.certificate() + ", checked every "
                                        + Durations.format(t.reloadInterval()) + ")")
                                .orElse(behindProxy ? "off (behind a proxy)" : "off"),
                "trusted proxies: " + trustedProxies.describe(),
                "turn: " + turn.describe(),
                "sfu: " + sfu.describe(),
                "media: " + media.wireName()
                        + (media == MediaSetting.AUTO && sfu.mode() == SfuMode.OFF ? " (mesh: no SFU)" : ""),
                "history: " + database.describe() + ", queue " + historyQueue,
                "metrics token: " + (metricsToken.isPresent() ? "*** (configured)" : "none (/metrics is open)"),
                "webhooks: " + webhook.map(WebhookConfig::describe).orElse("off"),
                "recordings: " + recording.describe(),
                "ringing: " + ring.describe(),
                "call quality: " + quality.describe(),
                "push: " + push.describe(),
                "cluster: " + cluster.describe(),
                "admin sign-in: " + admin.describe());
    }

    private static void requireBetween(String name, Duration d, Duration max) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + ": " + Durations.format(d) + " (expected: > 0)");
        }
        // The transport counts these in milliseconds.
        if (d.toMillis() < 1) {
            throw new IllegalArgumentException(name + ": " + Durations.format(d) + " (expected: at least 1ms)");
        }
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    name + ": " + Durations.format(d) + " (expected: at most " + Durations.format(max) + ")");
        }
    }

    private static void requireNotNegative(String name, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: >= 0)");
        }
    }

    private static void requireHttpUrl(URI url) {
        boolean http = "http".equals(url.getScheme()) || "https".equals(url.getScheme());
        // The URL is logged by describe(), so credentials in it would leak; they are refused, not masked.
        if (!http
                || url.getHost() == null
                || url.getRawUserInfo() != null
                || url.getRawQuery() != null
                || url.getRawFragment() != null
                || url.getRawPath().endsWith("/")) {
            throw new IllegalArgumentException(
                    "djangoBackendUrl: refused (expected: an http or https URL without credentials, query, fragment or trailing slash)");
        }
    }
}
