package com.securevox.call.signaling;

import com.securevox.call.quality.QualityReport;

/** Where the reports of sockets in a call go (the quality timelines). Must not block: called on I/O threads. */
@FunctionalInterface
public interface QualityReports {
    QualityReports NONE = (sessionId, userId, report) -> {};

    void report(String sessionId, String userId, QualityReport report);
}
