package com.securevox.call.config;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of the {@code iceServers} list handed to clients, shaped like WebRTC's {@code RTCIceServer} so it can be
 * serialised as is: {@code {"urls": ["stun:..."]}}. These are the shared STUN entries; TURN entries need credentials
 * minted per participant, so they are not configured here but in {@link TurnSettings}.
 */
public record IceServer(List<String> urls) {

    private static final String HOST_PORT =
            "(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(:\\d{1,5})?";
    private static final Pattern STUN_URL = Pattern.compile("stuns?:" + HOST_PORT);
    private static final Pattern TURN_URL = Pattern.compile("turns?:" + HOST_PORT + "(\\?transport=(udp|tcp))?");

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

    /**
     * Whether {@code url} may be handed out with TURN credentials: {@code turn:}/{@code turns:host[:port]} with an
     * optional {@code ?transport=udp|tcp} (RFC 7065), or a STUN URL as above.
     */
    public static boolean isTurnServerUrl(String url) {
        return url != null && (TURN_URL.matcher(url).matches() || isStunUrl(url));
    }
}
