package com.securevox.call.signaling;

import com.securevox.call.call.CallEvent;
import com.securevox.call.call.CallHandover;
import com.securevox.call.call.CallStates.KeptSignal;
import com.securevox.call.call.ConnectionId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signals a call's owner kept for members in reconnect grace, as it keeps them with the call's state when it hands
 * the call over (a drain): {@link #kept} renders each as its member's socket would have been sent it, its sender as
 * {@code from} ({@link HeldHandoff} does the same for the node bus), and {@link #held} makes them signals of the call
 * again on the node that restores it, to replay byte for byte. One that cannot be rendered or read back is logged and
 * left out; the others keep their order.
 */
public final class KeptSignals {
    private static final Logger log = LoggerFactory.getLogger(KeptSignals.class);

    private KeptSignals() {}

    /** {@code held} rendered, in order. */
    public static List<KeptSignal> kept(List<CallHandover.Held> held) {
        List<KeptSignal> kept = new ArrayList<>(held.size());
        for (CallHandover.Held one : held) {
            HeldHandoff.render(one.relayed()).ifPresent(payload -> {
                try {
                    kept.add(new KeptSignal(one.userId(), payload));
                } catch (IllegalArgumentException e) {
                    log.warn(
                            "signal kept for userId={} in sessionId={} left out of the hand-off: {}",
                            one.userId(),
                            one.relayed().sessionId(),
                            e.getMessage());
                }
            });
        }
        return List.copyOf(kept);
    }

    /** {@code kept}, read back as signals of the call {@code sessionId}, in order. */
    public static List<CallHandover.Held> held(String sessionId, List<KeptSignal> kept) {
        List<CallHandover.Held> held = new ArrayList<>(kept.size());
        for (KeptSignal one : kept) {
            Optional<ReturnedSignal.Sent> sent;
            try {
                sent = ReturnedSignal.of(one.signal());
            } catch (IllegalArgumentException e) {
                log.warn(
                        "{} kept for userId={} in sessionId={} dropped: {}",
                        one.signal().event(),
                        one.userId(),
                        sessionId,
                        e.getMessage());
                continue;
            }
            if (sent.isEmpty()) {
                log.warn(
                        "{} kept for userId={} in sessionId={} dropped: not a relayed signal",
                        one.signal().event(),
                        one.userId(),
                        sessionId);
                continue;
            }
            held.add(new CallHandover.Held(
                    one.userId(),
                    new ConnectionId(CallHandover.Held.NEVER_CONNECTED + one.userId()),
                    new CallEvent.Relayed(
                            sessionId, sent.get().fromUserId(), sent.get().signal())));
        }
        return List.copyOf(held);
    }
}
