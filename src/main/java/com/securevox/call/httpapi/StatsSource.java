package com.securevox.call.httpapi;

import com.securevox.call.call.CallSnapshot;
import java.util.List;

/** The live numbers the API reports. */
public interface StatsSource {
    List<CallSnapshot> activeCalls();

    int activeCallCount();

    int connectedUsers();

    int connections();

    /** How the call's media goes now: {@code mesh} or {@code sfu}. */
    String mediaOf(String sessionId);
}
