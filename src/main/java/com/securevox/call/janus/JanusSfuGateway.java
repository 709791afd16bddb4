package com.securevox.call.janus;

import com.securevox.call.call.Scheduler;
import com.securevox.call.media.FeedStream;
import com.securevox.call.media.IceCandidate;
import com.securevox.call.media.MediaError;
import com.securevox.call.media.MediaEvent;
import com.securevox.call.media.MediaException;
import com.securevox.call.media.MediaListener;
import com.securevox.call.media.MediaParticipant;
import com.securevox.call.media.PeerLink;
import com.securevox.call.media.RoomId;
import com.securevox.call.media.RoomSpec;
import com.securevox.call.media.SessionDescription;
import com.securevox.call.media.SfuGateway;
import com.securevox.call.media.SfuStatus;
import com.securevox.call.media.SimulcastLayer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media port over Janus's VideoRoom: rooms are VideoRoom rooms (with string ids, which the adapter requires:
 * {@code string_ids = true} in janus.plugin.videoroom.jcfg), each watched by a {@link RoomMonitor}; each participant
 * is a {@link Peer} with its own Janus session. Rooms are created and destroyed on a control session of ours.
 *
 * <p>{@link #connect()} starts it: it connects, and reconnects with a doubling back-off (250 ms to 5 s) whenever the
 * connection is lost or Janus no longer knows a session of ours (it restarted, or dropped the session). A loss of an
 * established connection is reported once as {@link MediaEvent.EngineLost}, after which every room and participant
 * is forgotten; each (re)connection is reported as {@link MediaEvent.EngineReady}, after which rooms must be opened
 * again and clients publish again.
 *
 * <p>All state lives on the {@link JanusClient}'s thread: operations called from any thread hop onto it, their
 * stages complete on it and the listener is called on it. None of it blocks.
 */
public final class JanusSfuGateway implements SfuGateway, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JanusSfuGateway.class);
    /** Janus joins it to the room's folder and appends to it: a plain name, nothing a path could be made of. */
    private static final Pattern RECORDING_BASE = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    static final Duration FIRST_RETRY = Duration.ofMillis(250);
    static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final JanusSettings settings;
    private final Scheduler scheduler;
    private final MediaListener listener;
    private final JanusClient client;
    private final VideoRoomDecoder decoder = new VideoRoomDecoder();
    private final RoomSecrets secrets = new RoomSecrets(new SecureRandom());

    // Confined to the client's thread.
    private final Map<RoomId, RoomMonitor> rooms = new HashMap<>();
    private final Map<RoomId, CompletableFuture<Void>> opening = new HashMap<>();
    private final Map<MediaParticipant, Peer> peers = new HashMap<>();
    private final CompletableFuture<Void> firstReady = new CompletableFuture<>();
    private long controlSession;
    private long controlHandle;
    private boolean started;
    private boolean closed;
    private int failedAttempts;
    private Scheduler.Cancellable retry;

    private volatile SfuStatus status = SfuStatus.DOWN;
    private volatile int openRooms;

    public JanusSfuGateway(JanusSettings settings, Scheduler scheduler, Clock clock, MediaListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.client = new JanusClient(settings, scheduler, clock, this::connectionLost);
    }

    /**
     * Starts connecting (and keeps reconnecting). The stage completes at the first connection, and fails only if
     * {@link #close()} comes first: while Janus is unreachable it just stays incomplete, and {@link #status()} is
     * {@code CONNECTING}.
     */
    public CompletionStage<Void> connect() {
        run(() -> {
            if (started || closed) {
                return;
            }
            started = true;
            status = SfuStatus.CONNECTING;
            attempt();
        });
        return firstReady.copy();
    }

    /** Disconnects for good; operations fail with UNAVAILABLE from now on. */
    @Override
    public void close() {
        run(() -> {
            closed = true;
            status = SfuStatus.DOWN;
            if (retry != null) {
                retry.cancel();
            }
            forget();
            firstReady.completeExceptionally(new MediaException(MediaError.UNAVAILABLE, "the SFU adapter was closed"));
        });
        client.close();
    }

    @Override
    public SfuStatus status() {
        return status;
    }

    @Override
    public int rooms() {
        return openRooms;
    }

    @Override
    public CompletionStage<Void> openRoom(RoomSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return call("openRoom", () -> {
            requireUp("openRoom");
            RoomId room = spec.room();
            if (rooms.containsKey(room)) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> pending = opening.get(room);
            if (pending != null) {
                return pending.copy();
            }
            CompletableFuture<Void> opened = createRoom(spec)
                    .thenCompose(ignored -> watch(room, spec.e2ee()))
                    .whenComplete(this::checkControlSession);
            opening.put(room, opened);
            opened.whenComplete((ignored, error) -> opening.remove(room, opened));
            return opened.copy();
        });
    }

    @Override
    public CompletionStage<Void> closeRoom(RoomId room) {
        Objects.requireNonNull(room, "room");
        return call("closeRoom", () -> {
            CompletableFuture<Void> pending = opening.get(room);
            CompletableFuture<Void> closed = pending == null
                    ? destroyRoom(room)
                    : pending.handle((ignored, error) -> null).thenCompose(ignored -> destroyRoom(room));
            return closed.whenComplete(this::checkControlSession);
        });
    }

    @Override
    public CompletionStage<SessionDescription> publish(MediaParticipant who, SessionDescription offer) {
        Objects.requireNonNull(offer, "offer");
        return onPeer("publish", who, peer -> peer.publish(offer));
    }

    @Override
    public CompletionStage<Void> subscribe(MediaParticipant who, List<FeedStream> feeds) {
        return onFeeds("subscribe", who, feeds, Peer::subscribe);
    }

    @Override
    public CompletionStage<Void> unsubscribe(MediaParticipant who, List<FeedStream> feeds) {
        return onFeeds("unsubscribe", who, feeds, Peer::unsubscribe);
    }

    @Override
    public CompletionStage<Void> answerSubscription(MediaParticipant who, SessionDescription answer) {
        Objects.requireNonNull(answer, "answer");
        return onPeer("answerSubscription", who, peer -> peer.answerSubscription(answer));
    }

    @Override
    public CompletionStage<Void> trickle(MediaParticipant who, PeerLink link, IceCandidate candidate) {
        Objects.requireNonNull(link, "link");
        return onPeer("trickle", who, peer -> peer.trickle(link, candidate));
    }

    @Override
    public CompletionStage<Void> setLayer(MediaParticipant who, String mid, SimulcastLayer layer) {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(layer, "layer");
        return onPeer("setLayer", who, peer -> peer.setLayer(mid, layer));
    }

    @Override
    public CompletionStage<Void> setVideo(MediaParticipant who, String mid, boolean on) {
        Objects.requireNonNull(mid, "mid");
        return onPeer("setVideo", who, peer -> peer.setVideo(mid, on));
    }

    @Override
    public CompletionStage<Void> moderate(MediaParticipant who, List<String> mids, boolean muted) {
        Objects.requireNonNull(who, "who");
        List<String> copy = List.copyOf(mids);
        return call("moderate", () -> {
            requireUp("moderate");
            if (!rooms.containsKey(who.room())) {
                throw new MediaException(
                        MediaError.NOT_FOUND, "moderate: room " + who.room().value() + " is not open");
            }
            // On our control session, with the room's secret: a participant's own handle could not be trusted with it.
            long session = controlSession;
            CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
            for (String mid : copy) {
                done = done.thenCompose(ignored -> client.message(
                                session,
                                controlHandle,
                                VideoRoomRequests.moderate(who.room(), secrets.of(who.room()), who.id(), mid, muted),
                                Optional.empty())
                        .thenAccept(reply -> decoder.expect(reply, "moderate", VideoRoomEvent.Success.class)));
            }
            return done.whenComplete(this::checkControlSession);
        });
    }

    @Override
    public CompletionStage<Void> record(MediaParticipant who, String fileBase) {
        Objects.requireNonNull(fileBase, "fileBase");
        if (!RECORDING_BASE.matcher(fileBase).matches()) {
            return CompletableFuture.failedFuture(new MediaException(
                    MediaError.REFUSED, "fileBase: \"" + fileBase + "\" (expected: 1 to 100 of [A-Za-z0-9_-])"));
        }
        return onPeer("record", who, peer -> peer.record(fileBase));
    }

    @Override
    public CompletionStage<Void> stopRecording(MediaParticipant who) {
        return onPeer("stopRecording", who, Peer::stopRecording);
    }

    /** The handles of the participants publishing now, for the Admin API's statistics (read on the client's thread). */
    public CompletionStage<List<PublisherHandle>> publisherHandles() {
        return call(
                "publisher handles",
                () -> CompletableFuture.completedFuture(peers.values().stream()
                        .flatMap(peer -> peer.publisherHandle().stream())
                        .toList()));
    }

    @Override
    public CompletionStage<Void> leave(MediaParticipant who) {
        Objects.requireNonNull(who, "who");
        return call("leave", () -> {
            Peer peer = peers.remove(who);
            return peer == null ? CompletableFuture.completedFuture(null) : peer.leave();
        });
    }

    private void attempt() {
        client.connect()
                .thenCompose(info -> {
                    if (!info.plugins().contains(VideoRoomDecoder.PLUGIN)) {
                        throw new MediaException(
                                MediaError.REFUSED,
                                "Janus " + info.versionString() + " has no VideoRoom plugin (expected: "
                                        + VideoRoomDecoder.PLUGIN + " loaded)");
                    }
                    log.info("connected to Janus {} at {}", info.versionString(), settings.url());
                    return client.createSession(reason -> lostSession("control session", reason));
                })
                .thenCompose(session -> client.attach(session, VideoRoomDecoder.PLUGIN, message -> {})
                        .thenApply(handle -> new long[] {session, handle}))
                .whenComplete((control, error) -> {
                    if (closed) {
                        return;
                    }
                    if (error != null) {
                        failedAttempts++;
                        String why = JanusErrors.toMedia(error).getMessage();
                        // Retries come every 5 s at most: the first failure and then one a minute are enough to read.
                        if (failedAttempts == 1 || failedAttempts % 12 == 0) {
                            log.warn("cannot use Janus at {} (attempt {}): {}", settings.url(), failedAttempts, why);
                        } else {
                            log.debug("cannot use Janus at {} (attempt {}): {}", settings.url(), failedAttempts, why);
                        }
                        if (client.connected()) {
                            client.disconnect("set-up failed");
                        }
                        scheduleRetry();
                        return;
                    }
                    controlSession = control[0];
                    controlHandle = control[1];
                    failedAttempts = 0;
                    status = SfuStatus.UP;
                    firstReady.complete(null);
                    emit(new MediaEvent.EngineReady());
                });
    }

    private void scheduleRetry() {
        long factor = 1L << Math.min(failedAttempts, 16);
        Duration delay = FIRST_RETRY.multipliedBy(factor);
        if (delay.compareTo(MAX_RETRY) > 0) {
            delay = MAX_RETRY;
        }
        retry = scheduler.schedule(
                delay,
                () -> run(() -> {
                    if (!closed && status == SfuStatus.CONNECTING) {
                        attempt();
                    }
                }));
    }

    /** The connection ended (see {@link JanusClient.ConnectionListener}); on the client's thread. */
    private void connectionLost(String reason) {
        if (closed || status != SfuStatus.UP) {
            return;
        }
        status = SfuStatus.CONNECTING;
        forget();
        log.warn("Janus lost: {}; reconnecting", reason);
        emit(new MediaEvent.EngineLost(reason));
        scheduleRetry();
    }

    /** Janus no longer knows a session we hold: it restarted, or dropped ours; nothing it holds can be trusted. */
    private void lostSession(String which, String reason) {
        if (status == SfuStatus.UP) {
            client.disconnect("Janus lost our " + which + ": " + reason);
        }
    }

    /** Room requests go through our control session: if Janus no longer knows it, it knows nothing of ours. */
    private void checkControlSession(Object ignored, Throwable error) {
        JanusErrors.sessionGone(error).ifPresent(refused -> lostSession("control session", refused.getMessage()));
    }

    private void forget() {
        rooms.clear();
        peers.clear();
        openRooms = 0;
        controlSession = 0;
        controlHandle = 0;
    }

    private CompletableFuture<Void> createRoom(RoomSpec spec) {
        return client.message(
                        controlSession,
                        controlHandle,
                        VideoRoomRequests.create(spec, secrets.of(spec.room()), settings.adminKey()),
                        Optional.empty())
                .thenAccept(reply -> {
                    VideoRoomEvent event = decoder.decode(reply.data(), true);
                    if (event instanceof VideoRoomEvent.Failed failed && failed.code() == JanusErrors.ROOM_EXISTS) {
                        return; // made by us before a reconnection, or by a concurrent open: the same room
                    }
                    decoder.expect(reply, "create", VideoRoomEvent.Created.class);
                });
    }

    /** Joins the room's monitor; the room counts as open from then on. */
    private CompletableFuture<Void> watch(RoomId room, boolean e2ee) {
        RoomMonitor monitor = new RoomMonitor(room, e2ee, decoder, this::emit, this::forgetRoom);
        long session = controlSession;
        return client.attach(session, VideoRoomDecoder.PLUGIN, monitor::onEvent)
                .thenCompose(handle -> {
                    monitor.attached(handle);
                    return client.message(
                            session,
                            handle,
                            VideoRoomRequests.joinPublisher(room, RoomMonitor.ID, RoomMonitor.DISPLAY),
                            Optional.empty());
                })
                .thenAccept(reply -> {
                    VideoRoomEvent.Joined joined = decoder.expect(reply, "join (monitor)", VideoRoomEvent.Joined.class);
                    rooms.put(room, monitor);
                    openRooms = rooms.size();
                    monitor.joined(joined);
                });
    }

    private CompletableFuture<Void> destroyRoom(RoomId room) {
        if (status != SfuStatus.UP) {
            return CompletableFuture.completedFuture(null); // Janus was lost with the room in it
        }
        RoomMonitor monitor = rooms.get(room);
        if (monitor != null) {
            monitor.closing();
        }
        forgetRoom(room);
        long session = controlSession;
        return client.message(
                        session, controlHandle, VideoRoomRequests.destroy(room, secrets.of(room)), Optional.empty())
                .thenAccept(reply -> {
                    VideoRoomEvent event = decoder.decode(reply.data(), true);
                    if (event instanceof VideoRoomEvent.Failed failed && failed.code() == JanusErrors.NO_SUCH_ROOM) {
                        return;
                    }
                    decoder.expect(reply, "destroy", VideoRoomEvent.Destroyed.class);
                })
                .whenComplete((ignored, error) -> {
                    if (monitor != null && monitor.handle() != 0) {
                        client.detach(session, monitor.handle());
                    }
                });
    }

    /** Forgets the room and ends its participants' sessions (Janus has kicked them out of the room). */
    private void forgetRoom(RoomId room) {
        rooms.remove(room);
        openRooms = rooms.size();
        for (MediaParticipant who : new ArrayList<>(peers.keySet())) {
            if (who.room().equals(room)) {
                peers.remove(who).drop();
            }
        }
    }

    /** A change of subscription: none to make for no feeds. */
    private CompletionStage<Void> onFeeds(
            String what,
            MediaParticipant who,
            List<FeedStream> feeds,
            BiFunction<Peer, List<FeedStream>, CompletableFuture<Void>> change) {
        List<FeedStream> copy = List.copyOf(feeds);
        if (copy.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return onPeer(what, who, peer -> change.apply(peer, copy));
    }

    private <T> CompletionStage<T> onPeer(
            String what, MediaParticipant who, Function<Peer, CompletableFuture<T>> operation) {
        Objects.requireNonNull(who, "who");
        return call(what, () -> {
            requireUp(what);
            if (!rooms.containsKey(who.room())) {
                throw new MediaException(
                        MediaError.NOT_FOUND, what + ": room " + who.room().value() + " is not open");
            }
            Peer peer = peers.computeIfAbsent(who, this::newPeer);
            return operation.apply(peer).whenComplete((ignored, error) -> {
                JanusErrors.sessionGone(error)
                        .filter(refused -> peers.get(who) == peer)
                        .ifPresent(refused -> lostSession("session of " + who.id(), refused.getMessage()));
            });
        });
    }

    private Peer newPeer(MediaParticipant who) {
        return new Peer(who, rooms.get(who.room()).e2ee(), client, decoder, this::emit, reason -> {
            if (peers.containsKey(who)) {
                lostSession("session of " + who.id(), reason);
            }
        });
    }

    private void requireUp(String what) {
        if (status != SfuStatus.UP) {
            throw new MediaException(
                    MediaError.UNAVAILABLE,
                    what + ": Janus is not connected (" + status.name().toLowerCase(Locale.ROOT) + ")");
        }
    }

    /** Runs {@code operation} on the client's thread; its failure becomes a {@link MediaException}. */
    private <T> CompletionStage<T> call(String what, Supplier<CompletableFuture<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean accepted = run(() -> {
            CompletableFuture<T> started;
            try {
                started = operation.get();
            } catch (RuntimeException e) {
                started = CompletableFuture.failedFuture(e);
            }
            started.whenComplete((value, error) -> {
                if (error == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(JanusErrors.toMedia(error));
                }
            });
        });
        if (!accepted) {
            result.completeExceptionally(
                    new MediaException(MediaError.UNAVAILABLE, what + ": the SFU adapter is closed"));
        }
        return result;
    }

    private boolean run(Runnable task) {
        try {
            client.executor().execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void emit(MediaEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            log.error("media listener failed on {}", event.getClass().getSimpleName(), e);
        }
    }
}
