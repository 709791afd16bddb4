package com.securevox.call.signaling;

import com.securevox.call.call.NodeBus;
import com.securevox.call.call.NodeBus.Envelope;
import com.securevox.call.call.NodeMessage.Bounced;
import com.securevox.call.call.NodeMessage.Deliver;
import com.securevox.call.call.NodeMessage.Disconnected;
import com.securevox.call.call.NodeMessage.Forward;
import com.securevox.call.call.NodeMessage.Handed;
import com.securevox.call.call.NodeMessage.Kick;
import com.securevox.call.call.NodeMessage.Open;
import com.securevox.call.call.NodeMessage.Reply;
import com.securevox.call.call.NodeMessage.RingEvent;
import com.securevox.call.call.Scheduler;
import com.securevox.call.call.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's inbox on the node bus, and the watch over the nodes it proxies sockets with. Messages go to the edge
 * side ({@link EdgeSockets}) or the owner side ({@link OwnerSockets}) in the order each sender sent them. When a
 * sender's messages were lost, or it started again (a new run), or it leaves the live nodes, the sockets between this
 * node and it are resynchronised: those attached to it here reconnect, those it held for this node are dropped into
 * their reconnect grace (and, when it lives, it is told to close them), so that nobody goes on past a hole.
 */
final class NodeRoutes implements NodeBus.Inbox {
    private static final Logger log = LoggerFactory.getLogger(NodeRoutes.class);

    /** How often the live nodes are compared with the nodes sockets are proxied with. */
    static final Duration WATCH = Duration.ofSeconds(1);

    /**
     * How long a node this one heard from counts as live though the live nodes do not list it: a node back from an
     * outage of its own sends before every other node has listed it again (its announcement lapsed meanwhile), and
     * the sockets proxied with it must not be cut for that. As long as a node's announcement lasts.
     */
    static final Duration HEARD = Duration.ofSeconds(5);

    private final NodeBus bus;
    private final EdgeSockets edge;
    private final OwnerSockets owner;
    private final Supplier<Set<String>> live;
    private final Scheduler scheduler;
    private final Ticker ticker;
    /** When each sender node was last heard from, by {@link #ticker}. */
    private final Map<String, Long> heard = new ConcurrentHashMap<>();
    /** Each sender node's current run. */
    private final Map<String, String> runs = new ConcurrentHashMap<>();

    private volatile boolean stopped;

    /**
     * @param live the live nodes now, without I/O; empty while not known yet (nothing is taken for dead then)
     */
    NodeRoutes(NodeBus bus, EdgeSockets edge, OwnerSockets owner, Supplier<Set<String>> live, Scheduler scheduler) {
        this(bus, edge, owner, live, scheduler, Ticker.SYSTEM);
    }

    NodeRoutes(
            NodeBus bus,
            EdgeSockets edge,
            OwnerSockets owner,
            Supplier<Set<String>> live,
            Scheduler scheduler,
            Ticker ticker) {
        this.bus = bus;
        this.edge = edge;
        this.owner = owner;
        this.live = live;
        this.scheduler = scheduler;
        this.ticker = ticker;
    }

    void start() {
        bus.subscribe(this);
        schedule();
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void receive(Envelope envelope, long missedBefore) {
        String from = envelope.from().node();
        heard.put(from, ticker.nanos());
        String run = envelope.from().run();
        String before = runs.put(from, run);
        if (missedBefore > 0) {
            resync(from, true, missedBefore + " messages from it lost");
        } else if (before != null && !before.equals(run)) {
            resync(from, false, "it started again");
        }
        switch (envelope.message()) {
            case Open open -> owner.open(from, open);
            case Forward forward -> owner.forward(from, forward);
            case Disconnected disconnected -> owner.disconnected(from, disconnected);
            case Reply reply -> edge.reply(reply);
            case Deliver deliver -> edge.deliver(from, deliver);
            case Bounced bounced -> owner.bounced(from, bounced);
            case Handed handed -> owner.handed(from, handed);
            case Kick kick -> edge.kick(kick);
            case RingEvent ring -> owner.ring(from, ring);
        }
    }

    /**
     * Compares the live nodes with the nodes sockets are proxied with; those gone (not listed, and not heard from
     * within {@link #HEARD}) are resynchronised.
     */
    void watch() {
        Set<String> listed = live.get();
        if (listed.isEmpty()) {
            return;
        }
        Predicate<String> gone = node -> !listed.contains(node) && !recentlyHeard(node);
        for (String node : edge.owners()) {
            if (gone.test(node)) {
                edge.resync(node::equals, "its owner " + node + " left the live nodes");
            }
        }
        for (String node : owner.edges()) {
            if (gone.test(node)) {
                owner.dropFrom(node::equals, false, "its node " + node + " left the live nodes");
            }
        }
    }

    private boolean recentlyHeard(String node) {
        Long at = heard.get(node);
        return at != null && ticker.before(at + HEARD.toNanos());
    }

    private void resync(String node, boolean tell, String why) {
        log.warn("node bus: resynchronising the sockets proxied with {}: {}", node, why);
        edge.resync(node::equals, why);
        owner.dropFrom(node::equals, tell, why);
    }

    private void schedule() {
        if (stopped) {
            return;
        }
        try {
            scheduler.schedule(WATCH, () -> {
                try {
                    watch();
                } catch (RuntimeException e) {
                    log.error("node bus: watching the live nodes failed", e);
                }
                schedule();
            });
        } catch (RuntimeException e) {
            // The scheduler stopped: so does the watch.
        }
    }
}
