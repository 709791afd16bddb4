package com.securevox.call.quality;

import java.time.Instant;

/**
 * A participant whose estimated MOS stayed below {@code threshold} from {@code belowSince} to {@code at}.
 *
 * @param mos the MOS of the report that raised the alert
 */
public record QualityAlert(
        String sessionId, String userId, Instant at, double mos, double threshold, Instant belowSince) {}
