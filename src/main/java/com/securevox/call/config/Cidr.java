package com.securevox.call.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}; a bare address is its own /32 or /128). Parsed
 * from literals only, never through DNS.
 *
 * @param network the network address, host bits zero
 * @param prefix how many leading bits of an address must equal {@code network}'s
 */
public record Cidr(InetAddress network, int prefix) {
    private static final Pattern DOTTED_QUAD = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,3}");

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix: " + prefix + " (expected: 0 to " + bits + ")");
        }
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static Cidr parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        InetAddress network = literal(address);
        int bits = network.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = value.substring(slash + 1);
            if (!DIGITS.matcher(length).matches() || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("'" + value + "': prefix length '" + length + "' (expected: 0 to "
                        + bits + " for an IPv" + (bits == 32 ? 4 : 6) + " network)");
            }
            prefix = Integer.parseInt(length);
        }
        Cidr cidr = new Cidr(network, prefix);
        if (!masked(network.getAddress(), prefix).equals(network)) {
            throw new IllegalArgumentException("'" + value + "': host bits set (expected: the network address "
                    + masked(network.getAddress(), prefix).getHostAddress() + "/" + prefix + ")");
        }
        return cidr;
    }

    /** Whether {@code address} lies in this network; an IPv4 address never lies in an IPv6 network, nor the reverse. */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        byte[] mine = network.getAddress();
        if (candidate.length != mine.length) {
            return false;
        }
        return Arrays.equals(masked(candidate, prefix).getAddress(), mine);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }

    private static InetAddress literal(String address) {
        boolean v6 = address.contains(":");
        if (!v6 && !DOTTED_QUAD.matcher(address).matches()) {
            throw new IllegalArgumentException(
                    "'" + address + "': not an IP address (expected: an IPv4 a.b.c.d or IPv6 address, then /prefix)");
        }
        InetAddress parsed;
        try {
            parsed = InetAddress.ofLiteral(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "'" + address + "': not an IP address (expected: an IPv4 a.b.c.d or IPv6 address, then /prefix)",
                    e);
        }
        if (v6 && parsed instanceof Inet4Address) {
            throw new IllegalArgumentException("'" + address + "': an IPv4-mapped IPv6 address (expected: "
                    + parsed.getHostAddress() + " in IPv4 form; clients are matched as IPv4)");
        }
        return parsed;
    }

    private static InetAddress masked(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.clamp(prefix - i * 8L, 0, 8);
            out[i] = (byte) (out[i] & (0xff00 >> keep));
        }
        try {
            return InetAddress.getByAddress(out);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("an address of " + out.length + " bytes", e);
        }
    }
}
