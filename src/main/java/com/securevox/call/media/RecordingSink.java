package com.securevox.call.media;

/** Where {@link RecordingEvent}s go; an implementation only enqueues: it never blocks and never throws. */
@FunctionalInterface
public interface RecordingSink {
    void recording(RecordingEvent event);
}
