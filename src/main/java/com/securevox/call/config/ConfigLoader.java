package com.securevox.call.config;

import com.securevox.call.media.MediaSetting;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Builds a {@link ServerConfig} from environment-style settings. {@link #load(Map)} is pure apart from reading the
 * config file the map may name, so every rule is testable without touching the real environment.
 *
 * <p>Precedence: an environment variable beats the same key in the config file; {@code SECUREVOX_CALL_ENV} beats
 * {@code NODE_ENV} wherever either is set, because {@code NODE_ENV} is often set for unrelated tools.
 */
public final class ConfigLoader {

    /** Production listens on every interface; development only on this machine (see {@link #host}). */
    static final String DEFAULT_PRODUCTION_HOST = "0.0.0.0";

    static final String DEFAULT_DEVELOPMENT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 8002;
    static final String DEFAULT_DJANGO_VERIFY_PATH = "/api/auth/verify/";
    static final Duration DEFAULT_RECONNECT_GRACE = Duration.ofSeconds(10);
    static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(1);
    static final int DEFAULT_MAX_PARTICIPANTS = 16;
    static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(10);
    /** Engine.IO's defaults, which every official client expects unless told otherwise. */
    static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(25);

    static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(20);
    static final Duration DEFAULT_HTTP_IDLE_TIMEOUT = Duration.ofSeconds(60);
    static final String DEFAULT_STUN_URL = "stun:stun.l.google.com:19302";
    static final int DEFAULT_EVENT_RATE = 50;
    static final int DEFAULT_EVENT_BURST = 500;
    static final String DEFAULT_DATA_DIR = "./data";
    static final String HISTORY_FILE = "history.db";
    static final int DEFAULT_HISTORY_QUEUE = 10_000;

    private static final int GENERATED_SECRET_BYTES = 32;

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._%:\\[\\]-]{1,253}");
    private static final Pattern URL_PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]+");

    private final Supplier<String> secretGenerator;
    private final HostLookup hosts;
    private final Executables executables;
    private final Supplier<String> nodeIds;

    /** A loader that generates development secrets from a fresh {@link SecureRandom}. */
    public ConfigLoader() {
        this(randomSecrets(new SecureRandom()));
    }

    /** @param secretGenerator makes a development secret when one is not configured; called at most three times per load */
    public ConfigLoader(Supplier<String> secretGenerator) {
        this(secretGenerator, HostLookup.SYSTEM);
    }

    /**
     * @param secretGenerator makes a development secret when one is not configured; called at most three times per load
     * @param hosts tells whether the configured host name resolves
     */
    public ConfigLoader(Supplier<String> secretGenerator, HostLookup hosts) {
        this(secretGenerator, hosts, Executables.SYSTEM);
    }

    /**
     * @param secretGenerator makes a development secret when one is not configured; called at most three times per load
     * @param hosts tells whether the configured host name resolves
     * @param executables tells whether a file is a program, for finding {@code janus} (the SFU's default mode)
     */
    public ConfigLoader(Supplier<String> secretGenerator, HostLookup hosts, Executables executables) {
        this.secretGenerator = Objects.requireNonNull(secretGenerator, "secretGenerator");
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.executables = Objects.requireNonNull(executables, "executables");
        SecureRandom random = new SecureRandom();
        this.nodeIds = () -> ClusterConfig.randomNodeId(random);
    }

    /** 32 random bytes, base64url without padding: 256 bits, and safe in an HTTP header as an API key. */
    public static Supplier<String> randomSecrets(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return () -> {
            byte[] bytes = new byte[GENERATED_SECRET_BYTES];
            random.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        };
    }

    /** The configuration of this process, from {@link System#getenv()} and the config file it may name. */
    public static ServerConfig fromSystem() throws ConfigException {
        return new ConfigLoader().load(System.getenv());
    }

    /**
     * Validates {@code env} (plus the config file it names in {@code SECUREVOX_CALL_CONFIG}).
     *
     * @throws ConfigException listing every problem, one per line
     */
    public ServerConfig load(Map<String, String> env) throws ConfigException {
        Settings s = Settings.read(Objects.requireNonNull(env, "env"));

        Mode mode = mode(s);
        // With an unreadable mode the stricter production rules would only add noise to the report.
        boolean production = mode == Mode.PRODUCTION;

        String host = host(s, production);
        int port = s.integer(ConfigKeys.PORT, DEFAULT_PORT, 0, 65_535);

        Optional<String> configuredJwtSecret = s.exact(ConfigKeys.JWT_SECRET);
        Secret jwtSecret = configuredJwtSecret.map(Secret::new).orElse(null);
        if (jwtSecret == null && production) {
            s.problem(ConfigKeys.JWT_SECRET + ": missing (required in production)");
        } else if (jwtSecret != null) {
            checkJwtSecret(s, jwtSecret, production);
        }

        Optional<String> configuredApiKey = s.exact(ConfigKeys.API_KEY);
        Secret apiKey = configuredApiKey.map(Secret::new).orElse(null);
        if (apiKey == null && production) {
            s.problem(ConfigKeys.API_KEY + ": missing (required in production)");
        } else if (apiKey != null) {
            checkApiKey(s, apiKey, production);
        }

        Optional<URI> django = s.text(ConfigKeys.DJANGO_BACKEND_URL).flatMap(raw -> djangoUrl(s, raw));
        String verifyPath = s.text(ConfigKeys.DJANGO_VERIFY_PATH).orElse(DEFAULT_DJANGO_VERIFY_PATH);
        if (!URL_PATH.matcher(verifyPath).matches()) {
            s.problem(ConfigKeys.DJANGO_VERIFY_PATH + ": " + Settings.shown(verifyPath)
                    + " (expected: a URL path starting with /, such as " + DEFAULT_DJANGO_VERIFY_PATH + ")");
        }

        Duration reconnectGrace = s.duration(ConfigKeys.RECONNECT_GRACE, DEFAULT_RECONNECT_GRACE, Duration.ZERO);
        // exp is in whole seconds, so a shorter lifetime could mint a token that is born expired.
        Duration tokenTtl = s.duration(ConfigKeys.TOKEN_TTL, DEFAULT_TOKEN_TTL, Duration.ofSeconds(1));
        int maxParticipants = s.integer(
                ConfigKeys.MAX_PARTICIPANTS, DEFAULT_MAX_PARTICIPANTS, 1, ServerConfig.MAX_PARTICIPANTS_LIMIT);
        CorsPolicy cors = cors(s, production);
        Duration drainTimeout = s.duration(ConfigKeys.DRAIN_TIMEOUT, DEFAULT_DRAIN_TIMEOUT, Duration.ZERO);
        Duration authTimeout = s.duration(ConfigKeys.AUTH_TIMEOUT, DEFAULT_AUTH_TIMEOUT, Duration.ofMillis(1));
        Duration pingInterval = s.duration(
                ConfigKeys.PING_INTERVAL, DEFAULT_PING_INTERVAL, Duration.ofMillis(1), ServerConfig.MAX_PING);
        Duration pingTimeout =
                s.duration(ConfigKeys.PING_TIMEOUT, DEFAULT_PING_TIMEOUT, Duration.ofMillis(1), ServerConfig.MAX_PING);
        Duration httpIdleTimeout = s.duration(
                ConfigKeys.HTTP_IDLE_TIMEOUT,
                DEFAULT_HTTP_IDLE_TIMEOUT,
                Duration.ofMillis(1),
                ServerConfig.MAX_HTTP_IDLE_TIMEOUT);
        Set<String> publicOrigins = publicOrigins(s);
        List<IceServer> iceServers = iceServers(s);
        EventRateLimit eventRateLimit = eventRateLimit(s);
        LogFormat logFormat = logFormat(s, production);
        // 0: the transport's default, one event loop (docs/adr/0002-one-event-loop.md).
        int ioThreads = s.integer(ConfigKeys.IO_THREADS, 0, 0, ServerConfig.MAX_IO_THREADS);
        boolean demo = demo(s, production);
        Optional<TlsConfig> tls = TlsSettings.read(s);
        boolean behindProxy = s.flag(ConfigKeys.BEHIND_PROXY, false);
        if (production && tls.isEmpty() && !behindProxy) {
            s.warn("serving plain HTTP and WS in production: calls, tokens and SDP cross the network unencrypted."
                    + " Set " + ConfigKeys.TLS_CERT + " and " + ConfigKeys.TLS_KEY + ", or "
                    + ConfigKeys.BEHIND_PROXY + "=true when a proxy in front terminates TLS");
        }
        TrustedProxies trustedProxies = TrustedProxies.read(s);
        TurnSettings turn = TurnSettingsReader.read(s, production, secretGenerator);
        SfuSettings sfu = SfuSettingsReader.read(
                s, production, turn, s.text(ConfigKeys.DATA_DIR).orElse(DEFAULT_DATA_DIR), executables);
        MediaSetting media = SfuSettingsReader.media(s, sfu);
        HistoryDatabase database = database(s);
        int historyQueue =
                s.integer(ConfigKeys.HISTORY_QUEUE, DEFAULT_HISTORY_QUEUE, 1, ServerConfig.MAX_HISTORY_QUEUE);
        Optional<Secret> metricsToken = s.exact(ConfigKeys.METRICS_TOKEN).map(Secret::new);
        metricsToken.ifPresent(token -> checkVisibleAscii(s, ConfigKeys.METRICS_TOKEN, token));
        Optional<WebhookConfig> webhook = WebhookSettingsReader.read(s);
        RecordingSettings recording =
                RecordingSettingsReader.read(s, s.text(ConfigKeys.DATA_DIR).orElse(DEFAULT_DATA_DIR));
        RingSettings ring = RingSettings.read(s, django);
        QualitySettings quality = QualitySettings.read(s);
        PushConfig push = PushSettingsReader.read(s);
        ClusterConfig cluster = ClusterSettingsReader.read(s, nodeIds);
        AdminSettings admin = AdminSettings.read(s);

        if (!s.problems().isEmpty()) {
            throw new ConfigException(s.problems());
        }
        boolean jwtSecretGenerated = jwtSecret == null;
        if (jwtSecretGenerated) {
            jwtSecret = new Secret(secretGenerator.get());
        }
        boolean apiKeyGenerated = apiKey == null;
        if (apiKeyGenerated) {
            apiKey = new Secret(secretGenerator.get());
        }
        try {
            return new ServerConfig(
                    mode,
                    host,
                    port,
                    jwtSecret,
                    jwtSecretGenerated,
                    apiKey,
                    apiKeyGenerated,
                    django,
                    verifyPath,
                    reconnectGrace,
                    tokenTtl,
                    maxParticipants,
                    cors,
                    publicOrigins,
                    drainTimeout,
                    authTimeout,
                    pingInterval,
                    pingTimeout,
                    httpIdleTimeout,
                    iceServers,
                    eventRateLimit,
                    logFormat,
                    ioThreads,
                    demo,
                    tls,
                    behindProxy,
                    trustedProxies,
                    turn,
                    sfu,
                    media,
                    database,
                    historyQueue,
                    metricsToken,
                    webhook,
                    recording,
                    ring,
                    quality,
                    push,
                    cluster,
                    admin,
                    s.warnings());
        } catch (IllegalArgumentException e) {
            // Only reachable if the checks above miss an invariant of ServerConfig; still report it the same way.
            throw new ConfigException(List.of(e.getMessage()));
        }
    }

    /**
     * Development listens on the loopback interface unless told otherwise: a laptop running {@code make run} on a
     * café network should not offer its dev-token route and demo page to everyone there.
     */
    private String host(Settings s, boolean production) {
        Optional<String> configured = s.text(ConfigKeys.HOST);
        if (configured.isEmpty()) {
            return production ? DEFAULT_PRODUCTION_HOST : DEFAULT_DEVELOPMENT_HOST;
        }
        String host = configured.get();
        if (!HOST.matcher(host).matches()) {
            s.problem(ConfigKeys.HOST + ": " + Settings.shown(host)
                    + " (expected: a host name or IP address such as 0.0.0.0)");
        } else if (!hosts.resolves(host)) {
            s.problem(ConfigKeys.HOST + ": " + Settings.shown(host)
                    + " is not a known host name (expected: an IP address such as 0.0.0.0, or a name this machine"
                    + " resolves)");
        }
        return host;
    }

    /** The origins browsers reach this server at, normalised; only http and https pages can be one. */
    private static Set<String> publicOrigins(Settings s) {
        Set<String> origins = new LinkedHashSet<>();
        for (String entry : list(s, ConfigKeys.PUBLIC_ORIGIN)) {
            Optional<String> origin =
                    CorsPolicy.normalise(entry).filter(o -> o.startsWith("http://") || o.startsWith("https://"));
            if (origin.isPresent()) {
                origins.add(origin.get());
            } else {
                s.problem(ConfigKeys.PUBLIC_ORIGIN + ": " + Settings.shown(entry)
                        + " (expected: the origin browsers open this server at, such as https://call.example.com)");
            }
        }
        return origins;
    }

    private static Mode mode(Settings s) {
        String key = s.text(ConfigKeys.ENV).isPresent() ? ConfigKeys.ENV : ConfigKeys.NODE_ENV;
        Optional<String> value = s.text(key);
        if (value.isEmpty()) {
            return Mode.DEVELOPMENT;
        }
        Optional<Mode> mode = Mode.parse(value.get());
        if (mode.isEmpty()) {
            s.problem(key + ": " + Settings.shown(value.get()) + " (expected: development or production)");
        }
        return mode.orElse(null);
    }

    private static void checkJwtSecret(Settings s, Secret secret, boolean production) {
        int bytes = secret.value().getBytes(StandardCharsets.UTF_8).length;
        int min = ServerConfig.MIN_PRODUCTION_JWT_SECRET_BYTES;
        if (bytes < min && production) {
            s.problem(ConfigKeys.JWT_SECRET + ": " + bytes + " bytes (expected: at least " + min + " bytes of UTF-8)");
        } else if (bytes < min) {
            s.warn(ConfigKeys.JWT_SECRET + ": " + bytes + " bytes (at least " + min + " are required in production)");
        }
        warnIfPadded(s, ConfigKeys.JWT_SECRET, secret);
    }

    private static void checkApiKey(Settings s, Secret key, boolean production) {
        checkVisibleAscii(s, ConfigKeys.API_KEY, key);
        int chars = key.characterCount();
        int min = ServerConfig.MIN_PRODUCTION_API_KEY_CHARS;
        if (chars < min && production) {
            s.problem(ConfigKeys.API_KEY + ": " + chars + " characters (expected: at least " + min + ")");
        } else if (chars < min) {
            s.warn(ConfigKeys.API_KEY + ": " + chars + " characters (at least " + min + " are required in production)");
        }
    }

    private static void checkVisibleAscii(Settings s, String name, Secret key) {
        if (!VISIBLE_ASCII.matcher(key.value()).matches()) {
            s.problem(name + ": contains spaces, control or non-ASCII characters"
                    + " (expected: visible ASCII, as it is sent in an Authorization header)");
        }
    }

    /** PostgreSQL when a database URL is set; otherwise the SQLite file in the data directory. */
    private static HistoryDatabase database(Settings s) {
        Optional<String> url = s.text(ConfigKeys.DATABASE_URL);
        HistoryDatabase sqlite = new HistoryDatabase.Sqlite(Path.of(DEFAULT_DATA_DIR, HISTORY_FILE));
        if (url.isPresent()) {
            return switch (DatabaseUrl.parse(url.get())) {
                case DatabaseUrl.Parsed.Ok ok -> ok.database();
                case DatabaseUrl.Parsed.Problem problem -> {
                    s.problem(problem.message());
                    yield sqlite;
                }
            };
        }
        Optional<String> dir = s.text(ConfigKeys.DATA_DIR);
        if (dir.isEmpty()) {
            return sqlite;
        }
        try {
            Path path = Path.of(dir.get());
            if (Files.exists(path) && !Files.isDirectory(path)) {
                s.problem(ConfigKeys.DATA_DIR + ": " + Settings.shown(dir.get())
                        + " is a file (expected: a directory, created if missing)");
                return sqlite;
            }
            return new HistoryDatabase.Sqlite(path.resolve(HISTORY_FILE));
        } catch (InvalidPathException e) {
            s.problem(ConfigKeys.DATA_DIR + ": " + Settings.shown(dir.get()) + " (expected: a directory path)");
            return sqlite;
        }
    }

    private static void warnIfPadded(Settings s, String key, Secret secret) {
        if (!secret.value().equals(secret.value().strip())) {
            s.warn(key + ": starts or ends with whitespace, which is part of the secret (intended?)");
        }
    }

    private static Optional<URI> djangoUrl(Settings s, String raw) {
        return HttpUrls.read(s, ConfigKeys.DJANGO_BACKEND_URL, raw, "http://localhost:8001", false)
                .map(ConfigLoader::withoutTrailingSlash);
    }

    private static URI withoutTrailingSlash(URI uri) {
        // Trailing slashes are dropped so that base + "/api/auth/verify/" never contains "//".
        String path = uri.getRawPath().replaceAll("/+$", "");
        return URI.create(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path);
    }

    private static CorsPolicy cors(Settings s, boolean production) {
        List<String> entries = list(s, ConfigKeys.CORS_ORIGINS);
        if (entries.isEmpty()) {
            return production ? CorsPolicy.none() : CorsPolicy.any();
        }
        if (entries.contains("*")) {
            if (entries.size() > 1) {
                s.problem(ConfigKeys.CORS_ORIGINS + ": "
                        + Settings.shown(s.text(ConfigKeys.CORS_ORIGINS).orElseThrow())
                        + " (expected: either * alone or a list of origins)");
                return CorsPolicy.none();
            }
            if (production) {
                s.warn(ConfigKeys.CORS_ORIGINS + ": * allows every web page to use this server (intended?)");
            }
            return CorsPolicy.any();
        }
        List<String> origins = new ArrayList<>();
        for (String entry : entries) {
            Optional<String> origin = CorsPolicy.normalise(entry);
            if (origin.isPresent()) {
                origins.add(origin.get());
            } else {
                s.problem(ConfigKeys.CORS_ORIGINS + ": " + Settings.shown(entry)
                        + " (expected: an origin such as https://app.example.com, or *)");
            }
        }
        return CorsPolicy.of(origins);
    }

    private static List<IceServer> iceServers(Settings s) {
        List<String> urls = list(s, ConfigKeys.STUN_URLS);
        if (urls.isEmpty()) {
            return List.of(new IceServer(List.of(DEFAULT_STUN_URL)));
        }
        List<String> good = new ArrayList<>();
        for (String url : urls) {
            if (IceServer.isStunUrl(url)) {
                good.add(url);
            } else {
                s.problem(ConfigKeys.STUN_URLS + ": " + Settings.shown(url)
                        + " (expected: stun: or stuns: URLs such as " + DEFAULT_STUN_URL + ")");
            }
        }
        return good.isEmpty() ? List.of() : List.of(new IceServer(good));
    }

    private static EventRateLimit eventRateLimit(Settings s) {
        int problemsBefore = s.problems().size();
        int rate = s.integer(ConfigKeys.EVENT_RATE, DEFAULT_EVENT_RATE, 1, EventRateLimit.MAX_PER_SECOND);
        int burst = s.integer(ConfigKeys.EVENT_BURST, DEFAULT_EVENT_BURST, 1, EventRateLimit.MAX_BURST);
        if (s.problems().size() > problemsBefore) {
            return new EventRateLimit(DEFAULT_EVENT_RATE, DEFAULT_EVENT_BURST);
        }
        if (burst < rate) {
            s.problem(ConfigKeys.EVENT_BURST + ": '" + burst + "' (expected: at least " + ConfigKeys.EVENT_RATE + ", "
                    + rate + ")");
            return new EventRateLimit(rate, rate);
        }
        return new EventRateLimit(rate, burst);
    }

    /** The demo page is for evaluating the server; a production deployment shows it only when asked to. */
    private static boolean demo(Settings s, boolean production) {
        return s.flag(ConfigKeys.DEMO, !production);
    }

    private static LogFormat logFormat(Settings s, boolean production) {
        Optional<String> value = s.text(ConfigKeys.LOG_FORMAT);
        if (value.isEmpty()) {
            return production ? LogFormat.JSON : LogFormat.TEXT;
        }
        Optional<LogFormat> format = LogFormat.parse(value.get());
        if (format.isEmpty()) {
            s.problem(ConfigKeys.LOG_FORMAT + ": " + Settings.shown(value.get()) + " (expected: text or json)");
        }
        return format.orElse(LogFormat.TEXT);
    }

    /** A comma-separated setting, items stripped, empty items (a trailing comma) dropped. */
    private static List<String> list(Settings s, String key) {
        return s.text(key).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }
}
