package com.securevox.call.httpapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.securevox.call.auth.AuthorizationHeader;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin dashboard under {@code /admin}: its pages and the JSON they read, all behind a signed-in session (see
 * {@link AdminSessions}), except the sign-in page itself and its script and style sheet. A page asked for without a
 * session redirects to the sign-in page; anything else answers 401. Every state-changing request must also come from
 * the dashboard's own origin ({@link SameOrigin}), whatever the CORS settings allow for the REST API, and a read of
 * the admin JSON that names another origin is refused too.
 */
final class AdminRoutes {
    private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
    static final String PAGE = "/admin";
    static final String SIGN_IN_PAGE = "/admin/sign-in";
    static final String SESSION = "/admin/api/session";
    static final String CALLS = "/admin/api/calls";
    static final String CALL_EVENTS = "/admin/api/calls/events";
    static final String HEALTH = "/admin/api/health";
    static final String HISTORY = "/admin/api/history";
    static final String WEBHOOKS = PAGE + WebhookRoutes.LIST;
    /** How often the event stream looks at the calls: a new call shows on the page within this (and a round trip). */
    static final Duration LOOK_INTERVAL = Duration.ofMillis(500);

    /** For the log and the 503 when the sessions' database fails. */
    private static final String SESSIONS = "the admin sessions";

    private static final String SIGN_IN_EXAMPLE = "{\"secret\": \"<API key or admin password>\"}";
    /** The pages load only their own scripts and styles and may not be framed (clickjacking). */
    private static final Map<String, String> PAGE_HEADERS = Map.of(
            "cache-control", "no-store",
            "content-security-policy",
                    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
            "x-frame-options", "DENY",
            "referrer-policy", "no-referrer");

    private final AdminSessions sessions;
    private final AdminSignIn signIn;
    private final FailedAuthLimiter failures;
    private final StaticFiles files;
    private final StatsSource stats;
    private final Supplier<Probes.Answer> health;
    private final Clock clock;
    private final ObjectMapper json;
    private final JsonBody bodies;
    private final Optional<String> node;
    private final boolean tls;
    private final LiveQuality quality;
    private final BiFunction<Integer, Object, ApiResponse> respond;
    private final RestTwins rest;
    /** With several nodes: the others' live calls and host controls; empty for a lone server. */
    private final Optional<AdminPeers> peers;

    /**
     * The REST API's routes whose twins the dashboard serves under {@code /admin/api/} with the session instead of the
     * API key: the same readers, queries, rules and answers.
     */
    record RestTwins(HistoryRoutes history, WebhookRoutes webhooks, HostRoutes host, QualityRoutes quality) {}

    /**
     * @param files the dashboard's pages, scripts and styles, by path
     * @param node this node's id in a cluster, shown on the pages; empty for a lone server
     * @param access whether the server itself terminates TLS (then the cookie is always {@code Secure}), and the
     *     live quality for the badges
     * @param respond the API's JSON response for a status and a body
     * @param rest the history search, the webhook deliveries and their retry, the host controls and the quality
     *     timelines
     * @param peers the other nodes sharing the calls; empty for a lone server
     */
    AdminRoutes(
            AdminSessions sessions,
            AdminSignIn signIn,
            FailedAuthLimiter failures,
            StaticFiles files,
            StatsSource stats,
            Supplier<Probes.Answer> health,
            Clock clock,
            ObjectMapper json,
            Optional<String> node,
            AdminAccess access,
            BiFunction<Integer, Object, ApiResponse> respond,
            RestTwins rest,
            Optional<AdminPeers> peers) {
        this.sessions = sessions;
        this.signIn = signIn;
        this.failures = failures;
        this.files = files;
        this.stats = stats;
        this.health = health;
        this.clock = clock;
        this.json = json;
        this.bodies = new JsonBody(json, SIGN_IN_EXAMPLE);
        this.node = node;
        this.tls = access.tls();
        this.quality = access.quality();
        this.respond = respond;
        this.rest = rest;
        this.peers = peers;
    }

    static boolean owns(String path) {
        return path.equals(PAGE) || path.startsWith(PAGE + "/");
    }

    ApiResponse handle(ApiRequest request) {
        String path = request.path();
        if (isApi(path) && request.header("origin").isPresent()) {
            // A page of another origin the CORS settings allow (a sibling subdomain, whose requests SameSite lets the
            // cookie ride on) must not read the dashboard's data either.
            requireSameOrigin(request);
        }
        if (path.equals(SESSION)) {
            return switch (request.method()) {
                case "POST" -> signIn(request);
                case "DELETE" -> signOut(request);
                default -> throw wrongMethod(request, "POST or DELETE");
            };
        }
        if (path.equals(SIGN_IN_PAGE)) {
            return get(request, () -> serve(SIGN_IN_PAGE));
        }
        if (files.find(path).isPresent() && isPublicAsset(path)) {
            return get(request, () -> serve(path));
        }
        // The method before the session: a wrong one is 405 whoever asks, as on the REST API.
        String restPath = path.substring(PAGE.length());
        boolean changesState = WebhookRoutes.retryIdOf(restPath).isPresent()
                || HostRoutes.actionOf(restPath).isPresent();
        boolean methodFits = changesState
                ? request.method().equals("POST")
                : request.method().equals("GET") || request.method().equals("HEAD");
        if (!methodFits) {
            throw wrongMethod(request, changesState ? "POST" : "GET");
        }
        if (path.equals(CALLS) && request.header(PeerClient.FORWARDED).isPresent()) {
            // Another node asking for this node's calls, with the API key: the operator's session is on that node.
            // Only so: anyone else reads the dashboard's data with a session, whatever key it holds.
            return get(request, () -> respond.apply(200, byApiKey(request)));
        }
        boolean signedIn = signedIn(AdminCookie.read(request));
        if (path.equals(PAGE) || path.equals(PAGE + "/")) {
            return get(request, () -> signedIn ? serve(PAGE) : redirect(SIGN_IN_PAGE));
        }
        if (!signedIn) {
            if (files.find(path).isEmpty() && !isApi(path)) {
                throw new HttpApiException(HttpError.NOT_FOUND, "no route for " + path);
            }
            throw new HttpApiException(
                    HttpError.UNAUTHENTICATED,
                    "admin session: missing or expired (expected: sign in at " + SIGN_IN_PAGE + ")");
        }
        return switch (path) {
            case CALLS -> get(request, () -> respond.apply(200, liveCalls(now(LiveCalls.Calls.of(stats, quality)))));
            case CALL_EVENTS -> get(request, () -> callEvents(request));
            case HEALTH ->
                get(request, () -> {
                    Probes.Answer answer = health.get();
                    return respond.apply(answer.status(), withNodes(answer.body(), request));
                });
            case HISTORY -> get(request, () -> respond.apply(200, rest.history().list(request)));
            case WEBHOOKS ->
                get(request, () -> respond.apply(200, rest.webhooks().list(request)));
            default -> {
                if (WebhookRoutes.retryIdOf(restPath).isPresent()) {
                    yield post(request, () -> rest.webhooks().retry(asRestRequest(request)));
                }
                Optional<HostRoutes.Action> hostAction = HostRoutes.actionOf(restPath);
                if (hostAction.isPresent()) {
                    // A call another node serves is acted on there, with the same answers and errors as here.
                    yield postAnswer(request, () -> {
                        log.info("admin host control path={} from={}", restPath, request.remoteAddress());
                        ApiRequest twin = asRestRequest(request);
                        return peers.flatMap(p ->
                                        p.hostControl(twin, hostAction.get().sessionId()))
                                .orElseGet(() -> respond.apply(200, rest.host().handle(twin, hostAction.get())));
                    });
                }
                Optional<String> qualityOf = QualityRoutes.sessionIdOf(restPath);
                if (qualityOf.isPresent()) {
                    yield get(request, () -> respond.apply(200, rest.quality().one(qualityOf.get())));
                }
                if (files.find(path).isPresent()) {
                    yield get(request, () -> serve(path));
                }
                throw new HttpApiException(HttpError.NOT_FOUND, "no route for " + path);
            }
        };
    }

    /** With several nodes, this node's health with a row of every node's (see {@link NodeHealthRows}). */
    private Object withNodes(Object body, ApiRequest request) {
        if (peers.isEmpty() || !(body instanceof ApiBodies.Health local)) {
            return body;
        }
        return local.withNodeHealth(peers.get().health().rows(local, request.remoteAddress()));
    }

    /** Whether the cookie's token names a live session; 503 when the database cannot say. */
    private boolean signedIn(Optional<String> token) {
        return DatabaseReads.read(SESSIONS, () -> sessions.valid(token));
    }

    /** What the sign-in page needs before anyone has signed in: nothing in it tells anything about the server. */
    private static boolean isPublicAsset(String path) {
        return path.equals("/admin/sign-in.js") || path.equals("/admin/admin.css");
    }

    private static boolean isApi(String path) {
        return path.startsWith(PAGE + "/api/");
    }

    /**
     * A wrong secret counts as a failed authentication of the address, like a wrong API key on the REST API, and is
     * answered 429 once the address has used up its failures; a right one is never refused for others' failures.
     */
    private ApiResponse signIn(ApiRequest request) {
        requireSameOrigin(request);
        ObjectNode body = bodies.object(request.body());
        JsonNode secret = body.get("secret");
        if (secret == null || !secret.isTextual() || body.size() != 1) {
            throw new HttpApiException(
                    HttpError.INVALID_PAYLOAD,
                    "body: " + fieldNames(body) + " (expected: exactly " + SIGN_IN_EXAMPLE + ")");
        }
        Optional<AdminSignIn.Credential> credential = signIn.check(secret.asText());
        if (credential.isEmpty()) {
            log.warn("admin sign-in refused from={}", request.remoteAddress());
            if (!failures.failed(request.remoteAddress())) {
                throw new HttpApiException(
                        HttpError.RATE_LIMITED,
                        "too many failed sign-ins from " + request.remoteAddress() + " (expected: at most "
                                + HttpApi.FAILED_AUTH_PER_MINUTE + " a minute)");
            }
            throw new HttpApiException(
                    HttpError.UNAUTHENTICATED, "secret: wrong (expected: the API key or the admin password)");
        }
        String id = DatabaseReads.read(SESSIONS, () -> sessions.start(credential.get(), request.remoteAddress()));
        log.info("admin signed in with={} from={}", credential.get(), request.remoteAddress());
        return new ApiResponse(
                204,
                new byte[0],
                Map.of(
                        "cache-control",
                        "no-store",
                        "set-cookie",
                        AdminCookie.set(id, sessions.lifetime(), secure(request))));
    }

    private ApiResponse signOut(ApiRequest request) {
        requireSameOrigin(request);
        Optional<String> token = AdminCookie.read(request);
        DatabaseReads.read(SESSIONS, () -> {
            sessions.end(token);
            return true;
        });
        return new ApiResponse(
                204,
                new byte[0],
                Map.of("cache-control", "no-store", "set-cookie", AdminCookie.clear(secure(request))));
    }

    private static void requireSameOrigin(ApiRequest request) {
        SameOrigin.refusal(request).ifPresent(why -> {
            throw new HttpApiException(HttpError.FORBIDDEN, why);
        });
    }

    private boolean secure(ApiRequest request) {
        return tls
                || request.header("x-forwarded-proto")
                        .filter(p -> p.strip().equalsIgnoreCase("https"))
                        .isPresent();
    }

    /**
     * This node's own calls, for another node's dashboard (a request forwarded by it): only with the API key (checked
     * here, a wrong or missing one counting as a failed authentication as on the REST API), and never merged with the
     * others' (no loops).
     */
    private LiveCalls byApiKey(ApiRequest request) {
        boolean key = request.header("authorization")
                .flatMap(AuthorizationHeader::bearer)
                .filter(signIn::isApiKey)
                .isPresent();
        if (!key) {
            if (!failures.failed(request.remoteAddress())) {
                throw new HttpApiException(HttpError.RATE_LIMITED, ApiCredentials.rateLimited(request.remoteAddress()));
            }
            throw new HttpApiException(
                    HttpError.UNAUTHENTICATED,
                    "Authorization: missing or wrong (expected: Bearer <API key> from another node)");
        }
        LiveCalls.Calls local = LiveCalls.Calls.of(stats, quality);
        return liveCalls(peers.map(p -> p.calls().own(local)).orElse(local));
    }

    /** The calls of every node, with several nodes; this node's alone otherwise. */
    private LiveCalls.Calls now(LiveCalls.Calls local) {
        return peers.map(p -> p.calls().merged(local)).orElse(local);
    }

    private LiveCalls liveCalls(LiveCalls.Calls calls) {
        return new LiveCalls(clock.millis(), node.orElse(null), calls);
    }

    /**
     * The live calls as Server-Sent Events: the whole list at once, then again each time it changes. Whole lists
     * rather than changes: a page never has to merge, and one that missed an event is right again at the next.
     */
    private ApiResponse callEvents(ApiRequest request) {
        Optional<String> session = AdminCookie.read(request);
        AtomicReference<LiveCalls.Calls> sent = new AtomicReference<>();
        Supplier<Optional<String>> next = () -> {
            LiveCalls.Calls now = now(LiveCalls.Calls.of(stats, quality));
            if (now.equals(sent.getAndSet(now))) {
                return Optional.empty();
            }
            try {
                return Optional.of(json.writeValueAsString(liveCalls(now)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise the live calls", e);
            }
        };
        return ApiResponse.events(
                Map.of(
                        "content-type",
                        "text/event-stream; charset=utf-8",
                        "cache-control",
                        "no-store",
                        "x-accel-buffering",
                        "no"),
                new EventStream(LOOK_INTERVAL, next, () -> {
                    try {
                        return signedIn(session);
                    } catch (HttpApiException unavailable) {
                        // The page's EventSource comes back, and is told 503 or 401 then.
                        return false;
                    }
                }));
    }

    /** A state-changing twin of a REST route: POST only, from the dashboard's own origin. */
    private ApiResponse post(ApiRequest request, Supplier<Object> action) {
        return postAnswer(request, () -> respond.apply(200, action.get()));
    }

    private ApiResponse postAnswer(ApiRequest request, Supplier<ApiResponse> action) {
        if (!request.method().equals("POST")) {
            throw wrongMethod(request, "POST");
        }
        requireSameOrigin(request);
        return action.get();
    }

    /** The same request as the REST API's twin of an admin route ({@code /admin/api/x} is {@code /api/x}). */
    private static ApiRequest asRestRequest(ApiRequest request) {
        return new ApiRequest(
                request.method(),
                request.path().substring(PAGE.length()),
                request.headers(),
                request.body(),
                request.remoteAddress(),
                request.query());
    }

    private ApiResponse serve(String path) {
        StaticAsset asset = files.find(path).orElseThrow();
        Map<String, String> headers = new java.util.HashMap<>(PAGE_HEADERS);
        headers.put("content-type", asset.contentType());
        return new ApiResponse(200, asset.body(), headers);
    }

    private static ApiResponse redirect(String location) {
        return new ApiResponse(303, new byte[0], Map.of("location", location, "cache-control", "no-store"));
    }

    private static ApiResponse get(ApiRequest request, Supplier<ApiResponse> action) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            throw wrongMethod(request, "GET");
        }
        return action.get();
    }

    private static HttpApiException wrongMethod(ApiRequest request, String expected) {
        return new HttpApiException(
                HttpError.METHOD_NOT_ALLOWED,
                "method " + request.method() + " on " + request.path() + " (expected: " + expected + ")");
    }

    private static String fieldNames(ObjectNode body) {
        return body.isEmpty() ? "{}" : "keys " + iterable(body.fieldNames());
    }

    private static String iterable(java.util.Iterator<String> names) {
        StringBuilder out = new StringBuilder("[");
        names.forEachRemaining(n -> out.append(out.length() > 1 ? ", " : "").append(n));
        return out.append("]").toString();
    }
}
