package com.securevox.call.httpapi;

/** What the HTTP API counts, for whoever exports it. Must only count. */
public interface HttpMetrics {
    /**
     * One request answered.
     *
     * @param route the route's pattern ({@code /api/calls/{sessionId}}), {@code static} or {@code unmatched}: never
     *     the raw path, so the set stays small
     */
    void request(String route, int status);
}
