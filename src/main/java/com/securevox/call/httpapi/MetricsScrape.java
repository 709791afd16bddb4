package com.securevox.call.httpapi;

/** The metrics in Prometheus text format, as {@code GET /metrics} serves them. */
public interface MetricsScrape {
    String scrape();
}
