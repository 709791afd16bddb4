package com.securevox.call.config;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of the {@code iceServers} list handed to clients, shaped like WebRTC's {@code RTCIceServer} so it can be
 * serialised as is: {@code {"urls": ["stun:..."]}}. Only STUN is supported: TURN needs credentials, which this server
 * does not issue.
 */
public record IceServer(List<String> urls) {

    private static final Pattern STUN_URL =
            Pattern.compile("stuns?:(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(:\\d{1,5})?");

    public IceServer {
        Objects.requireNonNull(urls, "urls");
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("ICE server urls: empty (expected: at least one stun: or stuns: URL)");
        }
        for (String url : urls) {
            if (!isStunUrl(url)) {
                throw new IllegalArgumentException(
                        "ICE server url: '" + url + "' (expected: stun:host[:port] or stuns:host[:port])");
            }
        }
    }

    /** Whether {@code url} is {@code stun:host[:port]} or {@code stuns:host[:port]} (RFC 7064), scheme in lower case. */
    public static boolean isStunUrl(String url) {
        return url != null && STUN_URL.matcher(url).matches();
    }
}
