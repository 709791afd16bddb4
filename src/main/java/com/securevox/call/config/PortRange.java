package com.securevox.call.config;

/**
 * A range of UDP ports, both ends included ({@code 20000-40000}).
 *
 * @param low the first port, 1024 or above: the range is for a program that runs without privileges
 * @param high the last port, at most 65535
 */
public record PortRange(int low, int high) {
    public static final int LOWEST = 1024;
    public static final int HIGHEST = 65_535;

    public PortRange {
        if (low < LOWEST || low > high || high > HIGHEST) {
            throw new IllegalArgumentException("port range: " + low + "-" + high + " (expected: low-high within "
                    + LOWEST + " to " + HIGHEST + ")");
        }
    }

    public boolean overlaps(PortRange other) {
        return low <= other.high && other.low <= high;
    }

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    /** As written in the settings and in Janus's {@code rtp_port_range}: {@code low-high}. */
    @Override
    public String toString() {
        return low + "-" + high;
    }
}
