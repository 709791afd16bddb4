package com.securevox.call.httpapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.auth.ApiKeyVerifier;
import com.securevox.call.auth.CallTokens;
import com.securevox.call.call.Moderation;
import com.securevox.call.push.DeviceRegistry;
import com.securevox.call.ring.Rings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * An {@link HttpApi} for tests: nothing behind it (no history, recordings, calls, rings or devices, TURN and SFU off,
 * no demo page) unless a test says otherwise, so each test names only what it is about.
 */
public final class TestHttpApi {

    private final ObjectMapper json = new ObjectMapper();
    private final CallTokens tokens;
    private final ApiKeyVerifier apiKey;
    private Optional<UserVerifier> users = Optional.empty();
    private BooleanSupplier draining = () -> false;
    private Clock clock = Clock.systemUTC();
    private StaticFiles files = StaticFiles.load(false);
    private boolean devTokens;
    private HttpApi.Observability observability = NoHistory.observability();
    private HttpApi.Recordings recordings = NoRecordings.recordings();
    private Optional<Rings> rings = Optional.empty();
    private Supplier<Optional<ClusterHealth>> cluster = Optional::empty;
    private Supplier<DatabaseHealth> database = () -> DatabaseHealth.of("sqlite", 0, 0, 0);
    private Supplier<SfuHealth> sfu = () -> SfuHealth.OFF;
    private Supplier<TurnStatus> turn = () -> TurnStatus.OFF;
    private Optional<PeerNodes> peers = Optional.empty();
    private AdminAccess admin = new AdminAccess(Optional.empty(), false);
    private StatsSource stats = new NoStats();
    private Moderation moderation = NoCalls.moderation();

    private TestHttpApi(CallTokens tokens, ApiKeyVerifier apiKey) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    }

    public static TestHttpApi with(CallTokens tokens, String apiKey) {
        return new TestHttpApi(tokens, new ApiKeyVerifier(apiKey));
    }

    /** Tokens signed with a fixed secret, an hour long. */
    public static TestHttpApi with(String apiKey) {
        return with(new CallTokens(new byte[32], Duration.ofHours(1), Clock.systemUTC()), apiKey);
    }

    public TestHttpApi users(UserVerifier users) {
        this.users = Optional.of(users);
        return this;
    }

    public TestHttpApi draining(BooleanSupplier draining) {
        this.draining = draining;
        return this;
    }

    public TestHttpApi clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public TestHttpApi files(StaticFiles files) {
        this.files = files;
        return this;
    }

    public TestHttpApi devTokens(boolean devTokens) {
        this.devTokens = devTokens;
        return this;
    }

    public TestHttpApi observability(HttpApi.Observability observability) {
        this.observability = observability;
        return this;
    }

    public TestHttpApi recordings(HttpApi.Recordings recordings) {
        this.recordings = recordings;
        return this;
    }

    public TestHttpApi rings(Rings rings) {
        this.rings = Optional.of(rings);
        return this;
    }

    /** The history database, as {@code /health} shows it. */
    public TestHttpApi database(Supplier<DatabaseHealth> database) {
        this.database = database;
        return this;
    }

    /** The SFU, as {@code /health} shows it. */
    public TestHttpApi sfu(Supplier<SfuHealth> sfu) {
        this.sfu = sfu;
        return this;
    }

    /** TURN, as {@code /health} shows it. */
    public TestHttpApi turn(Supplier<TurnStatus> turn) {
        this.turn = turn;
        return this;
    }

    /** Several nodes, as {@code /health} shows them. */
    public TestHttpApi cluster(Supplier<Optional<ClusterHealth>> cluster) {
        this.cluster = cluster;
        return this;
    }

    /** The other nodes sharing the calls. */
    public TestHttpApi peers(PeerNodes peers) {
        this.peers = Optional.of(peers);
        return this;
    }

    public TestHttpApi admin(AdminAccess admin) {
        this.admin = admin;
        return this;
    }

    public TestHttpApi stats(StatsSource stats) {
        this.stats = stats;
        return this;
    }

    public TestHttpApi moderation(Moderation moderation) {
        this.moderation = moderation;
        return this;
    }

    public HttpApi build() {
        DeviceRegistry devices = NoDevices.registry();
        return new HttpApi(
                json,
                tokens,
                apiKey,
                users,
                stats,
                new Probes(stats, draining, clock, "1.0.0", turn, sfu, database, cluster),
                clock,
                (userId, expiresAt) -> List.of(),
                files,
                devTokens,
                observability,
                recordings,
                moderation,
                rings,
                devices,
                peers,
                admin);
    }
}
