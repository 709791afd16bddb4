package com.securevox.call.media;

import java.util.Optional;

/**
 * Whether the SFU's recordings folder has room for recording now: asked before a recording starts. Implemented by
 * whoever knows the disk; it reads the file system, which takes a moment, so it is never asked on an I/O thread.
 */
@FunctionalInterface
public interface RecordingRoom {
    /** Never short: nothing is checked. */
    RecordingRoom UNCHECKED = Optional::empty;

    /**
     * Empty when there is room; otherwise why not, naming the folder, the free space and the minimum (such as "the
     * disk holding /srv/recordings has 180 MB free (expected: at least 1 GB)").
     */
    Optional<String> shortage();
}
