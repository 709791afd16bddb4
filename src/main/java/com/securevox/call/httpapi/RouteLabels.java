package com.securevox.call.httpapi;

import java.util.List;

/** The route a path took, as a metric label: a closed set, whatever paths clients make up. */
final class RouteLabels {
    /**
     * Every route the router has, as {@link #of} names it (besides {@code static} and {@code unmatched}). The OpenAPI
     * document must describe exactly these paths (OpenApiDocumentTest): a route added here without a description, or
     * a description of a route that is gone, fails it.
     */
    static final List<String> ROUTES = List.of(
            "/health",
            "/ready",
            "/metrics",
            OpenApiDocument.ROUTE,
            "/api/call/token",
            "/api/call/stats",
            "/api/calls",
            HistoryRoutes.PREFIX + "{sessionId}",
            "/api/calls/{sessionId}/quality",
            HostRoutes.END_ROUTE,
            HostRoutes.MUTE_ROUTE,
            HostRoutes.REMOVE_ROUTE,
            "/api/calls/{sessionId}/recording",
            RecordingRoutes.LIST,
            "/api/recordings/{id}",
            "/api/recordings/{id}/files/{name}",
            WebhookRoutes.LIST,
            "/api/webhooks/deliveries/{id}/retry",
            DeviceRoutes.LIST_ROUTE,
            DeviceRoutes.ONE_ROUTE,
            RingRoutes.USER_TOKEN,
            "/api/rings/{sessionId}",
            "/api/rings/{sessionId}/accept",
            "/api/rings/{sessionId}/decline",
            "/api/dev/token",
            "/api/dev/user-token",
            AdminRoutes.SESSION,
            AdminRoutes.CALLS,
            AdminRoutes.CALL_EVENTS,
            AdminRoutes.HEALTH,
            AdminRoutes.HISTORY,
            AdminRoutes.WEBHOOKS,
            AdminRoutes.WEBHOOKS + "/{id}/retry",
            AdminRoutes.PAGE + HostRoutes.END_ROUTE,
            AdminRoutes.PAGE + HostRoutes.MUTE_ROUTE,
            AdminRoutes.PAGE + HostRoutes.REMOVE_ROUTE,
            AdminRoutes.PAGE + "/api/calls/{sessionId}/quality");

    private final boolean devTokens;
    private final boolean rings;
    private final StaticFiles files;

    /**
     * @param devTokens whether the development routes exist
     * @param rings whether the ring routes exist
     */
    RouteLabels(boolean devTokens, boolean rings, StaticFiles files) {
        this.devTokens = devTokens;
        this.rings = rings;
        this.files = files;
    }

    String of(String path, int status) {
        return switch (path) {
            case "/health",
                    "/ready",
                    "/api/call/token",
                    "/api/call/stats",
                    "/api/calls",
                    "/metrics",
                    OpenApiDocument.ROUTE,
                    WebhookRoutes.LIST,
                    RecordingRoutes.LIST -> path;
            case "/api/dev/token" -> devTokens ? path : "unmatched";
            case RingRoutes.USER_TOKEN -> rings ? path : "unmatched";
            case "/api/dev/user-token" -> devTokens && rings ? path : "unmatched";
            case AdminRoutes.PAGE,
                    AdminRoutes.SIGN_IN_PAGE,
                    AdminRoutes.SESSION,
                    AdminRoutes.CALLS,
                    AdminRoutes.CALL_EVENTS,
                    AdminRoutes.HEALTH,
                    AdminRoutes.HISTORY,
                    AdminRoutes.WEBHOOKS -> path;
            default -> {
                if (AdminRoutes.owns(path)) {
                    String rest = path.substring(AdminRoutes.PAGE.length());
                    if (WebhookRoutes.retryIdOf(rest).isPresent()) {
                        yield AdminRoutes.WEBHOOKS + "/{id}/retry";
                    }
                    if (QualityRoutes.sessionIdOf(rest).isPresent()) {
                        yield AdminRoutes.PAGE + "/api/calls/{sessionId}/quality";
                    }
                    if (HostRoutes.actionOf(rest).isPresent()) {
                        yield AdminRoutes.PAGE + HostRoutes.actionOf(rest).get().route();
                    }
                    yield status == 404 ? "unmatched" : "/admin/{asset}";
                }
                if (HostRoutes.actionOf(path).isPresent()) {
                    yield HostRoutes.actionOf(path).get().route();
                }
                if (rings && RingRoutes.ringOf(path).isPresent()) {
                    yield "/api/rings/{sessionId}"
                            + RingRoutes.ringOf(path).get().action();
                }
                if (WebhookRoutes.retryIdOf(path).isPresent()) {
                    yield "/api/webhooks/deliveries/{id}/retry";
                }
                if (RecordingRoutes.callOf(path).isPresent()) {
                    yield "/api/calls/{sessionId}/recording";
                }
                if (RecordingRoutes.fileOf(path).isPresent()) {
                    yield "/api/recordings/{id}/files/{name}";
                }
                if (RecordingRoutes.idOf(path).isPresent()) {
                    yield "/api/recordings/{id}";
                }
                if (QualityRoutes.sessionIdOf(path).isPresent()) {
                    yield "/api/calls/{sessionId}/quality";
                }
                if (HistoryRoutes.sessionIdOf(path).isPresent()) {
                    yield "/api/calls/{sessionId}";
                }
                if (DeviceRoutes.routeOf(path).isPresent()) {
                    yield DeviceRoutes.routeOf(path).orElseThrow();
                }
                yield files.find(path).isPresent() && status != 404 ? "static" : "unmatched";
            }
        };
    }
}
