package com.securevox.call.janus;

import java.util.Objects;
import java.util.Set;

/**
 * What a Janus says of itself in answer to {@code info}: enough to know it is ours and will do.
 *
 * @param version its version, such as {@code 1.1.2}
 * @param serverName its {@code server_name}
 * @param apiSecret whether it requires an API secret
 * @param plugins the plugins it loaded ({@code janus.plugin.videoroom}, …)
 * @param transports the transports it loaded ({@code janus.transport.websockets}, …)
 */
public record JanusInfo(
        String version, String serverName, boolean apiSecret, Set<String> plugins, Set<String> transports) {
    public static final String VIDEOROOM = "janus.plugin.videoroom";

    public JanusInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(serverName, "serverName");
        plugins = Set.copyOf(plugins);
        transports = Set.copyOf(transports);
    }
}
