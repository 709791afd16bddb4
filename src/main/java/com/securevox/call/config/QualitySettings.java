package com.securevox.call.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Call quality reports: how long their timelines are kept, and when a participant's low quality raises the {@code
 * call.quality_alert} webhook.
 *
 * @param retention {@code SECUREVOX_CALL_QUALITY_RETENTION}, 1 h to 365 d
 * @param alertMos {@code SECUREVOX_CALL_QUALITY_ALERT_MOS}: an estimated MOS below it is low, 1.0 to 4.5
 * @param alertAfter {@code SECUREVOX_CALL_QUALITY_ALERT_AFTER}: how long it must stay low, 1 s to 1 h
 */
public record QualitySettings(Duration retention, double alertMos, Duration alertAfter) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final Duration MIN_RETENTION = Duration.ofHours(1);
    public static final double DEFAULT_ALERT_MOS = 3.0;
    public static final double MIN_ALERT_MOS = 1.0;
    public static final double MAX_ALERT_MOS = 4.5;
    public static final Duration DEFAULT_ALERT_AFTER = Duration.ofSeconds(30);
    /** 1 s, not the 5 s between two reports: the black-box tests see the alert without waiting half a minute. */
    public static final Duration MIN_ALERT_AFTER = Duration.ofSeconds(1);

    public static final Duration MAX_ALERT_AFTER = Duration.ofHours(1);
    public static final QualitySettings DEFAULTS =
            new QualitySettings(DEFAULT_RETENTION, DEFAULT_ALERT_MOS, DEFAULT_ALERT_AFTER);

    private static final Pattern DECIMAL = Pattern.compile("\\d{1,2}(\\.\\d{1,3})?");

    public QualitySettings {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(alertAfter, "alertAfter");
        if (retention.compareTo(MIN_RETENTION) < 0 || retention.compareTo(Durations.MAX) > 0) {
            throw new IllegalArgumentException("quality retention: " + Durations.format(retention) + " (expected: "
                    + Durations.format(MIN_RETENTION) + " to " + Durations.format(Durations.MAX) + ")");
        }
        if (!(alertMos >= MIN_ALERT_MOS && alertMos <= MAX_ALERT_MOS)) {
            throw new IllegalArgumentException(
                    "quality alert MOS: " + alertMos + " (expected: " + MIN_ALERT_MOS + " to " + MAX_ALERT_MOS + ")");
        }
        if (alertAfter.compareTo(MIN_ALERT_AFTER) < 0 || alertAfter.compareTo(MAX_ALERT_AFTER) > 0) {
            throw new IllegalArgumentException("quality alert after: " + Durations.format(alertAfter) + " (expected: "
                    + Durations.format(MIN_ALERT_AFTER) + " to " + Durations.format(MAX_ALERT_AFTER) + ")");
        }
    }

    static QualitySettings read(Settings s) {
        Duration retention = s.duration(ConfigKeys.QUALITY_RETENTION, DEFAULT_RETENTION, MIN_RETENTION, Durations.MAX);
        Duration after =
                s.duration(ConfigKeys.QUALITY_ALERT_AFTER, DEFAULT_ALERT_AFTER, MIN_ALERT_AFTER, MAX_ALERT_AFTER);
        return new QualitySettings(retention, mos(s), after);
    }

    private static double mos(Settings s) {
        Optional<String> value = s.text(ConfigKeys.QUALITY_ALERT_MOS);
        if (value.isEmpty()) {
            return DEFAULT_ALERT_MOS;
        }
        if (DECIMAL.matcher(value.get()).matches()) {
            double parsed = Double.parseDouble(value.get());
            if (parsed >= MIN_ALERT_MOS && parsed <= MAX_ALERT_MOS) {
                return parsed;
            }
        }
        s.problem(ConfigKeys.QUALITY_ALERT_MOS + ": " + Settings.shown(value.get()) + " (expected: a number from "
                + MIN_ALERT_MOS + " to " + MAX_ALERT_MOS + ", such as 3.0)");
        return DEFAULT_ALERT_MOS;
    }

    String describe() {
        return "kept " + Durations.format(retention) + ", alert below MOS " + alertMos + " for "
                + Durations.format(alertAfter);
    }
}
