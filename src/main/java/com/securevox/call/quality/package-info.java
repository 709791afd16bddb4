/**
 * Call quality: the reports clients send during a call ({@code quality_report}, docs/protocol.md), summarised per
 * participant into a timeline kept in the history database, an estimated MOS from the ITU-T G.107 E-model, a grade per
 * participant and per call, histograms, an alert when a participant's MOS stays low, and each call's events (joins,
 * leaves, mutes, reconnects) for the same time axis, from the registry's facts.
 *
 * <p>Reports come from clients and are never trusted for anything but display: nothing here decides who may do what.
 * The package owns its ports ({@link com.securevox.call.quality.QualityStore}, {@link com.securevox.call.quality.TimelineStore}, {@link
 * com.securevox.call.quality.QualityAlerts}, {@link com.securevox.call.quality.QualityMetrics}); the store, the webhooks
 * and the metrics implement them and the composition root wires them. It knows the JDK, the call domain and its log.
 */
package com.securevox.call.quality;
