package com.securevox.call.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The SFU that group calls go through ({@code SECUREVOX_CALL_SFU}): none, a Janus the operator runs, or one this server
 * runs. Each variant checks its own values, so a hand-built one cannot be what the loader would refuse.
 */
public sealed interface SfuSettings permits SfuSettings.Off, SfuSettings.External, SfuSettings.Managed {
    /** Per-publisher bitrate cap, in bits per second, when none is configured: enough for 720p simulcast. */
    int DEFAULT_BITRATE = 2_500_000;

    int MIN_BITRATE = 64_000;
    int MAX_BITRATE = 50_000_000;

    SfuMode mode();

    /** One line for the start-up summary; never a secret. */
    String describe();

    static SfuSettings off() {
        return new Off();
    }

    /** No SFU: every call is a mesh. */
    record Off() implements SfuSettings {
        @Override
        public SfuMode mode() {
            return SfuMode.OFF;
        }

        @Override
        public String describe() {
            return "off";
        }
    }

    /**
     * A Janus run by the operator.
     *
     * @param url its WebSocket API ({@code ws://} or {@code wss://})
     * @param apiSecret its {@code api_secret}
     * @param bitrate the cap on each publisher, bits per second
     * @param admin its Admin API, when the operator lets us read it: the server's own view of SFU calls' quality
     */
    record External(URI url, Secret apiSecret, int bitrate, Optional<Admin> admin) implements SfuSettings {
        public External {
            Objects.requireNonNull(apiSecret, "apiSecret");
            Objects.requireNonNull(admin, "admin");
            requireWebSocket("sfu url", url);
            requireBitrate(bitrate);
        }

        /** Without the Admin API. */
        public External(URI url, Secret apiSecret, int bitrate) {
            this(url, apiSecret, bitrate, Optional.empty());
        }

        @Override
        public SfuMode mode() {
            return SfuMode.EXTERNAL;
        }

        @Override
        public String describe() {
            return "external (janus at " + url + ", api secret ***, publisher bitrate " + bitrate
                    + admin.map(a -> ", admin api at " + a.url() + " with its secret ***")
                            .orElse(", no admin api") + ")";
        }
    }

    /**
     * An external Janus's Admin API ({@code SECUREVOX_CALL_SFU_ADMIN_URL}, {@code SECUREVOX_CALL_SFU_ADMIN_SECRET}).
     *
     * @param url its WebSocket admin transport ({@code admin_ws} of janus.transport.websockets.jcfg)
     * @param secret its {@code admin_secret}
     */
    record Admin(URI url, Secret secret) {
        public Admin {
            Objects.requireNonNull(secret, "secret");
            requireWebSocket("sfu admin url", url);
        }
    }

    /**
     * A Janus this server runs.
     *
     * @param binary the {@code janus} program: a path, or a name looked up on PATH when it starts
     * @param dir where its configuration is written ({@code <data dir>/janus})
     * @param rtpPorts its {@code rtp_port_range}: the UDP ports of the media
     * @param apiPort the loopback port of its WebSocket API; 0 for a free one chosen at each start
     * @param publicIp the public address in front of this machine ({@code nat_1_1_mapping}), behind a 1:1 NAT
     * @param bitrate the cap on each publisher, bits per second
     */
    record Managed(Path binary, Path dir, PortRange rtpPorts, int apiPort, Optional<String> publicIp, int bitrate)
            implements SfuSettings {
        public Managed {
            Objects.requireNonNull(binary, "binary");
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(rtpPorts, "rtpPorts");
            Objects.requireNonNull(publicIp, "publicIp");
            if (apiPort < 0 || apiPort > PortRange.HIGHEST) {
                throw new IllegalArgumentException("sfu api port: " + apiPort + " (expected: 0, a free one, to 65535)");
            }
            if (rtpPorts.contains(apiPort)) {
                throw new IllegalArgumentException("sfu api port: " + apiPort + " is in the rtp port range " + rtpPorts
                        + " (expected: a port outside it)");
            }
            requireBitrate(bitrate);
        }

        @Override
        public SfuMode mode() {
            return SfuMode.MANAGED;
        }

        @Override
        public String describe() {
            return "managed (" + binary + ", configuration in " + dir + ", api on 127.0.0.1:"
                    + (apiPort == 0 ? "a free port" : Integer.toString(apiPort)) + ", rtp ports " + rtpPorts
                    + publicIp.map(ip -> ", public ip " + ip).orElse("") + ", publisher bitrate " + bitrate + ")";
        }
    }

    private static void requireWebSocket(String name, URI url) {
        Objects.requireNonNull(url, name);
        String scheme = Objects.requireNonNullElse(url.getScheme(), "").toLowerCase(Locale.ROOT);
        if (!(scheme.equals("ws") || scheme.equals("wss")) || url.getHost() == null || url.getUserInfo() != null) {
            throw new IllegalArgumentException(
                    name + ": '" + url + "' (expected: a ws:// or wss:// URL without credentials)");
        }
    }

    private static void requireBitrate(int bitrate) {
        if (bitrate < MIN_BITRATE || bitrate > MAX_BITRATE) {
            throw new IllegalArgumentException(
                    "sfu bitrate: " + bitrate + " (expected: " + MIN_BITRATE + " to " + MAX_BITRATE + ")");
        }
    }
}
