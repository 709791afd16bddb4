/**
 * Media through a selective forwarding unit: the port the call logic talks to ({@link
 * com.securevox.call.media.SfuGateway}, with the events it reports through a {@link
 * com.securevox.call.media.MediaListener}), in our own words. Which engine forwards the media (Janus today) is the
 * business of one adapter package; nothing here knows it, and the values here are what a client may see or send
 * (room ids are random, participant ids are ours).
 *
 * <p>{@link com.securevox.call.media.SfuCalls} is the call logic on that side: when a call moves to the SFU, its room,
 * who subscribes to whom, active speakers, layers, and recovery after the SFU restarts. It tells clients what to do
 * through {@link com.securevox.call.media.MediaSignals}, implemented by signaling, and the history which mode each call
 * took through {@link com.securevox.call.media.MediaJournal}.
 *
 * <p>JDK, SLF4J and the call domain only: the adapter turns its engine's messages into these records.
 */
package com.securevox.call.media;
