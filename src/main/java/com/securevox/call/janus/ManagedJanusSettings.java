package com.securevox.call.janus;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a managed Janus is configured with, from our settings.
 *
 * @param binary the {@code janus} program: a path, or a name looked up on PATH
 * @param dir where its configuration files are written (and {@code -F} points), created if missing
 * @param apiPort the loopback port of its WebSocket API; 0 for a free one chosen at each start
 * @param rtpLow the first port of {@code rtp_port_range}
 * @param rtpHigh the last port of {@code rtp_port_range}
 * @param publicIp the public address in front of this machine ({@code nat_1_1_mapping}), behind a 1:1 NAT
 * @param mediaIp the one address of this machine Janus gathers candidates on ({@code ice_enforce_list}); empty for
 *     every interface
 */
public record ManagedJanusSettings(
        Path binary,
        Path dir,
        int apiPort,
        int rtpLow,
        int rtpHigh,
        Optional<String> publicIp,
        Optional<String> mediaIp) {

    /** Values become quoted strings of a jcfg file: nothing that could end the string or the line. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9.:_-]+");

    public ManagedJanusSettings {
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(publicIp, "publicIp");
        Objects.requireNonNull(mediaIp, "mediaIp");
        if (apiPort < 0 || apiPort > 65_535) {
            throw new IllegalArgumentException("janus api port: " + apiPort + " (expected: 0 to 65535)");
        }
        if (rtpLow < 1024 || rtpLow > rtpHigh || rtpHigh > 65_535) {
            throw new IllegalArgumentException(
                    "janus rtp ports: " + rtpLow + "-" + rtpHigh + " (expected: low-high within 1024 to 65535)");
        }
        for (String ip : new String[] {publicIp.orElse("0"), mediaIp.orElse("0")}) {
            if (!SAFE.matcher(ip).matches()) {
                throw new IllegalArgumentException("janus address: '" + ip + "' (expected: an IP address)");
            }
        }
        String folder = dir.toString();
        if (folder.contains("\"") || folder.contains("\\") || folder.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException(
                    "janus dir: '" + folder + "' (expected: a path without quotes, backslashes or control characters)");
        }
    }

    /** The same with the API on {@code port}: the one chosen for this start when the setting is 0. */
    ManagedJanusSettings onPort(int port) {
        return new ManagedJanusSettings(binary, dir, port, rtpLow, rtpHigh, publicIp, mediaIp);
    }
}
