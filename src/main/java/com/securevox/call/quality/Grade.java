package com.securevox.call.quality;

/**
 * A call quality grade from an estimated MOS, on the bands of G.107's user satisfaction (R 90, 80, 70, 60 give MOS
 * about 4.3, 4.0, 3.6, 3.1).
 */
public enum Grade {
    EXCELLENT("excellent", 4.3),
    GOOD("good", 4.0),
    FAIR("fair", 3.6),
    POOR("poor", 3.1),
    BAD("bad", 1.0);

    private final String wireName;
    private final double from;

    Grade(String wireName, double from) {
        this.wireName = wireName;
        this.from = from;
    }

    public String wireName() {
        return wireName;
    }

    /** The grade whose band holds {@code mos}: at least its lower bound, below the next one's. */
    public static Grade of(double mos) {
        for (Grade grade : values()) {
            if (mos >= grade.from) {
                return grade;
            }
        }
        return BAD;
    }
}
