package com.securevox.call.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.call.ConnectionId;
import org.junit.jupiter.api.Test;

/** The totals /health and the metrics report, kept by each call's share as calls change, start and end. */
class SfuIndexTest {
    private final SfuIndex index = new SfuIndex();

    @Test
    void theTotalsFollowEachCallsChangesAndDropItsShareWhenItEnds() {
        SfuCall a = onSfu("a", 3);
        SfuCall b = onSfu("b", 2);
        assertThat(totals()).containsExactly(2, 5, 5);

        a.members.remove("a-user-0");
        index.count(a);
        b.members.get("b-user-1").subscribed = false;
        index.count(b);
        assertThat(totals()).containsExactly(2, 4, 3);

        index.remove("a");
        index.count(a);
        assertThat(totals()).containsExactly(1, 2, 1);

        b.room = null;
        b.members.values().forEach(m -> m.publishing = false);
        index.count(b);
        index.count(b);
        assertThat(totals()).containsExactly(0, 0, 1);
    }

    @Test
    void aCallOpenedAgainUnderTheSameIdCountsOnlyOnce() {
        SfuCall first = onSfu("s", 2);
        index.remove("s");
        SfuCall second = onSfu("s", 1);
        // A late recount of the call that ended must not bring its share back.
        index.count(first);
        assertThat(totals()).containsExactly(1, 1, 1);
        index.count(second);
        assertThat(totals()).containsExactly(1, 1, 1);
    }

    /** A call on the SFU with a room and {@code n} members publishing and subscribed. */
    private SfuCall onSfu(String sessionId, int n) {
        SfuCall call = index.open(sessionId);
        call.room = RoomId.random();
        for (int i = 0; i < n; i++) {
            String userId = sessionId + "-user-" + i;
            SfuMember member = new SfuMember(userId, new ConnectionId(userId), true);
            member.publishing = true;
            member.subscribed = true;
            call.members.put(userId, member);
        }
        index.count(call);
        return call;
    }

    private int[] totals() {
        return new int[] {index.rooms(), index.publishers(), index.subscribers()};
    }
}
