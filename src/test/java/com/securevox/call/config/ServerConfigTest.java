package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The record refuses, on its own, what the loader refuses: a hand-built config cannot bypass the rules. */
class ServerConfigTest {

    private static ServerConfig production() throws ConfigException {
        return new ConfigLoader(() -> "unused")
                .load(Map.of(
                        ConfigKeys.ENV, "production",
                        ConfigKeys.JWT_SECRET, ConfigLoaderTest.JWT_SECRET,
                        ConfigKeys.API_KEY, ConfigLoaderTest.API_KEY));
    }

    private static ServerConfig copy(
            ServerConfig c,
            int port,
            int maxParticipants,
            Optional<URI> django,
            boolean jwtSecretGenerated,
            Secret jwt) {
        return copy(
                c,
                port,
                maxParticipants,
                django,
                jwtSecretGenerated,
                jwt,
                c.publicOrigins(),
                c.pingInterval(),
                c.pingTimeout(),
                c.httpIdleTimeout());
    }

    private static ServerConfig copy(
            ServerConfig c,
            int port,
            int maxParticipants,
            Optional<URI> django,
            boolean jwtSecretGenerated,
            Secret jwt,
            Set<String> publicOrigins,
            Duration pingInterval,
            Duration pingTimeout,
            Duration httpIdleTimeout) {
        return new ServerConfig(
                c.mode(),
                c.host(),
                port,
                jwt,
                jwtSecretGenerated,
                c.apiKey(),
                c.apiKeyGenerated(),
                django,
                c.djangoVerifyPath(),
                c.reconnectGrace(),
                c.tokenTtl(),
                maxParticipants,
                c.cors(),
                publicOrigins,
                c.drainTimeout(),
                c.authTimeout(),
                pingInterval,
                pingTimeout,
                httpIdleTimeout,
                c.iceServers(),
                c.eventRateLimit(),
                c.logFormat(),
                c.ioThreads(),
                c.demo(),
                c.tls(),
                c.behindProxy(),
                c.trustedProxies(),
                c.turn(),
                c.sfu(),
                c.media(),
                c.database(),
                c.historyQueue(),
                c.metricsToken(),
                c.webhook(),
                c.recording(),
                c.ring(),
                c.quality(),
                c.push(),
                c.cluster(),
                c.admin(),
                List.of());
    }

    @Test
    void refusesWhatTheLoaderRefuses() throws ConfigException {
        ServerConfig c = production();

        assertThatThrownBy(() -> copy(c, 65_536, 16, Optional.empty(), false, c.jwtSecret()))
                .hasMessage("port: 65536 (expected: 0 to 65535)");
        assertThatThrownBy(() -> copy(c, 8002, 0, Optional.empty(), false, c.jwtSecret()))
                .hasMessage("maxParticipants: 0 (expected: 1 to 1000)");
        assertThatThrownBy(() -> copy(c, 8002, 16, Optional.empty(), true, c.jwtSecret()))
                .hasMessage("generated secrets: not allowed in production");
        assertThatThrownBy(() -> copy(c, 8002, 16, Optional.empty(), false, new Secret("short")))
                .hasMessage("jwtSecret: 5 bytes (expected: at least 32 in production)");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            pingInterval    | PT0S      | pingInterval: 0s (expected: > 0)
            pingInterval    | PT-1S     | pingInterval: PT-1S (expected: > 0)
            pingInterval    | PT0.0005S | pingInterval: PT0.0005S (expected: at least 1ms)
            pingInterval    | PT5M1S    | pingInterval: 301s (expected: at most 5m)
            pingTimeout     | PT0S      | pingTimeout: 0s (expected: > 0)
            pingTimeout     | PT6M      | pingTimeout: 6m (expected: at most 5m)
            httpIdleTimeout | PT0S      | httpIdleTimeout: 0s (expected: > 0)
            httpIdleTimeout | PT1H0.001S | httpIdleTimeout: 3600001ms (expected: at most 1h)
            """)
    void refusesTimeoutsOutOfRange(String field, Duration value, String message) throws ConfigException {
        ServerConfig c = production();

        assertThatThrownBy(() -> copy(
                        c,
                        8002,
                        16,
                        Optional.empty(),
                        false,
                        c.jwtSecret(),
                        c.publicOrigins(),
                        field.equals("pingInterval") ? value : c.pingInterval(),
                        field.equals("pingTimeout") ? value : c.pingTimeout(),
                        field.equals("httpIdleTimeout") ? value : c.httpIdleTimeout()))
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            https://Call.example.com
            https://call.example.com:443
            ws://call.example.com
            call.example.com
            """)
    void refusesPublicOriginsThatAreNotNormalisedWebOrigins(String origin) throws ConfigException {
        ServerConfig c = production();

        assertThatThrownBy(() -> copy(
                        c,
                        8002,
                        16,
                        Optional.empty(),
                        false,
                        c.jwtSecret(),
                        Set.of(origin),
                        c.pingInterval(),
                        c.pingTimeout(),
                        c.httpIdleTimeout()))
                .hasMessage("publicOrigins: '" + origin
                        + "' (expected: a normalised http or https origin such as https://call.example.com)");
    }

    @Test
    void refusesDjangoUrlWithCredentialsWithoutQuotingIt() throws ConfigException {
        ServerConfig c = production();
        Optional<URI> withPassword = Optional.of(URI.create("http://admin:hunter2@django:8001"));

        assertThatThrownBy(() -> copy(c, 8002, 16, withPassword, false, c.jwtSecret()))
                .hasMessageNotContaining("hunter2")
                .hasMessageStartingWith("djangoBackendUrl: refused");
    }
}
