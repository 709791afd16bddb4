package com.securevox.call.quality;

/** The histograms of the reports; never labelled by user or call. Must not block. */
public interface QualityMetrics {
    QualityMetrics NONE = point -> {};

    /** A report was accepted; its summary. */
    void observed(QualityPoint point);
}
