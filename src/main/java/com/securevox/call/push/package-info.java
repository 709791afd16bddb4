/**
 * Push notifications that wake the phones of people being called: the device registry's port ({@link
 * com.securevox.call.push.DeviceRegistry}, implemented by the store), the two providers (FCM HTTP v1 over the JDK's
 * HTTP client, APNs through Pushy) and {@link com.securevox.call.push.PushRinger}, ringing's {@code RingPush}.
 *
 * <p>Nothing here runs on a caller's thread: lookups, removals and sends run on virtual threads, and Pushy's own event
 * loop threads (the only Netty threads outside the transport) are left at once for a virtual thread. A device's
 * failure never delays another's: each device's send, retries included, is its own chain.
 */
package com.securevox.call.push;
