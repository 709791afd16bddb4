package com.securevox.call.media;

/**
 * Receives what the SFU reports. Called on the adapter's own thread, one event at a time in the order the SFU sent
 * them; an implementation must not block and must not throw (an exception is logged and the event dropped).
 */
@FunctionalInterface
public interface MediaListener {
    void onEvent(MediaEvent event);
}
