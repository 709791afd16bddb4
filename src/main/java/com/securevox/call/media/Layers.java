package com.securevox.call.media;

import java.util.Optional;

/**
 * Which simulcast layer a subscriber receives. The publisher's layers are its full size, half and a quarter (the SDK
 * publishes 1280×720, 640×360, 320×180 from a 720p camera), so a tile gets the smallest layer at least as tall as
 * the tile; a tile not shown gets no video at all; a subscriber whose link loses packets gets the low layer until it
 * recovers, and only audio if it loses packets even then.
 */
public final class Layers {
    /** A tile this tall or less is served by the quarter-size layer. */
    static final int LOW_MAX_HEIGHT = 180;
    /** A tile this tall or less (and taller than {@link #LOW_MAX_HEIGHT}) is served by the half-size layer. */
    static final int MEDIUM_MAX_HEIGHT = 360;

    private Layers() {}

    /**
     * The layer for a tile ({@code view} null: the subscriber said nothing, so the top one), or none (audio only) for
     * a tile not shown. {@code lossLevel} is how badly the subscriber's link loses packets now: 0 not at all, 1 (a
     * recent slow link) the low layer at most, 2 (slow again while on the low layer) audio only.
     */
    public static Optional<SimulcastLayer> forView(View view, int lossLevel) {
        if (lossLevel >= 2 || (view != null && (view.width() == 0 || view.height() == 0))) {
            return Optional.empty();
        }
        if (lossLevel == 1) {
            return Optional.of(SimulcastLayer.LOW);
        }
        if (view == null) {
            return Optional.of(SimulcastLayer.HIGH);
        }
        int height = view.height();
        if (height <= LOW_MAX_HEIGHT) {
            return Optional.of(SimulcastLayer.LOW);
        }
        return Optional.of(height <= MEDIUM_MAX_HEIGHT ? SimulcastLayer.MEDIUM : SimulcastLayer.HIGH);
    }
}
