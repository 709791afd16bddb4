package com.securevox.call.ring;

import com.securevox.call.call.ConnectionId;
import com.securevox.call.call.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The caller-gone rule's timing: when the device connection that sent a ring's invite goes, the ring waits the
 * reconnect grace, then, if its caller has no device connection left on any node, is handed to {@code gone}, which
 * decides under the ring's lock (the caller may have come back meanwhile). Apart from {@link Rings} because it is the
 * one part of ringing that looks at other nodes from a timer.
 */
final class CallerWatch {
    private final DevicePresence presence;
    private final DeviceDirectory directory;
    private final RingIndex rings;
    private final Scheduler scheduler;
    private final Duration grace;
    private final Consumer<Ring> gone;

    CallerWatch(
            DevicePresence presence,
            DeviceDirectory directory,
            RingIndex rings,
            Scheduler scheduler,
            Duration grace,
            Consumer<Ring> gone) {
        this.presence = presence;
        this.directory = directory;
        this.rings = rings;
        this.scheduler = scheduler;
        this.grace = grace;
        this.gone = gone;
    }

    /** The rings {@code connection} started, still open, are checked again once the grace has run out. */
    void originGone(ConnectionId connection) {
        for (Ring ring : rings.from(connection)) {
            synchronized (ring) {
                if (ring.open()) {
                    if (ring.callerGone != null) {
                        ring.callerGone.cancel();
                    }
                    ring.callerGone = scheduler.schedule(grace, () -> check(ring));
                }
            }
        }
    }

    /** On the timers' thread: the directory of the other nodes, which is I/O, is read on a virtual thread of its own. */
    private void check(Ring ring) {
        if (!presence.of(ring.caller()).isEmpty()) {
            return;
        }
        if (directory == DeviceDirectory.NONE) {
            gone.accept(ring);
            return;
        }
        Thread.ofVirtual().name("ring-caller-gone").start(() -> {
            if (directory.elsewhere(List.of(ring.caller())).isEmpty()) {
                gone.accept(ring);
            }
        });
    }
}
