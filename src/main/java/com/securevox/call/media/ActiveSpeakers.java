package com.securevox.call.media;

import com.securevox.call.call.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Who is talking in one call, the most recent to start first, told at most once per {@link #DEBOUNCE}: the SFU's
 * talking events come per feed and can flap, and a client redrawing its grid for each one would flicker.
 *
 * <p>Confined to the caller's thread; {@code schedule} hands the debounced report back through {@code onChange} on
 * whatever thread {@code runOnOwner} runs it.
 */
final class ActiveSpeakers {
    static final Duration DEBOUNCE = Duration.ofMillis(300);

    private final Scheduler scheduler;
    private final Consumer<Runnable> runOnOwner;
    private final Consumer<List<String>> onChange;
    private final List<String> talking = new ArrayList<>();
    private List<String> told = List.of();
    private Scheduler.Cancellable pending;

    ActiveSpeakers(Scheduler scheduler, Consumer<Runnable> runOnOwner, Consumer<List<String>> onChange) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.runOnOwner = Objects.requireNonNull(runOnOwner, "runOnOwner");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
    }

    void talking(String userId, boolean isTalking) {
        talking.remove(userId);
        if (isTalking) {
            talking.addFirst(userId);
        }
        changed();
    }

    /** Someone left: they speak no more. */
    void gone(String userId) {
        if (talking.remove(userId)) {
            changed();
        }
    }

    List<String> current() {
        return told;
    }

    void close() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    private void changed() {
        if (pending == null) {
            pending = scheduler.schedule(DEBOUNCE, () -> runOnOwner.accept(this::report));
        }
    }

    private void report() {
        pending = null;
        List<String> now = List.copyOf(talking);
        if (!now.equals(told)) {
            told = now;
            onChange.accept(now);
        }
    }
}
