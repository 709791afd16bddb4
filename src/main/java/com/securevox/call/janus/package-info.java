/**
 * The Janus adapter: the only code that speaks Janus's API (its WebSocket transport, {@code janus-protocol}, and the
 * VideoRoom plugin's requests and events). It implements {@link com.securevox.call.media.SfuGateway} over one
 * WebSocket to Janus on loopback, and, in managed mode, writes Janus's configuration and runs {@code janus} as a
 * supervised child process.
 *
 * <p>Depends on the media port, {@link com.securevox.call.call.Scheduler}, the process supervisor, Jackson, SLF4J
 * and the JDK; {@code app} hands it its settings, so nothing here reads our configuration.
 */
package com.securevox.call.janus;
