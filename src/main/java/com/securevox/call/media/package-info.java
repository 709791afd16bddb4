/**
 * Media through a selective forwarding unit: the port the call logic talks to ({@link
 * com.securevox.call.media.SfuGateway}, with the events it reports through a {@link
 * com.securevox.call.media.MediaListener}), in our own words. Which engine forwards the media (Janus today) is the
 * business of one adapter package; nothing here knows it, and the values here are what a client may see or send
 * (room ids are random, participant ids are ours).
 *
 * <p>Pure JDK, like {@code call}: the adapter turns its engine's messages into these records.
 */
package com.securevox.call.media;
