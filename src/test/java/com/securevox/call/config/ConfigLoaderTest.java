package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.media.MediaSetting;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

    static final String JWT_SECRET = "0123456789abcdef0123456789abcdef-production";
    static final String API_KEY = "api-key-0123456789abcdef";

    private final AtomicInteger generated = new AtomicInteger();
    /** Names under the reserved .invalid domain never resolve (RFC 6761); everything else does, without DNS. */
    static final HostLookup HOSTS = host -> !host.endsWith(".invalid");

    private final ConfigLoader loader =
            new ConfigLoader(() -> "generated-secret-" + generated.incrementAndGet(), HOSTS);

    static Map<String, String> env(String... keysAndValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }

    static Map<String, String> production(String... keysAndValues) {
        Map<String, String> env = env(keysAndValues);
        env.putIfAbsent(ConfigKeys.ENV, "production");
        env.putIfAbsent(ConfigKeys.JWT_SECRET, JWT_SECRET);
        env.putIfAbsent(ConfigKeys.API_KEY, API_KEY);
        // As deployed behind a proxy that terminates TLS; TlsSettingsTest covers the other cases.
        env.putIfAbsent(ConfigKeys.BEHIND_PROXY, "true");
        return env;
    }

    private List<String> problems(Map<String, String> env) {
        return problems(loader, env);
    }

    /** What {@code loader} refuses in {@code env}; fails when it accepts it. */
    static List<String> problems(ConfigLoader loader, Map<String, String> env) {
        try {
            loader.load(env);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void developmentDefaults() throws ConfigException {
        ServerConfig config = loader.load(Map.of());

        assertThat(config.mode()).isEqualTo(Mode.DEVELOPMENT);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8002);
        assertThat(config.jwtSecret().value()).isEqualTo("generated-secret-1");
        assertThat(config.jwtSecretGenerated()).isTrue();
        assertThat(config.apiKey().value()).isEqualTo("generated-secret-2");
        assertThat(config.apiKeyGenerated()).isTrue();
        assertThat(config.djangoBackendUrl()).isEmpty();
        assertThat(config.djangoVerifyPath()).isEqualTo("/api/auth/verify/");
        assertThat(config.djangoVerifyUrl()).isEmpty();
        assertThat(config.reconnectGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.tokenTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(config.maxParticipants()).isEqualTo(16);
        assertThat(config.cors()).isEqualTo(CorsPolicy.any());
        assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.authTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(config.pingTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.httpIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.publicOrigins()).isEmpty();
        assertThat(config.iceServers()).containsExactly(new IceServer(List.of("stun:stun.l.google.com:19302")));
        assertThat(config.eventRateLimit()).isEqualTo(new EventRateLimit(50, 500));
        assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(config.demo()).isTrue();
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void productionDefaults() throws ConfigException {
        ServerConfig config = loader.load(production());

        assertThat(config.mode()).isEqualTo(Mode.PRODUCTION);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(config.pingTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.httpIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.jwtSecret().value()).isEqualTo(JWT_SECRET);
        assertThat(config.jwtSecretGenerated()).isFalse();
        assertThat(config.apiKey().value()).isEqualTo(API_KEY);
        assertThat(config.apiKeyGenerated()).isFalse();
        assertThat(config.cors()).isEqualTo(CorsPolicy.none());
        assertThat(config.logFormat()).isEqualTo(LogFormat.JSON);
        assertThat(config.demo()).isFalse();
        assertThat(config.warnings()).isEmpty();
        assertThat(generated).hasValue(0);
    }

    /**
     * Development binds the loopback interface unless told otherwise, so a laptop's dev server (dev tokens without
     * credentials, the demo page) is not offered to its network; production keeps every interface.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            development by default        | -           | -           | -          | 127.0.0.1
            development named             | development | -           | -          | 127.0.0.1
            development from NODE_ENV     | -           | development | -          | 127.0.0.1
            development opened up         | development | -           | 0.0.0.0    | 0.0.0.0
            development on one interface  | -           | -           | 10.1.2.3   | 10.1.2.3
            production                    | production  | -           | -          | 0.0.0.0
            production from NODE_ENV      | -           | production  | -          | 0.0.0.0
            production on loopback        | production  | -           | 127.0.0.1  | 127.0.0.1
            blank host is unset           | development | -           | ' '        | 127.0.0.1
            """)
    void developmentListensOnLoopbackUnlessTheHostIsSet(
            String description, String securevoxEnv, String nodeEnv, String host, String expected)
            throws ConfigException {
        Map<String, String> env = env(ConfigKeys.JWT_SECRET, JWT_SECRET, ConfigKeys.API_KEY, API_KEY);
        if (securevoxEnv != null) {
            env.put(ConfigKeys.ENV, securevoxEnv);
        }
        if (nodeEnv != null) {
            env.put(ConfigKeys.NODE_ENV, nodeEnv);
        }
        if (host != null) {
            env.put(ConfigKeys.HOST, host);
        }

        assertThat(loader.load(env).host()).isEqualTo(expected);
    }

    @Test
    void aHostNameIsLookedUpOnlyWhenSet() throws ConfigException {
        List<String> looked = new java.util.ArrayList<>();
        ConfigLoader recording = new ConfigLoader(() -> "s", host -> looked.add(host));

        recording.load(Map.of());
        recording.load(production());
        assertThat(looked).as("the defaults need no lookup").isEmpty();

        recording.load(env(ConfigKeys.HOST, "call.example.com"));
        assertThat(looked).containsExactly("call.example.com");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -                           | true
            https://app.example.com     | true
            https://APP.example.com:443 | true
            https://calls.example.com   | true
            https://calls.example.com/  | true
            http://calls.example.com    | false
            https://evil.example        | false
            null                        | false
            """)
    void productionAllowsCorsOriginsAndPublicOrigins(String origin, boolean allowed) throws ConfigException {
        ServerConfig config = loader.load(production(
                ConfigKeys.CORS_ORIGINS, "https://app.example.com",
                ConfigKeys.PUBLIC_ORIGIN, "https://calls.example.com"));

        assertThat(config.allowsOrigin(origin)).isEqualTo(allowed);
    }

    @Test
    void productionShowsTheDemoOnlyWhenAskedTo() throws ConfigException {
        assertThat(loader.load(production(ConfigKeys.DEMO, "1")).demo()).isTrue();
        assertThat(loader.load(production(ConfigKeys.DEMO, "false")).demo()).isFalse();
    }

    static Stream<Arguments> validValues() {
        return Stream.of(
                valid(ConfigKeys.HOST, "127.0.0.1", ServerConfig::host, "127.0.0.1"),
                valid(ConfigKeys.HOST, "::", ServerConfig::host, "::"),
                valid(ConfigKeys.HOST, " call.example.com ", ServerConfig::host, "call.example.com"),
                valid(ConfigKeys.PORT, "0", ServerConfig::port, 0),
                valid(ConfigKeys.PORT, "9000", ServerConfig::port, 9000),
                valid(ConfigKeys.PORT, "65535", ServerConfig::port, 65535),
                valid(ConfigKeys.PORT, "", ServerConfig::port, 8002),
                valid(ConfigKeys.RECONNECT_GRACE, "0s", ServerConfig::reconnectGrace, Duration.ZERO),
                valid(ConfigKeys.RECONNECT_GRACE, "500ms", ServerConfig::reconnectGrace, Duration.ofMillis(500)),
                valid(ConfigKeys.RECONNECT_GRACE, "2m", ServerConfig::reconnectGrace, Duration.ofMinutes(2)),
                valid(ConfigKeys.RECONNECT_GRACE, "1h", ServerConfig::reconnectGrace, Duration.ofHours(1)),
                valid(ConfigKeys.RECONNECT_GRACE, "PT10S", ServerConfig::reconnectGrace, Duration.ofSeconds(10)),
                valid(ConfigKeys.RECONNECT_GRACE, "pt1.5s", ServerConfig::reconnectGrace, Duration.ofMillis(1500)),
                valid(ConfigKeys.TOKEN_TTL, "30m", ServerConfig::tokenTtl, Duration.ofMinutes(30)),
                valid(ConfigKeys.TOKEN_TTL, "1s", ServerConfig::tokenTtl, Duration.ofSeconds(1)),
                valid(ConfigKeys.TOKEN_TTL, "1d", ServerConfig::tokenTtl, Duration.ofDays(1)),
                valid(ConfigKeys.TOKEN_TTL, "365d", ServerConfig::tokenTtl, Duration.ofDays(365)),
                valid(ConfigKeys.MAX_PARTICIPANTS, "1", ServerConfig::maxParticipants, 1),
                valid(ConfigKeys.MAX_PARTICIPANTS, "1000", ServerConfig::maxParticipants, 1000),
                valid(ConfigKeys.IO_THREADS, "1", ServerConfig::ioThreads, 1),
                valid(ConfigKeys.IO_THREADS, "0", ServerConfig::ioThreads, 0),
                valid(ConfigKeys.DEMO, "0", ServerConfig::demo, false),
                valid(ConfigKeys.DRAIN_TIMEOUT, "0s", ServerConfig::drainTimeout, Duration.ZERO),
                valid(ConfigKeys.AUTH_TIMEOUT, "250ms", ServerConfig::authTimeout, Duration.ofMillis(250)),
                valid(ConfigKeys.PING_INTERVAL, "10s", ServerConfig::pingInterval, Duration.ofSeconds(10)),
                valid(ConfigKeys.PING_INTERVAL, "1ms", ServerConfig::pingInterval, Duration.ofMillis(1)),
                valid(ConfigKeys.PING_INTERVAL, "5m", ServerConfig::pingInterval, Duration.ofMinutes(5)),
                valid(ConfigKeys.PING_TIMEOUT, "PT45S", ServerConfig::pingTimeout, Duration.ofSeconds(45)),
                valid(ConfigKeys.PING_TIMEOUT, "5m", ServerConfig::pingTimeout, Duration.ofMinutes(5)),
                valid(ConfigKeys.HTTP_IDLE_TIMEOUT, "5s", ServerConfig::httpIdleTimeout, Duration.ofSeconds(5)),
                valid(ConfigKeys.HTTP_IDLE_TIMEOUT, "1h", ServerConfig::httpIdleTimeout, Duration.ofHours(1)),
                valid(
                        ConfigKeys.PUBLIC_ORIGIN,
                        "https://Call.Example.com:443/",
                        ServerConfig::publicOrigins,
                        Set.of("https://call.example.com")),
                valid(
                        ConfigKeys.PUBLIC_ORIGIN,
                        "https://call.example.com, http://call.lan:8002,",
                        ServerConfig::publicOrigins,
                        Set.of("https://call.example.com", "http://call.lan:8002")),
                valid(ConfigKeys.CORS_ORIGINS, "*", ServerConfig::cors, CorsPolicy.any()),
                valid(
                        ConfigKeys.CORS_ORIGINS,
                        "https://App.Example.com:443/",
                        ServerConfig::cors,
                        new CorsPolicy(false, Set.of("https://app.example.com"))),
                valid(
                        ConfigKeys.CORS_ORIGINS,
                        "https://a.example.com, http://localhost:3000,",
                        ServerConfig::cors,
                        new CorsPolicy(false, Set.of("https://a.example.com", "http://localhost:3000"))),
                valid(
                        ConfigKeys.STUN_URLS,
                        "stun:a.example.com:3478, stuns:b.example.com",
                        ServerConfig::iceServers,
                        List.of(new IceServer(List.of("stun:a.example.com:3478", "stuns:b.example.com")))),
                valid(
                        ConfigKeys.STUN_URLS,
                        "stun:[2001:db8::1]:3478",
                        ServerConfig::iceServers,
                        List.of(new IceServer(List.of("stun:[2001:db8::1]:3478")))),
                valid(ConfigKeys.EVENT_RATE, "100", ServerConfig::eventRateLimit, new EventRateLimit(100, 500)),
                valid(ConfigKeys.EVENT_BURST, "50", ServerConfig::eventRateLimit, new EventRateLimit(50, 50)),
                valid(ConfigKeys.LOG_FORMAT, "JSON", ServerConfig::logFormat, LogFormat.JSON),
                valid(ConfigKeys.LOG_FORMAT, "text", ServerConfig::logFormat, LogFormat.TEXT),
                valid(
                        ConfigKeys.DJANGO_BACKEND_URL,
                        "http://django:8001/",
                        ServerConfig::djangoVerifyUrl,
                        Optional.of(URI.create("http://django:8001/api/auth/verify/"))),
                valid(
                        ConfigKeys.DJANGO_BACKEND_URL,
                        "HTTPS://backend.example.com/securevox",
                        ServerConfig::djangoBackendUrl,
                        Optional.of(URI.create("https://backend.example.com/securevox"))),
                valid(ConfigKeys.DJANGO_VERIFY_PATH, "/auth/whoami", ServerConfig::djangoVerifyPath, "/auth/whoami"),
                valid(
                        ConfigKeys.JWT_SECRET,
                        "a development secret, spaces and ü allowed",
                        config -> config.jwtSecret().value(),
                        "a development secret, spaces and ü allowed"),
                valid(ConfigKeys.JWT_SECRET, "x", ServerConfig::jwtSecretGenerated, false),
                valid(
                        ConfigKeys.API_KEY,
                        "Key_0123456789-abc~!",
                        config -> config.apiKey().value(),
                        "Key_0123456789-abc~!"),
                valid(ConfigKeys.API_KEY, "k", ServerConfig::apiKeyGenerated, false),
                valid(ConfigKeys.SFU, "OFF", ServerConfig::sfu, SfuSettings.off()),
                valid(ConfigKeys.MEDIA, "mesh", ServerConfig::media, MediaSetting.MESH),
                valid(ConfigKeys.MEDIA, "Auto", ServerConfig::media, MediaSetting.AUTO),
                valid(ConfigKeys.ENV, "Production", ServerConfig::mode, Mode.PRODUCTION),
                valid(ConfigKeys.ENV, "DEVELOPMENT", ServerConfig::mode, Mode.DEVELOPMENT),
                valid(
                        ConfigKeys.RECORDING_RETENTION,
                        "30d",
                        config -> config.recording().retention(),
                        Duration.ofDays(30)),
                valid(
                        ConfigKeys.RECORDING_RETENTION,
                        "0",
                        config -> config.recording().keepForever(),
                        true),
                valid(
                        ConfigKeys.RECORD_ALL,
                        "TRUE",
                        config -> config.recording().recordAll(),
                        true),
                valid(
                        ConfigKeys.RECORDING_COMPOSE,
                        "1",
                        config -> config.recording().compose(),
                        true),
                valid(
                        ConfigKeys.RECORDINGS_DIR,
                        "/srv/recordings",
                        config -> config.recording().directory(),
                        Path.of("/srv/recordings")),
                valid(
                        ConfigKeys.DATA_DIR,
                        "/var/lib/securevox",
                        config -> config.recording().directory(),
                        Path.of("/var/lib/securevox/recordings")));
    }

    private static Arguments valid(String key, String value, Function<ServerConfig, Object> field, Object expected) {
        return Arguments.of(key, value, field, expected);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("validValues")
    void acceptsValidValue(String key, String value, Function<ServerConfig, Object> field, Object expected)
            throws ConfigException {
        Map<String, String> env = key.equals(ConfigKeys.ENV) ? production(key, value) : env(key, value);

        assertThat(field.apply(loader.load(env))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            SECUREVOX_CALL_ENV              | staging          | SECUREVOX_CALL_ENV: 'staging' (expected: development or production)
            NODE_ENV                        | test             | NODE_ENV: 'test' (expected: development or production)
            SECUREVOX_CALL_HOST             | bad host         | SECUREVOX_CALL_HOST: 'bad host' (expected: a host name or IP address such as 0.0.0.0)
            SECUREVOX_CALL_HOST             | no-such.invalid  | SECUREVOX_CALL_HOST: 'no-such.invalid' is not a known host name (expected: an IP address such as 0.0.0.0, or a name this machine resolves)
            SECUREVOX_CALL_PORT             | 70000            | SECUREVOX_CALL_PORT: '70000' (expected: an integer from 0 to 65535)
            SECUREVOX_CALL_PORT             | -1               | SECUREVOX_CALL_PORT: '-1' (expected: an integer from 0 to 65535)
            SECUREVOX_CALL_PORT             | 80.5             | SECUREVOX_CALL_PORT: '80.5' (expected: an integer from 0 to 65535)
            SECUREVOX_CALL_PORT             | http             | SECUREVOX_CALL_PORT: 'http' (expected: an integer from 0 to 65535)
            SECUREVOX_CALL_PORT             | ٨٠               | SECUREVOX_CALL_PORT: '٨٠' (expected: an integer from 0 to 65535)
            SECUREVOX_CALL_MAX_PARTICIPANTS | 0                | SECUREVOX_CALL_MAX_PARTICIPANTS: '0' (expected: an integer from 1 to 1000)
            SECUREVOX_CALL_MAX_PARTICIPANTS | 1001             | SECUREVOX_CALL_MAX_PARTICIPANTS: '1001' (expected: an integer from 1 to 1000)
            SECUREVOX_CALL_MAX_PARTICIPANTS | 99999999999      | SECUREVOX_CALL_MAX_PARTICIPANTS: '99999999999' (expected: an integer from 1 to 1000)
            SECUREVOX_CALL_IO_THREADS       | -1               | SECUREVOX_CALL_IO_THREADS: '-1' (expected: an integer from 0 to 256)
            SECUREVOX_CALL_DEMO             | yes              | SECUREVOX_CALL_DEMO: 'yes' (expected: 1 or 0, true or false)
            SECUREVOX_CALL_RECONNECT_GRACE  | -5s              | SECUREVOX_CALL_RECONNECT_GRACE: '-5s' (expected: a duration of at least 0s)
            SECUREVOX_CALL_RECONNECT_GRACE  | PT-1S            | SECUREVOX_CALL_RECONNECT_GRACE: 'PT-1S' (expected: a duration of at least 0s)
            SECUREVOX_CALL_RECONNECT_GRACE  | 10               | SECUREVOX_CALL_RECONNECT_GRACE: '10' (expected: a duration such as 10s, 500ms, 2m, 1h or PT10S)
            SECUREVOX_CALL_RECONNECT_GRACE  | 10sec            | SECUREVOX_CALL_RECONNECT_GRACE: '10sec' (expected: a duration such as 10s, 500ms, 2m, 1h or PT10S)
            SECUREVOX_CALL_RECONNECT_GRACE  | 10S              | SECUREVOX_CALL_RECONNECT_GRACE: '10S' (expected: a duration such as 10s, 500ms, 2m, 1h or PT10S)
            SECUREVOX_CALL_RECONNECT_GRACE  | P                | SECUREVOX_CALL_RECONNECT_GRACE: 'P' (expected: a duration such as 10s, 500ms, 2m, 1h or PT10S)
            SECUREVOX_CALL_TOKEN_TTL        | 0s               | SECUREVOX_CALL_TOKEN_TTL: '0s' (expected: a duration of at least 1s)
            SECUREVOX_CALL_TOKEN_TTL        | 500ms            | SECUREVOX_CALL_TOKEN_TTL: '500ms' (expected: a duration of at least 1s)
            SECUREVOX_CALL_TOKEN_TTL        | 366d             | SECUREVOX_CALL_TOKEN_TTL: '366d' (expected: a duration of at most 365d)
            SECUREVOX_CALL_TOKEN_TTL        | 999999999999h    | SECUREVOX_CALL_TOKEN_TTL: '999999999999h' (expected: a duration of at most 365d)
            SECUREVOX_CALL_DRAIN_TIMEOUT    | soon             | SECUREVOX_CALL_DRAIN_TIMEOUT: 'soon' (expected: a duration such as 10s, 500ms, 2m, 1h or PT10S)
            SECUREVOX_CALL_AUTH_TIMEOUT     | 0s               | SECUREVOX_CALL_AUTH_TIMEOUT: '0s' (expected: a duration of at least 1ms)
            SECUREVOX_CALL_PING_INTERVAL    | 0s               | SECUREVOX_CALL_PING_INTERVAL: '0s' (expected: a duration of at least 1ms)
            SECUREVOX_CALL_PING_INTERVAL    | -25s             | SECUREVOX_CALL_PING_INTERVAL: '-25s' (expected: a duration of at least 1ms)
            SECUREVOX_CALL_PING_INTERVAL    | 301s             | SECUREVOX_CALL_PING_INTERVAL: '301s' (expected: a duration of at most 5m)
            SECUREVOX_CALL_PING_INTERVAL    | 25               | SECUREVOX_CALL_PING_INTERVAL: '25' (expected: a duration such as 10s, 500ms, 2m, 1h or PT10S)
            SECUREVOX_CALL_PING_TIMEOUT     | 0ms              | SECUREVOX_CALL_PING_TIMEOUT: '0ms' (expected: a duration of at least 1ms)
            SECUREVOX_CALL_PING_TIMEOUT     | 1h               | SECUREVOX_CALL_PING_TIMEOUT: '1h' (expected: a duration of at most 5m)
            SECUREVOX_CALL_PING_TIMEOUT     | PT0.0001S        | SECUREVOX_CALL_PING_TIMEOUT: 'PT0.0001S' (expected: a duration of at least 1ms)
            SECUREVOX_CALL_HTTP_IDLE_TIMEOUT | 0s              | SECUREVOX_CALL_HTTP_IDLE_TIMEOUT: '0s' (expected: a duration of at least 1ms)
            SECUREVOX_CALL_HTTP_IDLE_TIMEOUT | 2h              | SECUREVOX_CALL_HTTP_IDLE_TIMEOUT: '2h' (expected: a duration of at most 1h)
            SECUREVOX_CALL_HTTP_IDLE_TIMEOUT | 365d            | SECUREVOX_CALL_HTTP_IDLE_TIMEOUT: '365d' (expected: a duration of at most 1h)
            SECUREVOX_CALL_PUBLIC_ORIGIN    | call.example.com | SECUREVOX_CALL_PUBLIC_ORIGIN: 'call.example.com' (expected: the origin browsers open this server at, such as https://call.example.com)
            SECUREVOX_CALL_PUBLIC_ORIGIN    | https://call.example.com/app | SECUREVOX_CALL_PUBLIC_ORIGIN: 'https://call.example.com/app' (expected: the origin browsers open this server at, such as https://call.example.com)
            SECUREVOX_CALL_PUBLIC_ORIGIN    | *                | SECUREVOX_CALL_PUBLIC_ORIGIN: '*' (expected: the origin browsers open this server at, such as https://call.example.com)
            SECUREVOX_CALL_PUBLIC_ORIGIN    | ws://call.example.com | SECUREVOX_CALL_PUBLIC_ORIGIN: 'ws://call.example.com' (expected: the origin browsers open this server at, such as https://call.example.com)
            SECUREVOX_CALL_CORS_ORIGINS     | app.example.com  | SECUREVOX_CALL_CORS_ORIGINS: 'app.example.com' (expected: an origin such as https://app.example.com, or *)
            SECUREVOX_CALL_CORS_ORIGINS     | https://a.com/x  | SECUREVOX_CALL_CORS_ORIGINS: 'https://a.com/x' (expected: an origin such as https://app.example.com, or *)
            SECUREVOX_CALL_CORS_ORIGINS     | https://a.com?q  | SECUREVOX_CALL_CORS_ORIGINS: 'https://a.com?q' (expected: an origin such as https://app.example.com, or *)
            SECUREVOX_CALL_CORS_ORIGINS     | "*,https://a.com" | SECUREVOX_CALL_CORS_ORIGINS: '*,https://a.com' (expected: either * alone or a list of origins)
            SECUREVOX_CALL_STUN_URLS        | turn:t.example.com | SECUREVOX_CALL_STUN_URLS: 'turn:t.example.com' (expected: stun: or stuns: URLs such as stun:stun.l.google.com:19302)
            SECUREVOX_CALL_STUN_URLS        | stun:            | SECUREVOX_CALL_STUN_URLS: 'stun:' (expected: stun: or stuns: URLs such as stun:stun.l.google.com:19302)
            SECUREVOX_CALL_STUN_URLS        | stun:a b         | SECUREVOX_CALL_STUN_URLS: 'stun:a b' (expected: stun: or stuns: URLs such as stun:stun.l.google.com:19302)
            SECUREVOX_CALL_EVENT_RATE       | 0                | SECUREVOX_CALL_EVENT_RATE: '0' (expected: an integer from 1 to 10000)
            SECUREVOX_CALL_EVENT_BURST      | 100001           | SECUREVOX_CALL_EVENT_BURST: '100001' (expected: an integer from 1 to 100000)
            SECUREVOX_CALL_EVENT_BURST      | 10               | SECUREVOX_CALL_EVENT_BURST: '10' (expected: at least SECUREVOX_CALL_EVENT_RATE, 50)
            SECUREVOX_CALL_LOG_FORMAT       | xml              | SECUREVOX_CALL_LOG_FORMAT: 'xml' (expected: text or json)
            DJANGO_BACKEND_URL              | ftp://django     | DJANGO_BACKEND_URL: 'ftp://django' (expected: an http or https URL such as http://localhost:8001)
            DJANGO_BACKEND_URL              | django:8001      | DJANGO_BACKEND_URL: 'django:8001' (expected: an http or https URL such as http://localhost:8001)
            DJANGO_BACKEND_URL              | http://django/?a=1 | DJANGO_BACKEND_URL: 'http://django/?a=1' (expected: an http or https URL such as http://localhost:8001)
            DJANGO_BACKEND_URL              | http://a b       | DJANGO_BACKEND_URL: 'http://a b' (expected: an http or https URL such as http://localhost:8001)
            DJANGO_BACKEND_URL              | http://admin:hunter2@django | DJANGO_BACKEND_URL: contains user:password@ (expected: an http or https URL without credentials)
            DJANGO_BACKEND_URL              | http://admin:hunter 2@django | DJANGO_BACKEND_URL: (value hidden) (expected: an http or https URL such as http://localhost:8001)
            SECUREVOX_CALL_DJANGO_VERIFY_PATH | api/verify     | SECUREVOX_CALL_DJANGO_VERIFY_PATH: 'api/verify' (expected: a URL path starting with /, such as /api/auth/verify/)
            SECUREVOX_CALL_SFU              | janus            | SECUREVOX_CALL_SFU: 'janus' (expected: off, external or managed)
            SECUREVOX_CALL_MEDIA            | p2p              | SECUREVOX_CALL_MEDIA: 'p2p' (expected: auto, mesh or sfu)
            SECUREVOX_CALL_SFU_BITRATE      | 1000             | SECUREVOX_CALL_SFU_BITRATE: '1000' (expected: an integer from 64000 to 50000000)
            SECUREVOX_CALL_API_KEY          | "with space 0123456789" | SECUREVOX_CALL_API_KEY: contains spaces, control or non-ASCII characters (expected: visible ASCII, as it is sent in an Authorization header)
            SECUREVOX_CALL_RECORDING_RETENTION | 30 days       | SECUREVOX_CALL_RECORDING_RETENTION: '30 days' (expected: a duration such as 10s, 500ms, 2m, 1h or PT10S)
            SECUREVOX_CALL_RECORDING_RETENTION | -1d           | SECUREVOX_CALL_RECORDING_RETENTION: '-1d' (expected: a duration of at least 0s)
            SECUREVOX_CALL_RECORDING_RETENTION | 3651d         | SECUREVOX_CALL_RECORDING_RETENTION: '3651d' (expected: a duration of at most 3650d)
            SECUREVOX_CALL_RECORD_ALL       | yes              | SECUREVOX_CALL_RECORD_ALL: 'yes' (expected: 1 or 0, true or false)
            SECUREVOX_CALL_RECORDING_COMPOSE | on              | SECUREVOX_CALL_RECORDING_COMPOSE: 'on' (expected: 1 or 0, true or false)
            SECUREVOX_CALL_RECORDING_MIN_FREE | 2 GB          | SECUREVOX_CALL_RECORDING_MIN_FREE: '2 GB' (expected: a size such as 500MB, 2GB or 1TB (units of 1024), at most 1024TB, or 0 for no check)
            """)
    void rejectsInvalidValue(String key, String value, String expectedProblem) {
        assertThat(problems(env(key, value))).containsExactly(expectedProblem);
        if (!key.equals(ConfigKeys.ENV) && !key.equals(ConfigKeys.NODE_ENV)) {
            // The same value is refused in production, with the same message.
            assertThat(problems(production(key, value))).contains(expectedProblem);
        }
    }

    @Test
    void productionWithoutSecretsNamesBoth() {
        assertThat(problems(env(ConfigKeys.ENV, "production")))
                .containsExactly(
                        "SECUREVOX_CALL_JWT_SECRET: missing (required in production)",
                        "SECUREVOX_CALL_API_KEY: missing (required in production)");
    }

    @Test
    void productionTreatsBlankSecretsAsMissing() {
        assertThat(problems(env(ConfigKeys.ENV, "production", ConfigKeys.JWT_SECRET, " ", ConfigKeys.API_KEY, "")))
                .containsExactly(
                        "SECUREVOX_CALL_JWT_SECRET: missing (required in production)",
                        "SECUREVOX_CALL_API_KEY: missing (required in production)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            short secret            | 0123456789abcdef0123456789abcde | SECUREVOX_CALL_JWT_SECRET: 31 bytes (expected: at least 32 bytes of UTF-8)
            15 two-byte characters   | ééééééééééééééé                  | SECUREVOX_CALL_JWT_SECRET: 30 bytes (expected: at least 32 bytes of UTF-8)
            """)
    void productionRejectsShortJwtSecret(String description, String secret, String expectedProblem) {
        assertThat(problems(production(ConfigKeys.JWT_SECRET, secret)))
                .containsExactly(expectedProblem)
                .allSatisfy(problem -> assertThat(problem).doesNotContain(secret));
    }

    @Test
    void productionAcceptsJwtSecretOf32Utf8Bytes() throws ConfigException {
        String sixteenTwoByteCharacters = "é".repeat(16);

        assertThat(loader.load(production(ConfigKeys.JWT_SECRET, sixteenTwoByteCharacters))
                        .jwtSecret()
                        .byteLength())
                .isEqualTo(32);
    }

    @Test
    void productionRejectsShortApiKey() {
        assertThat(problems(production(ConfigKeys.API_KEY, "short-key-15chr")))
                .containsExactly("SECUREVOX_CALL_API_KEY: 15 characters (expected: at least 16)");
    }

    @Test
    void developmentAcceptsShortSecretsWithWarnings() throws ConfigException {
        ServerConfig config = loader.load(env(ConfigKeys.JWT_SECRET, "dev", ConfigKeys.API_KEY, "key"));

        assertThat(config.jwtSecret().value()).isEqualTo("dev");
        assertThat(config.jwtSecretGenerated()).isFalse();
        assertThat(config.apiKeyGenerated()).isFalse();
        assertThat(config.warnings())
                .containsExactly(
                        "SECUREVOX_CALL_JWT_SECRET: 3 bytes (at least 32 are required in production)",
                        "SECUREVOX_CALL_API_KEY: 3 characters (at least 16 are required in production)");
    }

    @Test
    void secretsKeepSurroundingWhitespaceAndWarnAboutIt() throws ConfigException {
        ServerConfig config = loader.load(production(ConfigKeys.JWT_SECRET, JWT_SECRET + " "));

        assertThat(config.jwtSecret().value()).isEqualTo(JWT_SECRET + " ");
        assertThat(config.warnings())
                .containsExactly(
                        "SECUREVOX_CALL_JWT_SECRET: starts or ends with whitespace, which is part of the secret (intended?)");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        List<String> problems = problems(env(
                ConfigKeys.ENV, "production",
                ConfigKeys.PORT, "x",
                ConfigKeys.MAX_PARTICIPANTS, "0",
                ConfigKeys.TOKEN_TTL, "0s",
                ConfigKeys.CORS_ORIGINS, "nope"));

        assertThat(problems)
                .containsExactly(
                        "SECUREVOX_CALL_PORT: 'x' (expected: an integer from 0 to 65535)",
                        "SECUREVOX_CALL_JWT_SECRET: missing (required in production)",
                        "SECUREVOX_CALL_API_KEY: missing (required in production)",
                        "SECUREVOX_CALL_TOKEN_TTL: '0s' (expected: a duration of at least 1s)",
                        "SECUREVOX_CALL_MAX_PARTICIPANTS: '0' (expected: an integer from 1 to 1000)",
                        "SECUREVOX_CALL_CORS_ORIGINS: 'nope' (expected: an origin such as https://app.example.com, or *)");
    }

    @Test
    void problemsNeverContainSecrets() {
        String secret = "short-secret-value";
        String key = "bad key with spaces";

        assertThatThrownBy(() -> loader.load(production(ConfigKeys.JWT_SECRET, secret, ConfigKeys.API_KEY, key)))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining(secret)
                .hasMessageNotContaining(key);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            NODE_ENV only              | -           | production  | PRODUCTION
            NODE_ENV development       | -           | development | DEVELOPMENT
            SECUREVOX_CALL_ENV wins    | development | production  | DEVELOPMENT
            SECUREVOX_CALL_ENV alone   | production  | -           | PRODUCTION
            blank SECUREVOX_CALL_ENV   | ' '         | production  | PRODUCTION
            neither                    | -           | -           | DEVELOPMENT
            """)
    void modeFallsBackToNodeEnv(String description, String securevoxEnv, String nodeEnv, Mode expected)
            throws ConfigException {
        Map<String, String> env = env(ConfigKeys.JWT_SECRET, JWT_SECRET, ConfigKeys.API_KEY, API_KEY);
        if (securevoxEnv != null) {
            env.put(ConfigKeys.ENV, securevoxEnv);
        }
        if (nodeEnv != null) {
            env.put(ConfigKeys.NODE_ENV, nodeEnv);
        }

        assertThat(loader.load(env).mode()).isEqualTo(expected);
    }

    @Test
    void environmentBeatsConfigFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("securevox-call.properties");
        Files.writeString(file, """
                # comments and blank lines are fine

                SECUREVOX_CALL_ENV=production
                SECUREVOX_CALL_JWT_SECRET=%s
                SECUREVOX_CALL_API_KEY=%s
                SECUREVOX_CALL_PORT=9000
                SECUREVOX_CALL_MAX_PARTICIPANTS = 4
                SECUREVOX_CALL_CORS_ORIGINS=https://app.example.com
                """.formatted(JWT_SECRET, API_KEY), StandardCharsets.UTF_8);

        ServerConfig config = loader.load(env(
                ConfigKeys.CONFIG_FILE, file.toString(),
                ConfigKeys.PORT, "9100",
                ConfigKeys.MAX_PARTICIPANTS, " "));

        assertThat(config.mode()).isEqualTo(Mode.PRODUCTION);
        assertThat(config.jwtSecret().value()).isEqualTo(JWT_SECRET);
        assertThat(config.port()).as("environment wins").isEqualTo(9100);
        assertThat(config.maxParticipants())
                .as("a blank variable does not hide the file")
                .isEqualTo(4);
        assertThat(config.cors().allows("https://app.example.com")).isTrue();
    }

    @Test
    void configFileProblemsAreReportedWithTheOthers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "SECUREVOX_CALL_PORT=abc\nSECUREVOX_CALL_PROT=1\n", StandardCharsets.UTF_8);

        assertThat(problems(env(ConfigKeys.CONFIG_FILE, file.toString(), ConfigKeys.TOKEN_TTL, "x")))
                .containsExactly(
                        "SECUREVOX_CALL_PORT: 'abc' (expected: an integer from 0 to 65535)",
                        "SECUREVOX_CALL_TOKEN_TTL: 'x' (expected: a duration such as 10s, 500ms, 2m, 1h or PT10S)");
    }

    @Test
    void unknownKeysAreWarnedAbout(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.properties");
        Files.writeString(file, "SECUREVOX_CALL_PROT=1\n", StandardCharsets.UTF_8);

        ServerConfig config = loader.load(
                env(ConfigKeys.CONFIG_FILE, file.toString(), "SECUREVOX_CALL_MAX_PARTICIPANT", "4", "PATH", "/bin"));

        assertThat(config.warnings())
                .containsExactly(
                        "SECUREVOX_CALL_CONFIG: '" + file
                                + "' sets unknown key SECUREVOX_CALL_PROT, ignored (misspelt?)",
                        "SECUREVOX_CALL_MAX_PARTICIPANT: unknown setting, ignored (misspelt?)");
    }

    @Test
    void theLaunchersOwnVariablesAreNotTakenForTypos() throws Exception {
        ServerConfig config = loader.load(env(
                "SECUREVOX_CALL_JAR", "/opt/securevox-call/securevox-call.jar",
                "SECUREVOX_CALL_JVM_OPTIONS", "/opt/securevox-call/jvm.options",
                "SECUREVOX_CALL_AOT_CACHE", "/opt/securevox-call/securevox-call.aot",
                "SECUREVOX_CALL_AOT_CACH", "/typo"));

        assertThat(config.warnings()).containsExactly("SECUREVOX_CALL_AOT_CACH: unknown setting, ignored (misspelt?)");
    }

    @Test
    void missingConfigFileIsAnError(@TempDir Path dir) {
        Path missing = dir.resolve("missing.properties");

        assertThat(problems(env(ConfigKeys.CONFIG_FILE, missing.toString())))
                .containsExactly("SECUREVOX_CALL_CONFIG: '" + missing
                        + "' does not exist (expected: a readable file of KEY=value lines)");
    }

    @Test
    void configFileThatIsADirectoryIsAnError(@TempDir Path dir) {
        assertThat(problems(env(ConfigKeys.CONFIG_FILE, dir.toString())))
                .containsExactly("SECUREVOX_CALL_CONFIG: '" + dir
                        + "' is a directory (expected: a readable file of KEY=value lines)");
    }

    @Test
    void productionWarnsAboutAnyOrigin() throws ConfigException {
        assertThat(loader.load(production(ConfigKeys.CORS_ORIGINS, "*")).warnings())
                .containsExactly("SECUREVOX_CALL_CORS_ORIGINS: * allows every web page to use this server (intended?)");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "SECUREVOX_CALL_RING_TIMEOUT     | 500ms | SECUREVOX_CALL_RING_TIMEOUT: '500ms' (expected: a duration of at least 1s)",
                "SECUREVOX_CALL_RING_TIMEOUT     | 121s  | SECUREVOX_CALL_RING_TIMEOUT: '121s' (expected: a duration of at most 2m)",
                "SECUREVOX_CALL_RING_INVITE_RATE | 0     | SECUREVOX_CALL_RING_INVITE_RATE: '0' (expected: an integer from 1 to 1000)",
            })
    void ringSettingsAreBounded(String key, String value, String problem) {
        assertThat(problems(env(key, value))).containsExactly(problem);
    }

    @Test
    void theCallPolicyIsDjangosUrlAndAPath() throws ConfigException {
        assertThat(loader.load(env(
                                ConfigKeys.DJANGO_BACKEND_URL, "http://django:8001",
                                ConfigKeys.DJANGO_CAN_CALL_PATH, "/api/calls/can-call/"))
                        .ring()
                        .canCallUrl())
                .contains(URI.create("http://django:8001/api/calls/can-call/"));
        assertThat(problems(env(ConfigKeys.DJANGO_CAN_CALL_PATH, "/api/calls/can-call/")))
                .containsExactly("SECUREVOX_CALL_DJANGO_CAN_CALL_PATH: set without DJANGO_BACKEND_URL (expected: both,"
                        + " or neither)");
        assertThat(problems(env(
                        ConfigKeys.DJANGO_BACKEND_URL, "http://django:8001",
                        ConfigKeys.DJANGO_CAN_CALL_PATH, "can-call")))
                .containsExactly(
                        "SECUREVOX_CALL_DJANGO_CAN_CALL_PATH: 'can-call' (expected: a URL path starting with /,"
                                + " such as /api/calls/can-call/)");
    }

    @Test
    void ringSettingsDefaultAndAShortTimeoutIsWarnedAbout() throws ConfigException {
        assertThat(loader.load(env()).ring()).isEqualTo(new RingSettings(Duration.ofSeconds(45), 30));
        ServerConfig quick = loader.load(env(ConfigKeys.RING_TIMEOUT, "2s", ConfigKeys.RING_INVITE_RATE, "5"));
        assertThat(quick.ring()).isEqualTo(new RingSettings(Duration.ofSeconds(2), 5));
        assertThat(quick.warnings())
                .contains("SECUREVOX_CALL_RING_TIMEOUT: 2s is shorter than a person needs to answer (advised: at least"
                        + " 10s)");
    }

    @Test
    void qualitySettingsDefaultAndAreRead() throws ConfigException {
        assertThat(loader.load(env()).quality()).isEqualTo(QualitySettings.DEFAULTS);
        ServerConfig set = loader.load(env(
                ConfigKeys.QUALITY_RETENTION, "7d",
                ConfigKeys.QUALITY_ALERT_MOS, "3.6",
                ConfigKeys.QUALITY_ALERT_AFTER, "2s"));
        assertThat(set.quality()).isEqualTo(new QualitySettings(Duration.ofDays(7), 3.6, Duration.ofSeconds(2)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SECUREVOX_CALL_QUALITY_RETENTION    | 10m  | SECUREVOX_CALL_QUALITY_RETENTION: '10m' (expected: a duration of at least 1h)
            SECUREVOX_CALL_QUALITY_ALERT_MOS    | 5    | SECUREVOX_CALL_QUALITY_ALERT_MOS: '5' (expected: a number from 1.0 to 4.5, such as 3.0)
            SECUREVOX_CALL_QUALITY_ALERT_MOS    | -1   | SECUREVOX_CALL_QUALITY_ALERT_MOS: '-1' (expected: a number from 1.0 to 4.5, such as 3.0)
            SECUREVOX_CALL_QUALITY_ALERT_MOS    | good | SECUREVOX_CALL_QUALITY_ALERT_MOS: 'good' (expected: a number from 1.0 to 4.5, such as 3.0)
            SECUREVOX_CALL_QUALITY_ALERT_AFTER  | 2h   | SECUREVOX_CALL_QUALITY_ALERT_AFTER: '2h' (expected: a duration of at most 1h)
            """)
    void badQualitySettingsAreRefused(String key, String value, String problem) {
        assertThatThrownBy(() -> loader.load(env(key, value)))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.problems()).contains(problem));
    }

    @Test
    void describeIsLogSafe() throws ConfigException {
        ServerConfig config = loader.load(production(
                ConfigKeys.DJANGO_BACKEND_URL, "http://django:8001",
                ConfigKeys.CORS_ORIGINS, "https://b.example.com,https://a.example.com",
                ConfigKeys.PUBLIC_ORIGIN, "https://call.example.com",
                ConfigKeys.RECONNECT_GRACE, "500ms",
                ConfigKeys.SFU, "off",
                ConfigKeys.NODE_ID, "call-1"));

        assertThat(config.describe()).isEqualTo("""
                        mode: production
                        listen: 0.0.0.0:8002
                        jwt secret: *** (configured)
                        api key: *** (configured)
                        django verification: http://django:8001/api/auth/verify/
                        reconnect grace: 500ms
                        token ttl: 1h
                        max participants: 16
                        cors origins: https://a.example.com, https://b.example.com
                        public origins: https://call.example.com
                        drain timeout: 30s
                        auth timeout: 10s
                        ping interval: 25s, timeout 20s
                        http idle timeout: 1m
                        ice servers: stun:stun.l.google.com:19302
                        event rate limit: 50/s, burst 500
                        log format: json
                        io threads: default (one per core)
                        demo page: off
                        tls: off (behind a proxy)
                        trusted proxies: none (X-Forwarded-For ignored)
                        turn: off
                        sfu: off
                        media: auto (mesh: no SFU)
                        history: sqlite ./data/history.db, queue 10000
                        metrics token: none (/metrics is open)
                        webhooks: off
                        recordings: ./data/recordings, kept for ever, at least 1GB kept free
                        ringing: timeout 45s, 30 invites a minute per user, call policy off
                        call quality: kept 30d, alert below MOS 3.0 for 30s
                        push: off (devices can register; nobody is pushed)
                        cluster: off (single node), node call-1
                        admin sign-in: API key only""");
        assertThat(config.toString()).doesNotContain(JWT_SECRET).doesNotContain(API_KEY);
    }

    @Test
    void describeSaysWhichSecretsWereGenerated() throws ConfigException {
        ServerConfig config = loader.load(Map.of());

        assertThat(config.describe())
                .contains("jwt secret: *** (generated for this run)")
                .contains("api key: *** (generated for this run)")
                .contains("django verification: off")
                .contains("cors origins: any")
                .contains("public origins: none (own pages on localhost and IP addresses only)")
                .contains("listen: 127.0.0.1:8002")
                .doesNotContain("generated-secret-");
    }

    @Test
    void randomSecretsAre32BytesOfBase64Url() {
        String secret =
                ConfigLoader.randomSecrets(new java.security.SecureRandom()).get();

        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        assertThat(java.util.Base64.getUrlDecoder().decode(secret)).hasSize(32);
    }

    @Test
    void fromSystemReadsTheProcessEnvironment() {
        // The test JVM's environment is whatever CI has, so only check that it is read, not what it holds.
        try {
            assertThat(ConfigLoader.fromSystem()).isNotNull();
        } catch (ConfigException e) {
            assertThat(e.problems()).isNotEmpty();
        }
    }
}
