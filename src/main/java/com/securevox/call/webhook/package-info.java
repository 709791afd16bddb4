/**
 * Webhooks: tells the operator's backend (typically Django) what happened in calls, signed and in order.
 *
 * <p>{@link com.securevox.call.webhook.WebhookRecorder} turns the domain's {@link com.securevox.call.call.CallFact}s
 * into events and writes them, off the I/O threads, to the durable outbox in the history database; {@link
 * com.securevox.call.webhook.WebhookDispatcher} delivers them, one call's events strictly in order, at least once,
 * retrying with exponential back-off and jitter until the retry window closes and the event is dead-lettered. An
 * adapter: it knows the domain and the store, and nothing of the transport, signaling or HTTP API.
 */
package com.securevox.call.webhook;
