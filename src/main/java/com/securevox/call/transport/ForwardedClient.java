package com.securevox.call.transport;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Who the client is when proxies stand in front: {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed
 * only from a TCP peer inside a trusted network, and then the client is the rightmost hop that is not itself a trusted
 * proxy (the hops to its left were written by the client and can say anything). Pure: the transport hands in the peer
 * and the header values.
 */
final class ForwardedClient {
    /** Longer header lists are cut: nobody's proxy chain is this deep, and a flood must not cost a walk. */
    static final int MAX_HOPS = 32;

    static final String X_FORWARDED_FOR = "x-forwarded-for";
    static final String X_FORWARDED_PROTO = "x-forwarded-proto";

    private ForwardedClient() {}

    /**
     * @param address the client's IP address as text
     * @param proto {@code http} or {@code https} as a trusted proxy said it received the request; empty when no
     *     trusted proxy said so
     */
    record Client(String address, Optional<String> proto) {}

    /**
     * @param forwardedFor every {@code X-Forwarded-For} header value, in order of appearance
     * @param forwardedProto every {@code X-Forwarded-Proto} header value, in order of appearance
     */
    static Client resolve(
            InetAddress peer, Predicate<InetAddress> trusted, List<String> forwardedFor, List<String> forwardedProto) {
        if (!trusted.test(peer)) {
            return new Client(peer.getHostAddress(), Optional.empty());
        }
        InetAddress client = peer;
        List<String> hops = hops(forwardedFor);
        for (int i = hops.size() - 1; i >= 0 && trusted.test(client); i--) {
            Optional<InetAddress> hop = address(hops.get(i));
            if (hop.isEmpty()) {
                break; // garbage from the client's side of the chain: the last proxy's word stands
            }
            client = hop.get();
        }
        return new Client(client.getHostAddress(), proto(forwardedProto));
    }

    /** The comma-separated hops of all headers, left to right; at most the rightmost {@link #MAX_HOPS}. */
    static List<String> hops(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String header : headers) {
            for (String hop : header.split(",", -1)) {
                hops.add(hop.strip());
            }
        }
        return hops.size() > MAX_HOPS ? hops.subList(hops.size() - MAX_HOPS, hops.size()) : hops;
    }

    /**
     * An IP literal ({@code 203.0.113.7}, {@code 2001:db8::1}), optionally with a port ({@code 203.0.113.7:4711},
     * {@code [2001:db8::1]:4711}); never a host name, so nothing here asks DNS.
     */
    static Optional<InetAddress> address(String hop) {
        String literal = hop;
        if (literal.startsWith("[")) {
            int close = literal.indexOf(']');
            if (close < 0 || !portOrNothing(literal.substring(close + 1))) {
                return Optional.empty();
            }
            literal = literal.substring(1, close);
        } else if (literal.indexOf(':') == literal.lastIndexOf(':') && literal.indexOf(':') >= 0) {
            int colon = literal.indexOf(':');
            if (!portOrNothing(literal.substring(colon))) {
                return Optional.empty();
            }
            literal = literal.substring(0, colon);
        }
        if (literal.indexOf('%') >= 0) {
            return Optional.empty(); // a scope id means nothing across the network
        }
        return Optional.ofNullable(NetUtil.createInetAddressFromIpAddressString(literal));
    }

    private static boolean portOrNothing(String rest) {
        return rest.isEmpty()
                || (rest.length() > 1
                        && rest.length() <= 6
                        && rest.substring(1).chars().allMatch(Character::isDigit)
                        && rest.charAt(0) == ':');
    }

    /** The value the nearest proxy set (the last one), when it is a scheme we know. */
    private static Optional<String> proto(List<String> headers) {
        List<String> values = hops(headers);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String last = values.getLast().toLowerCase(Locale.ROOT);
        return last.equals("http") || last.equals("https") ? Optional.of(last) : Optional.empty();
    }
}
