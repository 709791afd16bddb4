package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
                c.drainTimeout(),
                c.authTimeout(),
                c.iceServers(),
                c.eventRateLimit(),
                c.logFormat(),
                c.ioThreads(),
                c.demo(),
                c.tls(),
                c.behindProxy(),
                c.trustedProxies(),
                c.turn(),
                c.database(),
                c.historyQueue(),
                c.metricsToken(),
                c.webhook(),
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

    @Test
    void refusesDjangoUrlWithCredentialsWithoutQuotingIt() throws ConfigException {
        ServerConfig c = production();
        Optional<URI> withPassword = Optional.of(URI.create("http://admin:hunter2@django:8001"));

        assertThatThrownBy(() -> copy(c, 8002, 16, withPassword, false, c.jwtSecret()))
                .hasMessageNotContaining("hunter2")
                .hasMessageStartingWith("djangoBackendUrl: refused");
    }
}
