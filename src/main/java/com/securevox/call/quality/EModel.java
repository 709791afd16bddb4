package com.securevox.call.quality;

/**
 * An estimated MOS for a voice stream: the ITU-T G.107 E-model simplified as VoIP monitors commonly use it, since a
 * browser's statistics give loss, jitter and round-trip time but none of the model's other inputs.
 *
 * <ul>
 *   <li>effective latency (ms) = RTT / 2 (one way) + 2 × jitter + 10 (codec and jitter buffer);
 *   <li>R = 93.2 − latency / 40 below 160 ms, else 93.2 − (latency − 120) / 10;
 *   <li>R −= 2.5 × loss in percent; R kept within 0 to 100;
 *   <li>MOS = 1 + 0.035 R + 7·10⁻⁶ R (R − 60) (100 − R), kept within 1 to 4.5.
 * </ul>
 */
public final class EModel {
    /** R of a perfect narrow-band call: G.107's default R0 less its default impairments. */
    static final double R_MAX = 93.2;

    private EModel() {}

    /**
     * @param rttMs round-trip time, ms (≥ 0)
     * @param jitterMs interarrival jitter, ms (≥ 0)
     * @param lossRatio packets lost over packets expected, 0 to 1
     */
    public static double rFactor(double rttMs, double jitterMs, double lossRatio) {
        if (!(rttMs >= 0) || !(jitterMs >= 0) || !(lossRatio >= 0 && lossRatio <= 1)) {
            throw new IllegalArgumentException("rtt " + rttMs + " ms, jitter " + jitterMs + " ms, loss " + lossRatio
                    + " (expected: rtt and jitter >= 0, loss 0 to 1)");
        }
        double latency = rttMs / 2 + 2 * jitterMs + 10;
        double r = latency < 160 ? R_MAX - latency / 40 : R_MAX - (latency - 120) / 10;
        r -= 2.5 * lossRatio * 100;
        return Math.clamp(r, 0, 100);
    }

    public static double mos(double rttMs, double jitterMs, double lossRatio) {
        double r = rFactor(rttMs, jitterMs, lossRatio);
        double mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
        return Math.clamp(mos, 1, 4.5);
    }
}
