package com.securevox.call.quality;

/**
 * Who measured a point: the participant's own client ({@code quality_report}, from its getStats()), or the server
 * from its SFU's view of the participant's connection (Janus's per-handle statistics), where it has one.
 */
public enum PointSource {
    CLIENT("client"),
    SERVER("server");

    private final String wireName;

    PointSource(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The source named {@code wireName}, as stored. */
    public static PointSource of(String wireName) {
        for (PointSource source : values()) {
            if (source.wireName.equals(wireName)) {
                return source;
            }
        }
        throw new IllegalArgumentException("source: '" + wireName + "' (expected: client or server)");
    }
}
