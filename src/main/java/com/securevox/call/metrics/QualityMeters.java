package com.securevox.call.metrics;

import com.securevox.call.quality.QualityMetrics;
import com.securevox.call.quality.QualityPoint;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The call quality histograms, one observation per accepted {@code quality_report}: {@code securevox_quality_mos},
 * {@code securevox_quality_rtt_milliseconds}, {@code securevox_quality_jitter_milliseconds} and {@code
 * securevox_quality_loss_ratio}. Fixed buckets on the grade bands and the usual VoIP thresholds; no user or call label,
 * so the series stay few whatever the traffic.
 */
public final class QualityMeters implements QualityMetrics {
    private final DistributionSummary mos;
    private final DistributionSummary rtt;
    private final DistributionSummary jitter;
    private final DistributionSummary loss;

    public QualityMeters(MeterRegistry registry) {
        mos = DistributionSummary.builder("securevox.quality.mos")
                .description("Estimated MOS (E-model) of the audio participants receive, per report")
                .serviceLevelObjectives(1.5, 2.0, 2.5, 3.1, 3.6, 4.0, 4.3, 4.5)
                .register(registry);
        rtt = DistributionSummary.builder("securevox.quality.rtt")
                .description("Round-trip time of participants' connections, per report")
                .baseUnit("milliseconds")
                .serviceLevelObjectives(25, 50, 100, 150, 200, 300, 500, 1000, 2000)
                .register(registry);
        jitter = DistributionSummary.builder("securevox.quality.jitter")
                .description("Jitter of what participants receive, per report")
                .baseUnit("milliseconds")
                .serviceLevelObjectives(5, 10, 20, 30, 50, 100, 200)
                .register(registry);
        loss = DistributionSummary.builder("securevox.quality.loss")
                .description("Packet loss ratio of what participants receive, per report")
                .baseUnit("ratio")
                .serviceLevelObjectives(0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2)
                .register(registry);
    }

    @Override
    public void observed(QualityPoint point) {
        if (point.mos() != null) {
            mos.record(point.mos());
        }
        if (point.rttMs() != null) {
            rtt.record(point.rttMs());
        }
        if (point.jitterMs() != null) {
            jitter.record(point.jitterMs());
        }
        if (point.lossRatio() != null) {
            loss.record(point.lossRatio());
        }
    }
}
