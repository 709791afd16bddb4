package com.securevox.call.media;

/** A simulcast spatial layer (0 lowest to 2 highest) and temporal layer (0 to 2) of a video feed. */
public record SimulcastLayer(int substream, int temporal) {
    public static final SimulcastLayer LOW = new SimulcastLayer(0, 2);
    public static final SimulcastLayer MEDIUM = new SimulcastLayer(1, 2);
    public static final SimulcastLayer HIGH = new SimulcastLayer(2, 2);

    public SimulcastLayer {
        if (substream < 0 || substream > 2) {
            throw new IllegalArgumentException("substream: " + substream + " (expected: 0 to 2)");
        }
        if (temporal < 0 || temporal > 2) {
            throw new IllegalArgumentException("temporal: " + temporal + " (expected: 0 to 2)");
        }
    }
}
