package com.securevox.call.cluster;

import com.securevox.call.call.NodeBus.Sender;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Where each sender's sequence stands at a receiver, to tell a message that comes next from one after a gap (its
 * predecessors were lost), a duplicate (a retried write that had gone through) and a late one (it arrives after a
 * successor, so it would break the order). A sender's first message in a run may have any number: what came before
 * it was sent before this receiver was listening, or lost, and only numbers above 1 count as lost then.
 *
 * <p>Bounded: it keeps the newest {@link #MAX_SENDERS} senders and, for each, the newest {@link #MAX_MISSING} missing
 * numbers; a late message whose number was forgotten counts as a duplicate. Not thread-safe: the inbox reader owns it.
 */
final class SenderSequences {
    static final int MAX_SENDERS = 1024;
    static final int MAX_MISSING = 4096;

    /** What to do with a message, and why. */
    sealed interface Verdict {}

    /** Hand it on; {@code missedBefore} messages before it never arrived. */
    record Next(long missedBefore) implements Verdict {}

    /** Drop it: it arrived before. */
    record Duplicate() implements Verdict {}

    /** Drop it: it was counted as lost, and a later message was already handed on. */
    record Late() implements Verdict {}

    private static final class Position {
        long last;
        final NavigableSet<Long> missing = new TreeSet<>();
    }

    private final Map<Sender, Position> senders = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Sender, Position> eldest) {
            return size() > MAX_SENDERS;
        }
    };

    private long lost;
    private long duplicated;
    private long reordered;

    /** Takes {@code seq} (at least 1) of {@code sender} into account. */
    Verdict accept(Sender sender, long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq: " + seq + " (expected: >= 1)");
        }
        Position position = senders.get(sender);
        if (position == null) {
            position = new Position();
            if (!knows(sender.node())) {
                position.last = seq - 1;
            }
            senders.put(sender, position);
        }
        if (seq > position.last) {
            long missed = seq - position.last - 1;
            for (long s = Math.max(position.last + 1, seq - MAX_MISSING); s < seq; s++) {
                position.missing.add(s);
            }
            while (position.missing.size() > MAX_MISSING) {
                position.missing.pollFirst();
            }
            position.last = seq;
            lost += missed;
            return new Next(missed);
        }
        if (position.missing.remove(seq)) {
            reordered++;
            return new Late();
        }
        duplicated++;
        return new Duplicate();
    }

    private boolean knows(String node) {
        return senders.keySet().stream().anyMatch(known -> known.node().equals(node));
    }

    /** Messages counted as lost so far (a late one stays counted: it was dropped). */
    long lost() {
        return lost;
    }

    long duplicated() {
        return duplicated;
    }

    long reordered() {
        return reordered;
    }
}
