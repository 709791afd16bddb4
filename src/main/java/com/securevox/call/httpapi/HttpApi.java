package com.securevox.call.httpapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.auth.ApiKeyVerifier;
import com.securevox.call.auth.AuthorizationHeader;
import com.securevox.call.auth.CallTokens;
import com.securevox.call.auth.MintedToken;
import com.securevox.call.call.Moderation;
import com.securevox.call.push.DeviceRegistry;
import com.securevox.call.recording.RecordingCatalog;
import com.securevox.call.ring.Rings;
import com.securevox.call.store.CallHistory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API of the contract: routing, credentials, bodies and error mapping. Blocking calls
 * (asking Django) may happen here, so the transport runs it off the I/O threads.
 */
public final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    public static final String SERVICE = "SecureVOX Call Server";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** Failed authentications an address may make at once, and per minute after that. */
    static final int FAILED_AUTH_BURST = 20;

    static final int FAILED_AUTH_PER_MINUTE = 20;

    private final ObjectMapper json;
    /** Every token request body, from backends, users and the demo page, is read by this one strict reader. */
    private final JsonBody tokenBodies;

    private final CallTokens tokens;
    private final ApiCredentials access;
    private final StatsSource stats;
    private final Probes probes;
    private final Clock clock;
    private final IceServerSource iceServers;
    private final FailedAuthLimiter failures;
    private final StaticFiles files;
    private final boolean devTokens;
    private final HistoryRoutes history;
    private final QualityRoutes quality;
    private final WebhookRoutes webhooks;
    private final RecordingRoutes recordings;
    private final HostRoutes host;
    private final DeviceRoutes devices;
    private final MetricsScrape metrics;
    private final Optional<ApiKeyVerifier> metricsToken;
    private final HttpMetrics requests;
    /** Calling a person: user tokens and the ring routes; empty where ringing is not wired (some tests). */
    private final Optional<RingRoutes> rings;

    private final RouteLabels labels;
    /** Talks to the other nodes; empty for a single node, which then runs nothing of it. */
    private final Optional<PeerClient> peerClient;

    private final Optional<CallForwarding> forwarding;
    private final Optional<ClusterStats> clusterStats;
    private final AdminRoutes admin;
    private final OpenApiDocument openApi;

    /**
     * @param rings calling a person ({@code /api/user/token}, {@code /api/rings/...}); empty: those routes are 404
     * @param peers the other nodes sharing the calls; empty for a single node
     */
    public HttpApi(
            ObjectMapper json,
            CallTokens tokens,
            ApiKeyVerifier apiKey,
            Optional<UserVerifier> users,
            StatsSource stats,
            Probes probes,
            Clock clock,
            IceServerSource iceServers,
            StaticFiles files,
            boolean devTokens,
            Observability observability,
            Recordings recordings,
            Moderation moderation,
            Optional<Rings> rings,
            DeviceRegistry devices,
            Optional<PeerNodes> peers,
            AdminAccess admin) {
        this.json = json;
        this.tokenBodies = new JsonBody(json, TokenRequest.EXAMPLE);
        this.tokens = tokens;
        this.stats = stats;
        this.probes = probes;
        this.clock = clock;
        this.iceServers = iceServers;
        this.failures = new FailedAuthLimiter(FAILED_AUTH_BURST, FAILED_AUTH_PER_MINUTE, clock);
        this.access = new ApiCredentials(apiKey, users, failures);
        this.files = files;
        this.devTokens = devTokens;
        this.history = new HistoryRoutes(observability.history());
        this.quality = new QualityRoutes(observability.quality());
        this.webhooks = new WebhookRoutes(observability.webhooks());
        this.host = new HostRoutes(moderation, json);
        this.devices = new DeviceRoutes(devices, json, this::respond);
        this.metrics = observability.metrics();
        this.metricsToken = observability.metricsToken().map(ApiKeyVerifier::new);
        this.requests = observability.requests();
        this.rings = rings.map(r -> new RingRoutes(r, tokens, iceServers, json));
        this.labels = new RouteLabels(devTokens, rings.isPresent(), files);
        this.peerClient = peers.map(p -> new PeerClient(p.self(), p.tls()));
        this.recordings = new RecordingRoutes(
                recordings, this::error, peers.map(p -> new RecordingForwarding(p, peerClient.orElseThrow())));
        this.forwarding = peers.map(p -> new CallForwarding(p, peerClient.orElseThrow()));
        this.clusterStats = peers.map(p -> new ClusterStats(p, peerClient.orElseThrow(), json));
        this.admin = new AdminRoutes(
                new AdminSessions(admin.sessions(), clock, AdminSessions.DEFAULT_LIFETIME),
                new AdminSignIn(apiKey, admin.password()),
                failures,
                StaticFiles.admin(),
                stats,
                probes::health,
                clock,
                json,
                peers.map(PeerNodes::self),
                admin,
                this::respond,
                new AdminRoutes.RestTwins(history, webhooks, host, quality),
                peers.map(p -> AdminPeers.of(
                        p, peerClient.orElseThrow(), forwarding.orElseThrow(), json, admin.apiKey(), clock)));
        this.openApi = new OpenApiDocument(json);
    }

    /** Stops talking to the other nodes. */
    public void close() {
        peerClient.ifPresent(PeerClient::close);
    }

    /**
     * What the API needs for the history and metrics routes.
     *
     * @param metricsToken the bearer token {@code GET /metrics} requires; open when empty
     * @param webhooks the webhook outbox, for {@code /api/webhooks/deliveries}
     * @param quality the calls' quality timelines, for {@code /api/calls/{sessionId}/quality}
     */
    public record Observability(
            CallHistory history,
            MetricsScrape metrics,
            Optional<String> metricsToken,
            HttpMetrics requests,
            WebhookDeliveries webhooks,
            CallQualitySource quality) {}

    /**
     * What the API needs for the recording routes.
     *
     * @param directory the recordings' folder: a recording's files are in {@code <directory>/<id>/}
     * @param actions starts and stops a call's recording
     */
    public record Recordings(RecordingCatalog catalog, Path directory, RecordingActions actions) {
        public Recordings {
            Objects.requireNonNull(catalog, "catalog: null (expected: the recordings' catalog)");
            Objects.requireNonNull(directory, "directory: null (expected: the recordings' folder)");
            Objects.requireNonNull(actions, "actions: null (expected: what starts and stops recordings)");
        }
    }

    /**
     * Whether {@link #handle} answers this request without waiting on anything outside the process, so it may run on
     * an I/O thread: a token minted with the API key is an HMAC and a log line. A Django token, the history database
     * or a metrics scrape may block, and so does not qualify.
     */
    public boolean neverBlocks(ApiRequest request) {
        return request.path().equals("/api/call/token")
                && request.method().equals("POST")
                && request.header("authorization")
                        .flatMap(AuthorizationHeader::bearer)
                        .isPresent();
    }

    public ApiResponse handle(ApiRequest request) {
        ApiResponse response = answer(request);
        requests.request(labels.of(request.path(), response.status()), response.status());
        return response;
    }

    /**
     * Credentials are verified before the failed-authentication limit is consulted, so a correct one is never refused
     * because others failed from the same address; a failure past the limit is answered 429 instead of 401. Only
     * Django tokens from a limited address are treated differently (see {@link #credentials}).
     */
    private ApiResponse answer(ApiRequest request) {
        boolean guarded = request.path().startsWith("/api/");
        try {
            return route(request);
        } catch (HttpApiException e) {
            if (guarded && e.error() == HttpError.UNAUTHENTICATED && !failures.failed(request.remoteAddress())) {
                return error(HttpError.RATE_LIMITED, ApiCredentials.rateLimited(request.remoteAddress()));
            }
            return error(e.error(), e.getMessage());
        } catch (RuntimeException e) {
            String ref = UUID.randomUUID().toString().substring(0, 8);
            log.error("internal error ref={} method={} path={}", ref, request.method(), request.path(), e);
            return error(HttpError.INTERNAL, "internal error (ref " + ref + ")");
        }
    }

    /** The contract's error body, for errors found before a request reaches the API. */
    public ApiResponse error(HttpError error, String message) {
        return respond(
                error.status(), new ApiBodies.ErrorResponse(new ApiBodies.ErrorResponse.Body(error.name(), message)));
    }

    private ApiResponse route(ApiRequest request) {
        return switch (request.path()) {
            case "/health" -> only("GET", request, () -> respond(probes.health()));
            case "/ready" -> only("GET", request, () -> respond(probes.ready()));
            case "/api/call/token" -> only("POST", request, () -> mint(request));
            case "/api/call/stats" -> only("GET", request, () -> stats(request));
            case "/api/calls" ->
                only("GET", request, () -> {
                    access.requireApiKey(request);
                    return respond(200, history.list(request));
                });
            case "/metrics" -> only("GET", request, () -> scrape(request));
            case OpenApiDocument.ROUTE -> only("GET", request, openApi::response);
            case WebhookRoutes.LIST ->
                only("GET", request, () -> {
                    access.requireApiKey(request);
                    return respond(200, webhooks.list(request));
                });
            case RecordingRoutes.LIST ->
                only("GET", request, () -> {
                    access.requireApiKey(request);
                    return respond(200, recordings.list(request));
                });
            case "/api/dev/token" -> {
                if (!devTokens) {
                    throw notFound(request);
                }
                yield only("POST", request, () -> devToken(request));
            }
            case RingRoutes.USER_TOKEN -> {
                RingRoutes routes = rings.orElseThrow(() -> notFound(request));
                yield only("POST", request, () -> respond(200, routes.mintUser(request, access::credentials)));
            }
            case "/api/dev/user-token" -> {
                RingRoutes routes = rings.filter(r -> devTokens).orElseThrow(() -> notFound(request));
                yield only("POST", request, () -> respond(200, routes.mintUser(request, r -> Optional.empty())));
            }
            default -> {
                if (AdminRoutes.owns(request.path())) {
                    yield admin.handle(request);
                }
                Optional<HostRoutes.Action> hostAction = HostRoutes.actionOf(request.path());
                if (hostAction.isPresent()) {
                    yield only("POST", request, () -> {
                        access.requireApiKey(request);
                        return forwarded(request, hostAction.get().sessionId(), CallForwarding.TIMEOUT)
                                .orElseGet(() -> respond(200, host.handle(request, hostAction.get())));
                    });
                }
                Optional<RingRoutes.RingPath> ring = RingRoutes.ringOf(request.path());
                if (ring.isPresent() && rings.isPresent()) {
                    String method = ring.get().action().isEmpty() ? "GET" : "POST";
                    // A ring lives with its call's lease: one this node does not have is answered where that is.
                    yield only(
                            method, request, () -> (rings.get().here(ring.get().sessionId())
                                            ? Optional.<ApiResponse>empty()
                                            : forwarded(request, ring.get().sessionId(), CallForwarding.TIMEOUT))
                                    .orElseGet(() -> respond(200, rings.get().ring(request, ring.get()))));
                }
                if (WebhookRoutes.retryIdOf(request.path()).isPresent()) {
                    yield only("POST", request, () -> {
                        access.requireApiKey(request);
                        return respond(200, webhooks.retry(request));
                    });
                }
                if (RecordingRoutes.callOf(request.path()).isPresent()) {
                    String call = RecordingRoutes.callOf(request.path()).get();
                    yield switch (request.method()) {
                        case "POST" -> {
                            access.requireApiKey(request);
                            yield forwarded(request, call, RecordingRoutes.FORWARD_TIMEOUT)
                                    .orElseGet(() -> respond(201, recordings.start(request)));
                        }
                        case "DELETE" -> {
                            access.requireApiKey(request);
                            yield forwarded(request, call, RecordingRoutes.FORWARD_TIMEOUT)
                                    .orElseGet(() -> respond(200, recordings.stop(request)));
                        }
                        default ->
                            throw new HttpApiException(
                                    HttpError.METHOD_NOT_ALLOWED,
                                    "method " + request.method() + " on " + request.path()
                                            + " (expected: POST or DELETE)");
                    };
                }
                if (RecordingRoutes.fileOf(request.path()).isPresent()) {
                    yield only("GET", request, () -> {
                        access.requireApiKey(request);
                        return recordings.download(request);
                    });
                }
                if (RecordingRoutes.idOf(request.path()).isPresent()) {
                    yield only("GET", request, () -> {
                        access.requireApiKey(request);
                        return respond(200, recordings.manifest(request));
                    });
                }
                if (DeviceRoutes.routeOf(request.path()).isPresent()) {
                    access.requireApiKey(request);
                    yield devices.handle(request);
                }
                Optional<String> qualityOf = QualityRoutes.sessionIdOf(request.path());
                if (qualityOf.isPresent()) {
                    yield only("GET", request, () -> {
                        access.requireApiKey(request);
                        return respond(200, quality.one(qualityOf.get()));
                    });
                }
                if (HistoryRoutes.sessionIdOf(request.path()).isPresent()) {
                    yield only("GET", request, () -> {
                        access.requireApiKey(request);
                        return respond(200, history.one(request));
                    });
                }
                StaticAsset asset = files.find(request.path()).orElseThrow(() -> notFound(request));
                yield only("GET", request, () -> serve(asset, request));
            }
        };
    }

    private static HttpApiException notFound(ApiRequest request) {
        return new HttpApiException(HttpError.NOT_FOUND, "no route for " + request.path());
    }

    /**
     * Revalidated on every use ({@code no-cache}) rather than cached for a time: the files change with the jar, and
     * a 304 costs one round trip on a server the page talks to anyway.
     */
    private static ApiResponse serve(StaticAsset asset, ApiRequest request) {
        Map<String, String> headers =
                Map.of("content-type", asset.contentType(), "cache-control", "no-cache", "etag", asset.etag());
        if (request.header("if-none-match").filter(asset::matches).isPresent()) {
            return new ApiResponse(304, new byte[0], headers);
        }
        return new ApiResponse(200, asset.body(), headers);
    }

    private static ApiResponse only(
            String method, ApiRequest request, java.util.function.Supplier<ApiResponse> action) {
        boolean head = method.equals("GET") && request.method().equals("HEAD");
        if (!request.method().equals(method) && !head) {
            throw new HttpApiException(
                    HttpError.METHOD_NOT_ALLOWED,
                    "method " + request.method() + " on " + request.path() + " (expected: " + method + ")");
        }
        return action.get();
    }

    private ApiResponse mint(ApiRequest request) {
        Optional<String> verifiedUser = access.credentials(request);
        TokenRequest body = TokenRequest.parse(tokenBodies, request.body());
        String userId;
        if (verifiedUser.isPresent()) {
            userId = verifiedUser.get();
            if (body.userId().isPresent() && !body.userId().get().equals(userId)) {
                throw new HttpApiException(
                        HttpError.FORBIDDEN,
                        "userId: '" + body.userId().get() + "' (expected: '" + userId
                                + "', the user your token belongs to)");
            }
        } else {
            userId = body.userId()
                    .orElseThrow(() -> new HttpApiException(
                            HttpError.INVALID_PAYLOAD,
                            "userId: missing (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])"));
        }
        return issue(userId, body, verifiedUser.isPresent() ? "user" : "backend");
    }

    /**
     * Development only (the route does not exist in production): the demo page asks for its own tokens, so there is
     * no credential to check, only the body.
     */
    private ApiResponse devToken(ApiRequest request) {
        TokenRequest body = TokenRequest.parse(tokenBodies, request.body());
        String userId = body.userId()
                .orElseThrow(() -> new HttpApiException(
                        HttpError.INVALID_PAYLOAD,
                        "userId: missing (expected: 1 to 128 characters of [A-Za-z0-9_.:@-])"));
        return issue(userId, body, "dev");
    }

    private ApiResponse issue(String userId, TokenRequest body, String by) {
        MintedToken minted = tokens.mint(userId, body.sessionId(), body.role());
        log.info(
                "token minted userId={} sessionId={} role={} by={}",
                userId,
                body.sessionId(),
                body.role().wireName(),
                by);
        return respond(
                200,
                new ApiBodies.TokenResponse(
                        minted.token(),
                        minted.expiresAt().getEpochSecond(),
                        userId,
                        body.sessionId(),
                        body.role().wireName(),
                        iceServers.forUser(userId, minted.expiresAt())));
    }

    private ApiResponse scrape(ApiRequest request) {
        if (metricsToken.isPresent()) {
            String token = request.header("authorization")
                    .flatMap(AuthorizationHeader::bearer)
                    .orElseThrow(() -> new HttpApiException(
                            HttpError.UNAUTHENTICATED, "Authorization: missing (expected: Bearer <metrics token>)"));
            if (!metricsToken.get().matches(token)) {
                throw new HttpApiException(HttpError.UNAUTHENTICATED, "Authorization: wrong metrics token");
            }
        }
        return new ApiResponse(
                200,
                metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("content-type", PROMETHEUS_TEXT, "cache-control", "no-store"));
    }

    /** This node's calls, or with several nodes every node's (see {@link ClusterStats}). */
    private ApiResponse stats(ApiRequest request) {
        access.requireApiKey(request);
        Instant now = clock.instant();
        List<ApiBodies.Stats.ActiveCall> calls = stats.activeCalls().stream()
                .map(c -> ApiBodies.Stats.ActiveCall.of(c, stats.mediaOf(c.sessionId()), now))
                .toList();
        ApiBodies.Stats local = ApiBodies.Stats.of(calls, stats.connectedUsers());
        return respond(200, clusterStats.map(c -> c.answer(request, local)).orElse(local));
    }

    /** The answer of the node serving the call, when that is another node (see {@link CallForwarding}). */
    private Optional<ApiResponse> forwarded(ApiRequest request, String sessionId, Duration timeout) {
        return forwarding.flatMap(f -> f.answer(request, sessionId, timeout));
    }

    private ApiResponse respond(Probes.Answer answer) {
        return respond(answer.status(), answer.body());
    }

    private ApiResponse respond(int status, Object body) {
        try {
            return new ApiResponse(status, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }
}
