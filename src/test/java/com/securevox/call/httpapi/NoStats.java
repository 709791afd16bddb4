package com.securevox.call.httpapi;

import com.securevox.call.call.CallSnapshot;
import java.util.List;

/** Stats of a server with nobody on it, for tests of the HTTP layer. */
public final class NoStats implements StatsSource {
    @Override
    public List<CallSnapshot> activeCalls() {
        return List.of();
    }

    @Override
    public int activeCallCount() {
        return 0;
    }

    @Override
    public int connectedUsers() {
        return 0;
    }

    @Override
    public int connections() {
        return 0;
    }

    @Override
    public String mediaOf(String sessionId) {
        return "mesh";
    }
}
