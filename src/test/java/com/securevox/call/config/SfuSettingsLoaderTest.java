package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.media.MediaSetting;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SECUREVOX_CALL_SFU*, SECUREVOX_CALL_JANUS_BIN and SECUREVOX_CALL_MEDIA settings, on a machine of our making. */
class SfuSettingsLoaderTest {
    private static final String SECRET = "janus-api-secret-0123456789";

    /** A machine with only the given programs installed. */
    private static ConfigLoader machineWith(String... programs) {
        Set<Path> installed = Arrays.stream(programs).map(Path::of).collect(Collectors.toSet());
        return new ConfigLoader(() -> "generated-secret", ConfigLoaderTest.HOSTS, installed::contains);
    }

    private static Map<String, String> env(String... keysAndValues) {
        return ConfigLoaderTest.env(keysAndValues);
    }

    @Test
    void offWhereJanusIsNotInstalled() throws ConfigException {
        ServerConfig config = machineWith().load(env("PATH", "/usr/local/bin:/usr/bin"));

        assertThat(config.sfu()).isEqualTo(SfuSettings.off());
        assertThat(config.media()).isEqualTo(MediaSetting.AUTO);
        assertThat(config.describe()).contains("sfu: off", "media: auto (mesh: no SFU)");
    }

    @Test
    void managedWhereJanusIsOnThePathWithSafeDefaults() throws ConfigException {
        ServerConfig config =
                machineWith("/opt/janus/bin/janus").load(env("PATH", "/usr/local/bin:/opt/janus/bin:/usr/bin"));

        SfuSettings.Managed janus = (SfuSettings.Managed) config.sfu();
        assertThat(janus.binary()).isEqualTo(Path.of("/opt/janus/bin/janus"));
        assertThat(janus.dir()).isEqualTo(Path.of("./data/janus"));
        assertThat(janus.rtpPorts()).isEqualTo(new PortRange(20_000, 40_000));
        assertThat(janus.apiPort()).isZero();
        assertThat(janus.publicIp()).isEmpty();
        assertThat(janus.bitrate()).isEqualTo(2_500_000);
        assertThat(config.describe())
                .contains("sfu: managed (/opt/janus/bin/janus, configuration in ./data/janus, api on 127.0.0.1:a free"
                        + " port, rtp ports 20000-40000, publisher bitrate 2500000)");
    }

    @Test
    void debiansJanusIsFoundWhenThePathLacksIt() throws ConfigException {
        SfuSettings sfu =
                machineWith("/usr/bin/janus").load(env("PATH", "/bin")).sfu();

        assertThat(sfu).isInstanceOfSatisfying(SfuSettings.Managed.class, m -> assertThat(m.binary())
                .isEqualTo(Path.of("/usr/bin/janus")));
    }

    @Test
    void theConfiguredProgramDecidesTheDefault() throws ConfigException {
        assertThat(machineWith("/usr/bin/janus", "/srv/janus")
                        .load(env(ConfigKeys.JANUS_BIN, "/srv/janus"))
                        .sfu())
                .isInstanceOfSatisfying(
                        SfuSettings.Managed.class, m -> assertThat(m.binary()).isEqualTo(Path.of("/srv/janus")));
        // Named but missing: not quietly another janus, and no SFU unless asked for.
        assertThat(machineWith("/usr/bin/janus")
                        .load(env(ConfigKeys.JANUS_BIN, "/nonexistent"))
                        .sfu())
                .isEqualTo(SfuSettings.off());
    }

    @Test
    void managedAskedForWithoutJanusRunsWhatWasNamedSoThatTheStartNamesIt() throws ConfigException {
        assertThat(machineWith()
                        .load(env(ConfigKeys.SFU, "managed", ConfigKeys.JANUS_BIN, "/nonexistent"))
                        .sfu())
                .isInstanceOfSatisfying(
                        SfuSettings.Managed.class, m -> assertThat(m.binary()).isEqualTo(Path.of("/nonexistent")));
        assertThat(machineWith().load(env(ConfigKeys.SFU, "managed")).sfu())
                .isInstanceOfSatisfying(
                        SfuSettings.Managed.class, m -> assertThat(m.binary()).isEqualTo(Path.of("janus")));
    }

    @Test
    void managedSettings() throws ConfigException {
        ServerConfig config = machineWith("/usr/bin/janus")
                .load(env(
                        ConfigKeys.SFU_RTP_PORTS, "30000-30999",
                        ConfigKeys.SFU_API_PORT, "8188",
                        ConfigKeys.SFU_PUBLIC_IP, "203.0.113.10",
                        ConfigKeys.SFU_BITRATE, "800000",
                        ConfigKeys.DATA_DIR, "/var/lib/securevox",
                        ConfigKeys.MEDIA, "sfu"));

        assertThat(config.sfu())
                .isEqualTo(new SfuSettings.Managed(
                        Path.of("/usr/bin/janus"),
                        Path.of("/var/lib/securevox/janus"),
                        new PortRange(30_000, 30_999),
                        8188,
                        Optional.of("203.0.113.10"),
                        800_000));
        assertThat(config.media()).isEqualTo(MediaSetting.SFU);
    }

    @Test
    void aManagedCoturnsExternalAddressIsJanussPublicOneUnlessAnotherIsSet() throws ConfigException {
        ConfigLoader loader = machineWith("/usr/bin/janus");
        Map<String, String> env = env(ConfigKeys.TURN, "managed", ConfigKeys.TURN_EXTERNAL_IP, "198.51.100.7");

        assertThat(((SfuSettings.Managed) loader.load(env).sfu()).publicIp()).contains("198.51.100.7");
        env.put(ConfigKeys.SFU_PUBLIC_IP, "203.0.113.10");
        assertThat(((SfuSettings.Managed) loader.load(env).sfu()).publicIp()).contains("203.0.113.10");
    }

    @Test
    void externalJanus() throws ConfigException {
        ServerConfig config = machineWith()
                .load(env(
                        ConfigKeys.SFU, "external",
                        ConfigKeys.SFU_URL, "wss://janus.internal:8989/",
                        ConfigKeys.SFU_SECRET, SECRET));

        assertThat(config.sfu())
                .isEqualTo(new SfuSettings.External(
                        URI.create("wss://janus.internal:8989/"), new Secret(SECRET), SfuSettings.DEFAULT_BITRATE));
        assertThat(config.describe())
                .contains("sfu: external (janus at wss://janus.internal:8989/")
                .doesNotContain(SECRET);
    }

    @Test
    void externalJanusWithItsAdminApi() throws ConfigException {
        ServerConfig config = machineWith()
                .load(env(
                        ConfigKeys.SFU, "external",
                        ConfigKeys.SFU_URL, "ws://127.0.0.1:8188",
                        ConfigKeys.SFU_SECRET, SECRET,
                        ConfigKeys.SFU_ADMIN_URL, "ws://127.0.0.1:7188",
                        ConfigKeys.SFU_ADMIN_SECRET, "janus-admin-secret-0123456789"));

        assertThat(((SfuSettings.External) config.sfu()).admin())
                .contains(new SfuSettings.Admin(
                        URI.create("ws://127.0.0.1:7188"), new Secret("janus-admin-secret-0123456789")));
        assertThat(config.describe())
                .contains("admin api at ws://127.0.0.1:7188 with its secret ***")
                .doesNotContain("janus-admin-secret");
    }

    @Test
    void settingsOfAnotherModeAreIgnoredWithAWarning() throws ConfigException {
        ServerConfig config = machineWith()
                .load(env(
                        ConfigKeys.SFU, "off",
                        ConfigKeys.SFU_URL, "ws://127.0.0.1:8188",
                        ConfigKeys.SFU_RTP_PORTS, "30000-31000"));

        assertThat(config.warnings())
                .contains(
                        "SECUREVOX_CALL_SFU_URL: ignored (only used with SECUREVOX_CALL_SFU=external)",
                        "SECUREVOX_CALL_SFU_RTP_PORTS: ignored (only used with SECUREVOX_CALL_SFU=managed)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            external without url    | SECUREVOX_CALL_SFU=external,SECUREVOX_CALL_SFU_SECRET=janus-api-secret-0123456789 | SECUREVOX_CALL_SFU_URL: missing (expected: Janus's WebSocket API, such as ws://127.0.0.1:8188, required with SECUREVOX_CALL_SFU=external)
            external without secret | SECUREVOX_CALL_SFU=external,SECUREVOX_CALL_SFU_URL=ws://127.0.0.1:8188 | SECUREVOX_CALL_SFU_SECRET: missing (expected: Janus's api_secret, required with SECUREVOX_CALL_SFU=external)
            an http url             | SECUREVOX_CALL_SFU=external,SECUREVOX_CALL_SFU_URL=http://127.0.0.1:8088/janus,SECUREVOX_CALL_SFU_SECRET=janus-api-secret-0123456789 | SECUREVOX_CALL_SFU_URL: 'http://127.0.0.1:8088/janus' (expected: a ws:// or wss:// URL such as ws://127.0.0.1:8188)
            credentials in the url  | SECUREVOX_CALL_SFU=external,SECUREVOX_CALL_SFU_URL=ws://admin:pw@127.0.0.1:8188,SECUREVOX_CALL_SFU_SECRET=janus-api-secret-0123456789 | SECUREVOX_CALL_SFU_URL: contains user:password@ (expected: a ws:// or wss:// URL without credentials; the secret goes in SECUREVOX_CALL_SFU_SECRET)
            admin url alone         | SECUREVOX_CALL_SFU=external,SECUREVOX_CALL_SFU_URL=ws://127.0.0.1:8188,SECUREVOX_CALL_SFU_SECRET=janus-api-secret-0123456789,SECUREVOX_CALL_SFU_ADMIN_URL=ws://127.0.0.1:7188 | SECUREVOX_CALL_SFU_ADMIN_SECRET: missing (expected: set together with SECUREVOX_CALL_SFU_ADMIN_URL, or neither for no Admin API)
            admin secret alone      | SECUREVOX_CALL_SFU=external,SECUREVOX_CALL_SFU_URL=ws://127.0.0.1:8188,SECUREVOX_CALL_SFU_SECRET=janus-api-secret-0123456789,SECUREVOX_CALL_SFU_ADMIN_SECRET=janus-admin-secret-0123456789 | SECUREVOX_CALL_SFU_ADMIN_URL: missing (expected: set together with SECUREVOX_CALL_SFU_ADMIN_SECRET, or neither for no Admin API)
            an http admin url       | SECUREVOX_CALL_SFU=external,SECUREVOX_CALL_SFU_URL=ws://127.0.0.1:8188,SECUREVOX_CALL_SFU_SECRET=janus-api-secret-0123456789,SECUREVOX_CALL_SFU_ADMIN_URL=http://127.0.0.1:7088/admin,SECUREVOX_CALL_SFU_ADMIN_SECRET=janus-admin-secret-0123456789 | SECUREVOX_CALL_SFU_ADMIN_URL: 'http://127.0.0.1:7088/admin' (expected: a ws:// or wss:// URL such as ws://127.0.0.1:7188)
            a short admin secret    | SECUREVOX_CALL_ENV=production,SECUREVOX_CALL_SFU=external,SECUREVOX_CALL_SFU_URL=ws://127.0.0.1:8188,SECUREVOX_CALL_SFU_SECRET=janus-api-secret-0123456789,SECUREVOX_CALL_SFU_ADMIN_URL=ws://127.0.0.1:7188,SECUREVOX_CALL_SFU_ADMIN_SECRET=short | SECUREVOX_CALL_SFU_ADMIN_SECRET: 5 characters (expected: at least 16 in production)
            a short secret          | SECUREVOX_CALL_ENV=production,SECUREVOX_CALL_SFU=external,SECUREVOX_CALL_SFU_URL=ws://127.0.0.1:8188,SECUREVOX_CALL_SFU_SECRET=short | SECUREVOX_CALL_SFU_SECRET: 5 characters (expected: at least 16 in production)
            rtp ports reversed      | SECUREVOX_CALL_SFU=managed,SECUREVOX_CALL_SFU_RTP_PORTS=40000-20000 | SECUREVOX_CALL_SFU_RTP_PORTS: '40000-20000' (expected: low-high within 1024 to 65535, such as 20000-40000)
            rtp ports privileged    | SECUREVOX_CALL_SFU=managed,SECUREVOX_CALL_SFU_RTP_PORTS=100-200 | SECUREVOX_CALL_SFU_RTP_PORTS: '100-200' (expected: low-high within 1024 to 65535, such as 20000-40000)
            rtp over coturn's relay | SECUREVOX_CALL_SFU=managed,SECUREVOX_CALL_TURN=managed,SECUREVOX_CALL_SFU_RTP_PORTS=50000-60000 | SECUREVOX_CALL_SFU_RTP_PORTS: '50000-60000' overlaps SECUREVOX_CALL_TURN_RELAY_PORTS 49152-65535 (expected: separate ranges, such as 20000-40000 for Janus)
            api port out of range   | SECUREVOX_CALL_SFU=managed,SECUREVOX_CALL_SFU_API_PORT=70000 | SECUREVOX_CALL_SFU_API_PORT: '70000' (expected: an integer from 1 to 65535)
            api port in rtp range   | SECUREVOX_CALL_SFU=managed,SECUREVOX_CALL_SFU_API_PORT=25000 | SECUREVOX_CALL_SFU_API_PORT: '25000' is in SECUREVOX_CALL_SFU_RTP_PORTS 20000-40000 (expected: a port outside it)
            public ip a name        | SECUREVOX_CALL_SFU=managed,SECUREVOX_CALL_SFU_PUBLIC_IP=call.example.com | SECUREVOX_CALL_SFU_PUBLIC_IP: 'call.example.com' (expected: the public IPv4 or IPv6 address in front of this machine, not a name or a wildcard)
            public ip a wildcard    | SECUREVOX_CALL_SFU=managed,SECUREVOX_CALL_SFU_PUBLIC_IP=0.0.0.0 | SECUREVOX_CALL_SFU_PUBLIC_IP: '0.0.0.0' (expected: the public IPv4 or IPv6 address in front of this machine, not a name or a wildcard)
            media sfu without one   | SECUREVOX_CALL_SFU=off,SECUREVOX_CALL_MEDIA=sfu | SECUREVOX_CALL_MEDIA: 'sfu' with no SFU (expected: SECUREVOX_CALL_SFU=managed or external, or SECUREVOX_CALL_MEDIA=auto or mesh)
            media sfu, janus absent | SECUREVOX_CALL_MEDIA=SFU | SECUREVOX_CALL_MEDIA: 'sfu' with no SFU (expected: SECUREVOX_CALL_SFU=managed or external, or SECUREVOX_CALL_MEDIA=auto or mesh)
            """)
    void refuses(String description, String settings, String expectedProblem) {
        Map<String, String> env = new HashMap<>();
        env.put(ConfigKeys.JWT_SECRET, ConfigLoaderTest.JWT_SECRET);
        env.put(ConfigKeys.API_KEY, ConfigLoaderTest.API_KEY);
        env.put(ConfigKeys.BEHIND_PROXY, "true");
        for (String pair : settings.split(",")) {
            String[] kv = pair.split("=", 2);
            env.put(kv[0], kv[1]);
        }

        assertThat(ConfigLoaderTest.problems(machineWith(), env)).containsExactly(expectedProblem);
    }

    @Test
    void aHandBuiltConfigCannotOverlapTheRangesEither() {
        assertThat(new PortRange(20_000, 40_000).overlaps(new PortRange(40_000, 40_001)))
                .isTrue();
        assertThat(new PortRange(20_000, 40_000).overlaps(new PortRange(49_152, 65_535)))
                .isFalse();
        assertThatThrownBy(() -> new SfuSettings.Managed(
                        Path.of("janus"), Path.of("d"), new PortRange(20_000, 40_000), 30_000, Optional.empty(), 1))
                .hasMessage("sfu api port: 30000 is in the rtp port range 20000-40000 (expected: a port outside it)");
    }
}
