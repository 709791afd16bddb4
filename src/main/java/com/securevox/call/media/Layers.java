package com.securevox.call.media;

/**
 * Which simulcast layer a subscriber receives. The publisher's layers are its full size, half and a quarter (the SDK
 * publishes 1280×720, 640×360, 320×180 from a 720p camera), so a tile gets the smallest layer at least as tall as
 * the tile, and a subscriber whose link loses packets gets the low layer until it recovers.
 */
public final class Layers {
    /** A tile this tall or less is served by the quarter-size layer. */
    static final int LOW_MAX_HEIGHT = 180;
    /** A tile this tall or less (and taller than {@link #LOW_MAX_HEIGHT}) is served by the half-size layer. */
    static final int MEDIUM_MAX_HEIGHT = 360;

    private Layers() {}

    /** The layer for a tile {@code height} pixels tall ({@code null}: the subscriber said nothing, so the top one). */
    public static SimulcastLayer forView(View view, boolean slowLink) {
        if (slowLink) {
            return SimulcastLayer.LOW;
        }
        if (view == null) {
            return SimulcastLayer.HIGH;
        }
        int height = view.height();
        if (height <= LOW_MAX_HEIGHT) {
            return SimulcastLayer.LOW;
        }
        return height <= MEDIUM_MAX_HEIGHT ? SimulcastLayer.MEDIUM : SimulcastLayer.HIGH;
    }
}
