package com.securevox.call.ring;

import java.util.List;
import java.util.Set;

/** Who is in a call now (a participant of any active call): ringing answers {@code busy} for them. */
@FunctionalInterface
public interface Busy {
    /** Those of {@code userIds} who are in a call; asked once per invite, so one look at the calls serves all. */
    Set<String> inCall(List<String> userIds);
}
