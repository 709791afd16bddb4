package com.securevox.call.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Whatever a client or a proxy writes in X-Forwarded-For and X-Forwarded-Proto, the answer is the peer or one of the
 * hops the header names, as an IP address, and a known scheme or none: it never throws, and never names a host.
 */
class ForwardedClientFuzzTest {
    private static final InetAddress PROXY = InetAddress.ofLiteral("127.0.0.1");

    /** Input: a first line {@code proto}, the rest {@code X-Forwarded-For}; an odd length trusts every hop. */
    @FuzzTest(maxDuration = "2m")
    void namesPeerOrHop(byte[] data) {
        boolean trustEveryone = data.length % 2 == 1;
        String text = new String(data, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String proto = newline < 0 ? "" : text.substring(0, newline);
        String forwardedFor = newline < 0 ? text : text.substring(newline + 1);
        ForwardedClient.Client client = ForwardedClient.resolve(
                PROXY, address -> trustEveryone || address.equals(PROXY), List.of(forwardedFor), List.of(proto));
        InetAddress parsed = ForwardedClient.address(client.address())
                .orElseThrow(() -> new AssertionError("not an IP address: " + client.address()));
        if (!parsed.equals(PROXY)
                && ForwardedClient.hops(List.of(forwardedFor)).stream()
                        .map(ForwardedClient::address)
                        .noneMatch(hop -> hop.isPresent() && hop.get().equals(parsed))) {
            throw new AssertionError(client.address() + " is neither the peer nor a hop of " + forwardedFor);
        }
        client.proto().ifPresent(p -> {
            if (!p.equals("http") && !p.equals("https")) {
                throw new AssertionError("unknown proto believed: " + p);
            }
        });
    }
}
