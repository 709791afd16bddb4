/**
 * Metrics: the Micrometer Prometheus registry of one server run, behind the small interfaces the other packages own
 * ({@code SignalingMetrics}, {@code HttpMetrics}, {@code HistoryMetrics}) and the domain's {@code CallJournal}. No
 * global registry: the composition root makes one and passes it down.
 */
package com.securevox.call.metrics;
