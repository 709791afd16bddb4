package com.securevox.call.app;

import com.securevox.call.call.CallHandover;
import com.securevox.call.call.CallJournal;
import com.securevox.call.call.CallOwnership;
import com.securevox.call.call.LeaseLoss;
import com.securevox.call.call.NodeBus;
import com.securevox.call.call.Ticker;
import com.securevox.call.cluster.LeaseKeeper;
import com.securevox.call.cluster.LeaseMetrics;
import com.securevox.call.cluster.LeaseTimes;
import com.securevox.call.cluster.LocalCallOwnership;
import com.securevox.call.cluster.NodeBusSettings;
import com.securevox.call.cluster.NodeEntry;
import com.securevox.call.cluster.NodeRegistry;
import com.securevox.call.cluster.RedisCallOwnership;
import com.securevox.call.cluster.RedisDeviceDirectory;
import com.securevox.call.cluster.RedisHealth;
import com.securevox.call.cluster.RedisInCall;
import com.securevox.call.cluster.RedisNodeBus;
import com.securevox.call.cluster.RedisSettings;
import com.securevox.call.cluster.RedisUnreachableException;
import com.securevox.call.cluster.Replication;
import com.securevox.call.config.ClusterConfig;
import com.securevox.call.config.ConfigKeys;
import com.securevox.call.config.RedisConfig;
import com.securevox.call.config.Secret;
import com.securevox.call.httpapi.ClusterHealth;
import com.securevox.call.httpapi.PeerNodes;
import com.securevox.call.metrics.ClusterMeters;
import com.securevox.call.metrics.NodeBusMeters;
import com.securevox.call.ring.BusyElsewhere;
import com.securevox.call.ring.DeviceDirectory;
import com.securevox.call.ring.GlarePairs;
import com.securevox.call.signaling.CallHome;
import com.securevox.call.signaling.Connections;
import com.securevox.call.signaling.HeldHandoff;
import com.securevox.call.trust.TrustAnchors;
import com.securevox.call.trust.TrustException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster part of the wiring: who owns calls, this node alone or the nodes sharing a Redis. A join asks it whether
 * this node serves the call ({@link #home}); calls' starts and ends take and give up their leases ({@link #journal}).
 * With Redis, the leases held are renewed (one found taken or freed is dropped, so the call's next join acquires it
 * again), and the node announces itself among the nodes, for {@code /health}.
 */
final class Cluster {
    private static final Logger log = LoggerFactory.getLogger(Cluster.class);
    /** For connecting and for each command: a lease renewal that takes longer is as good as lost. */
    static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);
    /** How often a node announces itself, and how long an announcement lasts (LiveKit counts a node gone after 5 s). */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);

    static final Duration NODE_TTL = Duration.ofSeconds(5);

    /**
     * How often this node writes its device connections into the directory again, and how long an entry lasts
     * without: generous, as the entries' expiry is each writer's own clock.
     */
    static final Duration DEVICE_REFRESH = Duration.ofSeconds(10);

    static final Duration DEVICE_TTL = Duration.ofSeconds(40);

    /**
     * How often this node compares who is in its calls and rings with what it wrote for {@code busy} elsewhere though
     * nothing told it of a change ({@link #membersChanged}): the repair of what changes untold.
     */
    static final Duration IN_CALL_CHECK = Duration.ofSeconds(5);

    static final Duration IN_CALL_TTL = Duration.ofSeconds(30);

    /** A dead owner's lease lapses within its time to live: its clients' joins elsewhere wait that long for the call. */
    static final Duration HOLD_JOINS = LeaseTimes.DEFAULT.ttl().plusSeconds(1);

    private final ClusterConfig config;
    private final Clock clock;
    private final Instant startedAt;
    private final CallOwnership ownership;
    private final Optional<Shared> shared;
    private final Handovers handovers = new Handovers();
    private final CallYield yielding;
    private volatile Optional<NodeRegistry> registry = Optional.empty();
    /** The sockets of this node's calls, wherever they are connected; set with the handover. */
    private volatile Connections sockets;
    /** Who is in this node's calls; set once the calls exist, nobody before. */
    private volatile Supplier<Set<String>> members = Set::of;

    /** The parts that exist only with Redis. */
    private record Shared(
            RedisCallOwnership ownership,
            CallLeases calls,
            RedisHealth health,
            LeaseKeeper keeper,
            CallHandoff handoff,
            RedisNodeBus bus,
            RedisDeviceDirectory devices,
            RedisInCall inCall,
            CutOffWatch cutOff) {}

    /**
     * @param meters where the cluster meters go, only with Redis (a single node has none)
     * @param reconnectGrace how long a participant may be away: a call's state outlives its owner's lease that much,
     *     so the clients of a dead owner find the call on the node they come back to
     */
    Cluster(ClusterConfig config, Duration reconnectGrace, Clock clock, MeterRegistry meters) {
        this.config = config;
        this.clock = clock;
        this.startedAt = clock.instant();
        // The gauges read this object, which is complete before the first scrape.
        Optional<ClusterMeters> clusterMeters = config.clustered()
                ? Optional.of(new ClusterMeters(meters, this::leasesHeld, this::redisReachable))
                : Optional.empty();
        LeaseMetrics metrics = clusterMeters.<LeaseMetrics>map(m -> m).orElse(LeaseMetrics.NONE);
        CallHandoff.Counts counts =
                clusterMeters.<CallHandoff.Counts>map(m -> m::handoff).orElse(CallHandoff.Counts.NONE);
        yielding = new CallYield(
                handovers, clusterMeters.<CallYield.Counts>map(m -> m::letGo).orElse(CallYield.Counts.NONE));
        shared = config.redis().map(r -> {
            RedisSettings settings = settings(r);
            RedisCallOwnership ownership = open(r, settings, config.nodeId(), reconnectGrace);
            CallStateKeeper states = new CallStateKeeper(ownership.states(), handovers);
            RedisHealth health = new RedisHealth(clock);
            // Asks the other nodes as last listed, with no call placed through it (only their /health is read).
            CutOffWatch cutOff = new CutOffWatch(
                    health,
                    LeaseTimes.DEFAULT.localValidity(),
                    clock,
                    new ClusterPeers(
                            ownership,
                            () -> registry.map(NodeRegistry::live).orElse(List.of()),
                            sessionId -> false,
                            config.peerCa().map(Cluster::peerTls)));
            CallLeases calls = new CallLeases(
                    ownership, HOLD_JOINS, states, node -> liveNodes().contains(node), yielding, cutOff::cutOff);
            cutOff.serve(calls::letGoCutOff);
            LeaseKeeper keeper = new LeaseKeeper(
                    ownership, LeaseTimes.DEFAULT, Ticker.SYSTEM, loss -> lost(calls, loss), metrics, health);
            CallHandoff handoff = new CallHandoff(calls, states, ownership, handovers, counts);
            RedisNodeBus bus =
                    RedisNodeBus.open(settings, config.nodeId(), NodeBusSettings.DEFAULT, new NodeBusMeters(meters));
            RedisDeviceDirectory devices = ownership.devices(this::liveNodes, clock, DEVICE_TTL, DEVICE_REFRESH);
            RedisInCall inCall =
                    ownership.inCall(this::liveNodes, () -> members.get(), clock, IN_CALL_TTL, IN_CALL_CHECK);
            return new Shared(ownership, calls, health, keeper, handoff, bus, devices, inCall, cutOff);
        });
        ownership =
                shared.<CallOwnership>map(Shared::ownership).orElseGet(() -> new LocalCallOwnership(config.nodeId()));
        shared.ifPresent(s ->
                clusterMeters.ifPresent(m -> m.replication(meters, s.ownership().replication()::status)));
    }

    /** Which calls this node serves: every call alone, the calls it holds the lease of with others. */
    CallHome home() {
        return shared.<CallHome>map(Shared::calls).orElse(CallHome.THIS_NODE);
    }

    /** What the cluster hears of calls: their start and end take and give up their leases. */
    CallJournal journal() {
        return shared.<CallJournal>map(Shared::calls).orElse(fact -> {});
    }

    /**
     * A lease taken by another node is dropped and its call let go here ({@link CallLeases#taken}): its sockets
     * reconnect to the node that serves it now. A lease gone from Redis, or one that lapsed because Redis did not
     * answer, is asked for again until this node holds it: the call goes on here meanwhile (nobody else can take it
     * without Redis either), unless another node turns out to hold it, which it then goes on on.
     */
    static void lost(CallLeases calls, LeaseLoss loss) {
        switch (loss) {
            case LeaseLoss.Taken taken -> calls.taken(taken);
            case LeaseLoss.Freed freed -> {
                calls.lost(freed.lease());
                calls.regain(freed.lease().callId());
            }
            case LeaseLoss.Lapsed lapsed -> calls.regain(lapsed.lease().callId());
        }
    }

    /**
     * The registry's handover, once it exists (it is built after this): with Redis, calls' states are kept for it and
     * a call taken over from a dead node is restored through it. A single node keeps nothing.
     *
     * @param sockets the sockets of this node's calls, local and proxied: those of a call another node took are told
     *     to reconnect
     * @param rooms closes the media room of a call let go or handed over here
     * @param leftovers forgets what the history and webhooks keep of a call let go or handed over
     */
    void serve(CallHandover handover, Connections sockets, CallYield.Rooms rooms, CallLeftovers leftovers) {
        handovers.set(handover);
        this.sockets = sockets;
        // A call let go hands what it kept for members away to its new owner, over the bus to that node.
        CallYield.Held held =
                shared.<CallYield.Held>map(s -> new HeldHandoff(s.bus())::hand).orElse(CallYield.Held.NONE);
        yielding.serve(sockets, held, rooms, leftovers);
        shared.ifPresent(s -> s.handoff().serve(rooms, leftovers));
    }

    /**
     * A drain's first step with Redis: the calls served here go on on other nodes ({@link CallHandoff}), their sockets
     * (here or proxied from another node) told to reconnect; returns how many stay here, to end or time out as on a
     * single node, which keeps them all. Blocks on I/O.
     */
    int handOff(Collection<String> sessionIds, CallHandoff.Written written) {
        Connections to = sockets;
        return shared.filter(s -> to != null)
                .map(s -> s.handoff().handOff(sessionIds, to::reconnect, written))
                .orElse(sessionIds.size());
    }

    CallOwnership ownership() {
        return ownership;
    }

    /** The bus to the other nodes, with Redis: sockets of a call another node serves are proxied over it. */
    Optional<NodeBus> bus() {
        return shared.map(Shared::bus);
    }

    /** The ids of the live nodes as last listed, this one included; empty for a single node or before the first list. */
    Set<String> liveNodes() {
        return registry.map(r -> r.live().stream().map(NodeEntry::id).collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
    }

    /** Whether Redis answered the last command; always true for a single node, which has no Redis. */
    boolean redisReachable() {
        return shared.map(s -> s.health().reachable()).orElse(true);
    }

    /**
     * Checks that Redis answers: a node that starts without it could take calls another node owns, so it does not
     * start (a running node that loses Redis keeps its calls; see docs/config.md). Then starts renewing leases.
     */
    void start() {
        if (shared.isEmpty()) {
            return;
        }
        Optional<String> why = shared.get().ownership().unreachable();
        if (why.isPresent()) {
            throw StartException.unreachable(
                    "redis " + config.redis().orElseThrow().describe(), why.get(), null);
        }
        shared.get().bus().locate();
        shared.get().keeper().start();
        // After the keeper: a primary found changed is re-asserted by its next round.
        shared.get().ownership().replication().start(shared.get().keeper()::newPrimary);
        shared.get().devices().start();
        shared.get().inCall().start();
        shared.get().cutOff().start();
    }

    /**
     * Whether this node is cut off from Redis while another node reaches it: it takes no new Engine.IO session then,
     * so the load balancer passes its calls' members to the next server. Always false for a single node. No I/O.
     */
    boolean cutOff() {
        return shared.map(s -> s.cutOff().cutOff()).orElse(false);
    }

    /** Who is in the calls this node serves, for {@code busy} on the other nodes: the calls, once they exist. */
    void members(Supplier<Set<String>> inCalls) {
        this.members = inCalls;
    }

    /** Who is in this node's calls or rings may have changed (a call's or a ring's fact). Only signals. */
    void membersChanged() {
        shared.ifPresent(s -> s.inCall().changed());
    }

    /** Who is in a call another node serves, for {@code busy}; nobody for a single node. */
    BusyElsewhere busyElsewhere() {
        return shared.<BusyElsewhere>map(Shared::inCall).orElse(BusyElsewhere.NONE);
    }

    /** What ends the rings of a call whose lease another node took while this node could not reach Redis. */
    void ringsServedElsewhere(java.util.function.Consumer<String> end) {
        shared.ifPresent(s -> s.calls().ringsServedElsewhere(end));
    }

    /** Which pair of people rings which way, for glare across nodes; the invite lock settles it on a single node. */
    GlarePairs glarePairs() {
        return shared.<GlarePairs>map(s -> s.ownership().glare()).orElse(GlarePairs.NONE);
    }

    /** The device connections of every node, for ringing; nobody elsewhere for a single node. */
    DeviceDirectory devices() {
        return shared.<DeviceDirectory>map(Shared::devices).orElse(DeviceDirectory.NONE);
    }

    private static RedisCallOwnership open(
            RedisConfig r, RedisSettings settings, String node, Duration reconnectGrace) {
        try {
            return RedisCallOwnership.open(
                    settings,
                    node,
                    LeaseTimes.DEFAULT,
                    Ticker.SYSTEM,
                    LeaseTimes.DEFAULT.ttl().plus(reconnectGrace));
        } catch (RedisUnreachableException e) {
            throw StartException.unreachable("redis " + r.describe(), e.getMessage(), e);
        }
    }

    /**
     * Announces this node among the nodes, once it serves: at {@code SECUREVOX_CALL_NODE_URL}, or else at the
     * listening address ({@code host}, or this machine's first address when it listens on all of them).
     */
    void announce(String host, int port, boolean tls, BooleanSupplier draining, IntSupplier activeCalls) {
        shared.ifPresent(s -> {
            String url = config.nodeUrl().map(Object::toString).orElseGet(() -> defaultUrl(host, port, tls));
            if (!NodeEntry.isValidUrl(url)) {
                throw new IllegalStateException("node URL: '" + url + "' (expected: an http or https URL of printable"
                        + " ASCII; set SECUREVOX_CALL_NODE_URL)");
            }
            RedisCallOwnership leases = s.ownership();
            NodeRegistry nodes = leases.nodes(
                    new NodeEntry(config.nodeId(), url, startedAt, false, 0, clock.instant()),
                    new NodeRegistry.Local() {
                        @Override
                        public boolean draining() {
                            return draining.getAsBoolean();
                        }

                        @Override
                        public int activeCalls() {
                            return activeCalls.getAsInt();
                        }
                    },
                    NODE_TTL,
                    HEARTBEAT,
                    clock,
                    s.health());
            registry = Optional.of(nodes);
            nodes.start();
        });
    }

    private static String defaultUrl(String host, int port, boolean tls) {
        String name = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")
                ? HostAddress.primary().orElse("127.0.0.1")
                : host;
        if (name.contains(":") && !name.startsWith("[")) {
            name = "[" + name + "]";
        }
        return (tls ? "https" : "http") + "://" + name + ":" + port;
    }

    /** For {@code /health}: the live nodes and Redis; empty for a single node. No I/O. */
    Optional<ClusterHealth> health() {
        return shared.map(s -> {
            RedisHealth.Status redis = s.health().status();
            Replication.Status replication = s.ownership().replication().status();
            List<ClusterHealth.Node> nodes = registry.map(NodeRegistry::live).orElse(List.of()).stream()
                    .map(n -> new ClusterHealth.Node(
                            n.id(), n.url(), n.startedAt(), n.draining(), n.activeCalls(), n.lastSeen()))
                    .toList();
            return new ClusterHealth(
                    config.nodeId(),
                    nodes,
                    redis instanceof RedisHealth.Reachable,
                    redis.since(),
                    s.ownership().acting(),
                    s.bus().blocked(),
                    replication
                            .primary()
                            .map(id -> new ClusterHealth.Primary(
                                    id,
                                    replication.replicas(),
                                    replication.changes(),
                                    replication.changedAt(),
                                    replication.unconfirmed())),
                    s.cutOff().cutOff());
        });
    }

    /**
     * The other nodes, for the API routes that act on a call and for the cluster's stats; empty for a single node.
     *
     * @param inProgressHere whether a call is in progress on this node
     */
    Optional<PeerNodes> peers(Predicate<String> inProgressHere) {
        return shared.map(s -> new ClusterPeers(
                s.ownership(),
                () -> registry.map(NodeRegistry::live).orElse(List.of()),
                inProgressHere,
                config.peerCa().map(Cluster::peerTls)));
    }

    /** Trusts only the operator's CA for the other nodes, as for Redis; the file was checked at start. */
    private static SSLContext peerTls(Path ca) {
        try {
            TrustAnchors anchors = TrustAnchors.read(ca);
            return anchors.context(anchors.only());
        } catch (TrustException e) {
            throw new IllegalStateException(ConfigKeys.PEER_CA + ": " + e.getMessage(), e);
        }
    }

    /** How many leases this node holds now. */
    int leasesHeld() {
        return shared.map(s -> s.ownership().held().size()).orElse(0);
    }

    /**
     * Leaves the nodes' list, gives up this node's leases, so other nodes can take its calls at once, and closes the
     * connections.
     */
    void stop() {
        shared.ifPresent(s -> s.cutOff().close());
        // First, while the others still list this node: what its sockets' ends told their owners goes out.
        shared.ifPresent(s -> s.bus().close());
        shared.ifPresent(s -> s.devices().close());
        shared.ifPresent(s -> s.inCall().close());
        registry.ifPresent(NodeRegistry::close);
        shared.ifPresent(s -> {
            s.calls().close();
            s.keeper().close();
            s.ownership().close();
        });
    }

    private static RedisSettings settings(RedisConfig r) {
        List<RedisSettings.Host> hosts =
                switch (r.servers()) {
                    case RedisConfig.Standalone s -> List.of(host(s.host()));
                    case RedisConfig.Sentinel s ->
                        s.sentinels().stream().map(Cluster::host).toList();
                };
        Optional<String> master =
                r.servers() instanceof RedisConfig.Sentinel s ? Optional.of(s.master()) : Optional.empty();
        return new RedisSettings(
                hosts,
                master,
                r.tls(),
                r.ca().map(Cluster::sockets),
                r.database(),
                r.user(),
                r.password().map(Secret::value),
                REDIS_TIMEOUT);
    }

    /** The configuration checked the file at start; only a file changed since then fails here. */
    private static SSLSocketFactory sockets(Path ca) {
        try {
            return TrustAnchors.read(ca).socketFactory();
        } catch (TrustException e) {
            throw new IllegalStateException(ConfigKeys.REDIS_CA + ": " + e.getMessage(), e);
        }
    }

    private static RedisSettings.Host host(RedisConfig.Host h) {
        return new RedisSettings.Host(h.name(), h.port());
    }
}
