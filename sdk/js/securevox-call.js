// SecureVOX Call browser SDK: one ES module over the client contract (docs/protocol.md).
// Media is either a mesh of RTCPeerConnections, one per other participant, negotiated with the
// "perfect negotiation" pattern so that simultaneous offers never deadlock, or, when the server
// moves the call to its SFU, two connections with the SFU (./sfu.js). The API is the same.
import { io } from 'socket.io-client';
import { SfuSession } from './sfu.js';
import { E2eeMedia, e2eeOption } from './e2ee-media.js';
import { checkKeyIndex } from './e2ee.js';
import { QualityReporter, QUALITY_REPORT_MS } from './quality.js';

/** Marker values of the `streams` extension on offer/answer. */
const CAMERA = 'camera';
const SCREEN = 'screen';
/** A newcomer waits this long for its peers' offers before offering itself (see Peer). */
const OFFER_WAIT_MS = 1500;
/** Moving to the SFU, a peer-to-peer connection is closed at the latest this long after the SFU's is up. */
const MESH_OVERLAP_MS = 10_000;
/** In a mesh the SDK finds the active speakers itself, from the audio levels in getStats, this often. */
const SPEAKER_POLL_MS = 400;
/** An audio level (0 to 1, linear) above this is speech: about -30 dBFS. */
const SPEAKING_LEVEL = 0.03;

/** A small event emitter: `on(type, fn)` returns a function that removes the listener. */
class Emitter {
  #listeners = new Map();

  on(type, listener) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type).add(listener);
    return () => this.off(type, listener);
  }

  off(type, listener) {
    this.#listeners.get(type)?.delete(listener);
  }

  emit(type, detail) {
    for (const listener of [...(this.#listeners.get(type) ?? [])]) {
      try {
        listener(detail);
      } catch (err) {
        // A listener's bug must not break the call's state machine.
        console.error(`securevox-call: a "${type}" listener threw`, err);
      }
    }
  }
}

/**
 * One RTCPeerConnection to one remote participant, negotiated with the perfect-negotiation pattern.
 * It knows nothing about sockets: it sends through `signal(event, payload)` and is fed with
 * `receiveDescription` and `receiveCandidate`. Exported for tests and advanced use.
 */
export class Peer extends Emitter {
  /**
   * @param {object} options
   * @param {string} options.remoteUserId
   * @param {boolean} options.polite the polite side rolls back its own offer on a collision
   * @param {(event: 'offer'|'answer'|'ice_candidate', payload: object) => void} options.signal
   * @param {() => Record<string, 'camera'|'screen'>} options.localStreams the `streams` marker to send
   * @param {RTCConfiguration} [options.rtcConfig]
   * @param {boolean} [options.awaitOffer] wait for the remote side to offer first (the newcomer does)
   * @param {new (config: RTCConfiguration) => RTCPeerConnection} [options.PeerConnection]
   * @param {E2eeMedia | null} [options.e2ee] encrypts what is sent, decrypts what is received
   */
  constructor({ remoteUserId, polite, signal, localStreams, rtcConfig = {}, awaitOffer = false, PeerConnection = globalThis.RTCPeerConnection, e2ee = null }) {
    super();
    this.remoteUserId = remoteUserId;
    this.polite = polite;
    this.#e2ee = e2ee;
    this.pc = new PeerConnection(e2ee ? e2ee.rtcConfig(rtcConfig) : rtcConfig);
    this.#signal = signal;
    this.#localStreams = localStreams;
    /** Remote MediaStream id → 'camera' | 'screen', from the `streams` marker of their descriptions. */
    this.remoteStreamKinds = new Map();
    this.#awaitingOffer = awaitOffer;
    if (awaitOffer) {
      // Another client may not follow the "existing participants offer" convention: offer anyway.
      this.#offerTimer = setTimeout(() => this.#stopAwaiting(), OFFER_WAIT_MS);
    }
    this.pc.onnegotiationneeded = () => this.#negotiate();
    this.pc.onicecandidate = ({ candidate }) => this.#signal('ice_candidate', {
      to: remoteUserId,
      candidate: candidate ? toCandidateInit(candidate) : null,
    });
    this.pc.ontrack = (event) => this.#onTrack(event);
    this.pc.onconnectionstatechange = () => this.#onConnectionState();
  }

  #signal;
  #localStreams;
  #e2ee;
  #makingOffer = false;
  #ignoreOffer = false;
  #awaitingOffer;
  #offerTimer = null;
  #negotiationSkipped = false;
  /** Candidates that arrived before a remote description could take them. */
  #pendingCandidates = [];
  /** Incoming descriptions and candidates are applied one at a time, in arrival order. */
  #queue = Promise.resolve();
  #closed = false;

  get connectionState() {
    return this.pc.connectionState;
  }

  /** Adds a local track; negotiation follows through `negotiationneeded`. */
  addTrack(track, stream) {
    const sender = this.pc.addTrack(track, stream);
    if (this.#e2ee) {
      // Before negotiation, so the first frame is already encrypted and the offer lists VP8 first.
      // The receiver of the same transceiver too: Chromium (156) lets frames of a sendrecv
      // transceiver bypass a receiver transform that is only set in ontrack.
      this.#e2ee.attachSender(sender, track.kind);
      const transceiver = this.pc.getTransceivers?.().find((t) => t.sender === sender);
      if (transceiver) this.#e2ee.attachReceiver(transceiver.receiver, this.remoteUserId);
      if (transceiver && track.kind === 'video') this.#e2ee.preferVp8(transceiver);
    }
    return sender;
  }

  removeTrack(sender) {
    if (this.pc.signalingState !== 'closed') this.pc.removeTrack(sender);
  }

  /** Applies a remote offer or answer (`streams` is the sender's marker, if any). */
  receiveDescription(description, streams) {
    return this.#enqueue(async () => {
      if (streams) {
        for (const [id, kind] of Object.entries(streams)) this.remoteStreamKinds.set(id, kind);
      }
      const offerCollision = description.type === 'offer'
        && (this.#makingOffer || this.pc.signalingState !== 'stable');
      this.#ignoreOffer = !this.polite && offerCollision;
      if (this.#ignoreOffer) return;
      // A polite peer's setRemoteDescription rolls its own pending offer back implicitly.
      await this.pc.setRemoteDescription(description);
      await this.#flushCandidates();
      if (description.type === 'offer') {
        this.#stopAwaiting(false);
        await this.pc.setLocalDescription();
        this.#sendDescription(this.pc.localDescription);
      }
    });
  }

  /** Applies a remote ICE candidate, or queues it until a remote description is set. */
  receiveCandidate(candidate) {
    return this.#enqueue(async () => {
      if (!this.pc.remoteDescription) {
        this.#pendingCandidates.push(candidate);
        return;
      }
      await this.#addCandidate(candidate);
    });
  }

  /** Number of remote candidates waiting for a remote description. */
  get pendingCandidateCount() {
    return this.#pendingCandidates.length;
  }

  /** Starts an ICE restart; the offer it needs goes out through `negotiationneeded`. */
  restartIce() {
    if (this.pc.signalingState !== 'closed') this.pc.restartIce();
  }

  close() {
    this.#closed = true;
    clearTimeout(this.#offerTimer);
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
  }

  /** Sends the current local description again, for example after our socket came back. */
  #sendDescription(description) {
    const event = description.type === 'offer' ? 'offer' : 'answer';
    this.#signal(event, {
      to: this.remoteUserId,
      sdp: { type: description.type, sdp: description.sdp },
      streams: this.#localStreams(),
    });
  }

  async #negotiate() {
    if (this.#closed) return;
    if (this.#awaitingOffer) {
      this.#negotiationSkipped = true;
      return;
    }
    try {
      this.#makingOffer = true;
      await this.pc.setLocalDescription();
      this.#sendDescription(this.pc.localDescription);
    } catch (err) {
      this.emit('error', err);
    } finally {
      this.#makingOffer = false;
    }
  }

  /** Ends the wait for the remote offer; negotiates now if something was held back meanwhile. */
  #stopAwaiting(negotiateSkipped = true) {
    clearTimeout(this.#offerTimer);
    if (!this.#awaitingOffer) return;
    this.#awaitingOffer = false;
    if (negotiateSkipped && this.#negotiationSkipped && this.pc.signalingState === 'stable') {
      this.#negotiate();
    }
  }

  async #flushCandidates() {
    const pending = this.#pendingCandidates.splice(0);
    for (const candidate of pending) await this.#addCandidate(candidate);
  }

  async #addCandidate(candidate) {
    try {
      await this.pc.addIceCandidate(candidate ?? undefined);
    } catch (err) {
      // Candidates for an offer we ignored in a collision are expected to fail.
      if (!this.#ignoreOffer) this.emit('error', err);
    }
  }

  #enqueue(task) {
    const run = this.#queue.then(() => (this.#closed ? undefined : task()));
    this.#queue = run.catch((err) => this.emit('error', err));
    return run;
  }

  #onTrack({ track, streams, receiver }) {
    this.#e2ee?.attachReceiver(receiver, this.remoteUserId);
    const stream = streams[0] ?? new MediaStream([track]);
    const kind = this.remoteStreamKinds.get(stream.id) ?? CAMERA;
    this.emit('track', { track, stream, kind });
    stream.onremovetrack = () => {
      if (stream.getTracks().length === 0) this.emit('streamremoved', { stream, kind });
    };
  }

  #onConnectionState() {
    const state = this.pc.connectionState;
    this.emit('connectionstatechange', state);
    if (state === 'failed') this.restartIce();
  }
}

function toCandidateInit(candidate) {
  const init = candidate.toJSON ? candidate.toJSON() : candidate;
  return {
    candidate: init.candidate,
    sdpMid: init.sdpMid ?? null,
    sdpMLineIndex: init.sdpMLineIndex ?? null,
    ...(init.usernameFragment ? { usernameFragment: init.usernameFragment } : {}),
  };
}

/** Who is polite between two users: the one whose userId sorts first. Both sides agree. */
export function isPolite(selfUserId, remoteUserId) {
  return selfUserId < remoteUserId;
}

/**
 * A call: a socket to the SecureVOX Call server, the participants, and one Peer per other
 * participant. See README.md for the events.
 */
export class SecureVoxCall extends Emitter {
  /**
   * @param {object} options
   * @param {string} options.url the server, e.g. `https://call.example.com` (default: the page's origin)
   * @param {string | (() => string | Promise<string>)} options.token a call token, or a function returning a fresh one
   * @param {MediaStream} [options.localStream] camera and microphone to send
   * @param {RTCConfiguration} [options.rtcConfig] merged with the server's iceServers
   * @param {'all'|'relay'} [options.iceTransportPolicy] `relay`: media only through the TURN servers in `iceServers`
   * @param {object} [options.socketOptions] extra socket.io-client options
   * @param {typeof io} [options.io] the socket.io-client `io` function (tests inject one)
   * @param {new (config: RTCConfiguration) => RTCPeerConnection} [options.PeerConnection]
   * @param {boolean} [options.sfu] tell the server this client can use its SFU (default true)
   * @param {boolean} [options.simulcast] publish three layers to the SFU when the camera allows (default true)
   * @param {number} [options.qualityReportInterval] ms between two `quality_report`s to the server during a call
   *   (default 5000); 0: none
   */
  constructor({ url = globalThis.location?.origin, token, localStream = null, rtcConfig = {}, iceTransportPolicy, socketOptions = {}, io: connect = io, PeerConnection = globalThis.RTCPeerConnection, sfu = true, simulcast = true, qualityReportInterval = QUALITY_REPORT_MS } = {}) {
    super();
    if (!(Number.isInteger(qualityReportInterval) && (qualityReportInterval === 0 || qualityReportInterval >= 2000))) {
      throw new TypeError(`qualityReportInterval: ${JSON.stringify(qualityReportInterval)} (expected: 0, or whole ms from 2000: the server takes one report per 2 s)`);
    }
    this.#qualityInterval = qualityReportInterval;
    if (!token) throw new TypeError('token: missing (expected: a call token or a function returning one)');
    if (iceTransportPolicy !== undefined && iceTransportPolicy !== 'all' && iceTransportPolicy !== 'relay') {
      throw new TypeError(`iceTransportPolicy: ${JSON.stringify(iceTransportPolicy)} (expected: 'all' or 'relay')`);
    }
    if (iceTransportPolicy) rtcConfig = { ...rtcConfig, iceTransportPolicy };
    this.#token = token;
    this.#url = url;
    this.#rtcConfig = rtcConfig;
    this.#socketOptions = socketOptions;
    this.#connect = connect;
    this.#PeerConnection = PeerConnection;
    this.#sfuCapable = sfu;
    this.#simulcast = simulcast;
    this.localStream = localStream;
  }

  #sfuCapable;
  #simulcast;
  /** 'mesh' or 'sfu': how the call's media goes now (`mediaMode` event). */
  mediaMode = 'mesh';
  /** @type {SfuSession | null} */
  #sfu = null;
  /** The latest views given to setViews, sent again to every new SFU session. */
  #views = [];
  /**
   * Whether the call is recorded now, who started it (a host's userId, `api` or `server`) and the
   * recording's id (`recording` event, also on join when it already is).
   * @type {{recording: boolean, by: string | null, recordingId: string | null}}
   */
  recording = { recording: false, by: null, recordingId: null };
  /** Who speaks now, the most recent first (`activeSpeakers` event). */
  activeSpeakers = [];
  #speakerTimer = null;
  #pollingSpeakers = false;
  #qualityInterval;
  #qualityTimer = null;
  #reportingQuality = false;
  #quality = new QualityReporter();
  /** SFU streams → their track events, held until media arrives (see #onSfuTrack). */
  #pendingSfuTracks = new Map();
  /** End-to-end encryption of this call's media, when joined with `e2ee`. @type {E2eeMedia | null} */
  #e2ee = null;

  #token;
  #url;
  #rtcConfig;
  #socketOptions;
  #connect;
  #PeerConnection;
  #socket = null;
  #sessionId = null;
  #joinOptions = {};
  #iceServers = [];
  #joined = false;
  #leaving = false;
  /** Signals sent while the socket is down or not yet back in the call; flushed after `call_joined`. */
  #outbox = [];
  /** @type {Map<string, Peer>} */
  #peers = new Map();
  /** @type {Map<string, object>} userId → participant object */
  participants = new Map();
  self = null;
  screenStream = null;
  /** `${userId}:${trackId}` → the RTCRtpSender of a screen track, to remove it when sharing stops. */
  #screenSenders = new Map();

  /** The underlying socket.io socket (for diagnostics). */
  get socket() {
    return this.#socket;
  }

  /** The connections with the SFU while the call is on it (for diagnostics and stats). */
  get sfuSession() {
    return this.#sfu;
  }

  /** The peer connection to a participant, if any. */
  peer(userId) {
    return this.#peers.get(userId);
  }

  /** Whether this call's media is end-to-end encrypted (joined with `e2ee`). */
  get e2ee() {
    return this.#e2ee !== null;
  }

  /** Frames encrypted, decrypted and dropped by end-to-end encryption so far; null without it. */
  get e2eeFrames() {
    return this.#e2ee?.counts ?? null;
  }

  /**
   * Rotates the end-to-end encryption key: frames are sent under `keyIndex` (default: the current
   * index + 1, mod 256) from now on; frames under the few previous indexes still decrypt.
   * @param {ArrayBuffer | ArrayBufferView | string} key
   * @param {number} [keyIndex]
   */
  setE2eeKey(key, keyIndex) {
    if (!this.#e2ee) throw new Error('setE2eeKey: this call was joined without e2ee (expected: join({sessionId, e2ee: {key}}))');
    this.#e2ee.setKey(key, keyIndex === undefined ? (this.#e2ee.keyIndex + 1) % 256 : checkKeyIndex(keyIndex, 'setE2eeKey keyIndex'));
  }

  /**
   * Connects, authenticates and joins. Resolves with `{self, participants}` once joined.
   * @param {{sessionId: string, metadata?: object, audioMuted?: boolean, videoMuted?: boolean, e2ee?: {key: ArrayBuffer | ArrayBufferView | string, keyIndex?: number}}} options
   */
  async join({ sessionId, metadata = null, audioMuted = false, videoMuted = false, e2ee }) {
    if (this.#socket) throw new Error('join: already joined or joining (expected: one join per SecureVoxCall)');
    if (e2ee !== undefined && e2ee !== null) {
      this.#e2ee = new E2eeMedia({
        ...e2eeOption(e2ee),
        onState: (detail) => this.emit('e2ee', detail),
        onError: (error) => this.emit('peererror', { userId: null, error }),
      });
    }
    this.#sessionId = sessionId;
    // Only the fact goes to the server, never a key: it may then refuse to record, or require E2EE.
    this.#joinOptions = {
      sessionId, metadata, audioMuted, videoMuted,
      ...(this.#sfuCapable ? { capabilities: ['sfu'] } : {}),
      ...(this.#e2ee ? { e2ee: true } : {}),
    };
    this.#setLocalEnabled('audio', !audioMuted);
    this.#setLocalEnabled('video', !videoMuted);
    const socket = this.#connect(this.#url, {
      transports: ['websocket'],
      ...this.#socketOptions,
      // Load balancers route by it (the shipped nginx hashes `call`), so a call's sockets meet on one node.
      query: { ...this.#socketOptions?.query, call: sessionId },
      // A function, so every reconnection authenticates with a fresh token when one is needed.
      auth: (cb) => { Promise.resolve(typeof this.#token === 'function' ? this.#token() : this.#token).then((token) => cb({ token }), () => cb({})); },
    });
    this.#socket = socket;
    this.#listen(socket);
    return new Promise((resolve, reject) => {
      const off = [
        this.on('joined', (joined) => { off.forEach((f) => f()); resolve(joined); }),
        this.on('error', (err) => { if (!this.#joined) { off.forEach((f) => f()); reject(err); } }),
      ];
    });
  }

  #listen(socket) {
    socket.on('authenticated', () => {
      socket.emit('join_call', this.#joinOptions, (ack) => {
        if (!ack?.ok) this.emit('error', callError('join_call', ack));
      });
    });
    socket.on('connect_error', (err) => {
      // Refused handshakes are final (a bad token); network errors are retried by socket.io.
      if (err?.data?.code) {
        this.emit('error', { event: 'connect', code: err.data.code, message: err.data.message });
      }
    });
    socket.on('disconnect', (reason) => {
      const wasJoined = this.#joined;
      this.#joined = false;
      if (this.#leaving) return;
      if (wasJoined) this.emit('reconnecting', { reason });
      // socket.io reconnects by itself except after a server-side disconnect.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('call_joined', (joined) => this.#onJoined(joined));
    socket.on('participant_joined', ({ participant }) => {
      this.participants.set(participant.userId, participant);
      this.emit('participantjoined', { participant });
      // Existing participants offer to the newcomer.
      this.#ensurePeer(participant.userId, false);
    });
    socket.on('participant_left', ({ userId, reason }) => {
      if (this.self && userId === this.self.userId) {
        // Replaced by another socket of ours: this one is out of the call.
        this.#teardown();
        this.emit('left', { reason });
        return;
      }
      this.#removeParticipant(userId, reason);
    });
    socket.on('participant_updated', ({ participant }) => {
      // A host's mute of this client comes to it too: it is our own state, not another participant.
      if (this.self && participant.userId === this.self.userId) {
        this.self = participant;
      } else {
        this.participants.set(participant.userId, participant);
      }
      this.emit('participantupdated', { participant });
    });
    socket.on('mute_request', ({ kind, by }) => {
      this.emit('muteRequest', { kind, by });
      // Mute like a self-mute (the track stops, the server is told); only we can unmute ourselves.
      this.#mute(kind, kind === 'audio' ? 'mute_audio' : 'mute_video', true).catch((err) => this.emit('error', err));
    });
    socket.on('removed', ({ by }) => this.#endedByHost('removed', { by }, 'kicked'));
    socket.on('call_ended', ({ by, reason }) => this.#endedByHost('callEnded', { by, reason }, reason));
    socket.on('data', ({ from, topic, payload }) => this.emit('data', { from, topic: topic ?? null, payload }));
    socket.on('offer', ({ from, sdp, streams }) => this.#ensurePeer(from, false)?.receiveDescription(sdp, streams));
    socket.on('answer', ({ from, sdp, streams }) => this.#peers.get(from)?.receiveDescription(sdp, streams));
    socket.on('ice_candidate', ({ from, candidate }) => this.#peers.get(from)?.receiveCandidate(candidate));
    socket.on('media_mode', ({ mode }) => this.#onMediaMode(mode));
    socket.on('sfu_offer', (offer) => this.#sfu?.receiveOffer(offer));
    socket.on('sfu_reset', ({ reason }) => {
      if (this.mediaMode !== 'sfu') return;
      this.#startSfu();
      this.emit('sfureset', { reason });
    });
    socket.on('active_speakers', ({ userIds }) => {
      this.activeSpeakers = userIds;
      this.emit('activeSpeakers', userIds);
    });
    socket.on('recording_state', ({ recording, by, recordingId }) => {
      this.recording = { recording, by: by ?? null, recordingId: recordingId ?? null };
      this.emit('recording', this.recording);
    });
    socket.on('call_error', (err) => this.emit('error', err));
    socket.on('auth_error', (err) => this.emit('error', { event: 'authenticate', ...err }));
  }

  #onJoined({ self, participants, iceServers }) {
    const rejoin = this.self !== null;
    if (this.#speakerTimer === null) {
      this.#speakerTimer = setInterval(() => this.#pollMeshSpeakers(), SPEAKER_POLL_MS);
      this.#speakerTimer.unref?.(); // under Node (tests) the poll must not keep the process alive
    }
    if (this.#qualityTimer === null && this.#qualityInterval > 0) {
      this.#qualityTimer = setInterval(() => this.#reportQuality(), this.#qualityInterval);
      this.#qualityTimer.unref?.();
    }
    this.self = self;
    if (this.#e2ee) this.#e2ee.selfUserId = self.userId;
    this.#iceServers = iceServers ?? [];
    const present = new Set(participants.map((p) => p.userId));
    // Whoever left while our socket was away was not announced to us: forget them now.
    for (const userId of [...this.participants.keys()]) {
      if (!present.has(userId)) this.#removeParticipant(userId, 'left');
    }
    for (const participant of participants) {
      const known = this.participants.has(participant.userId);
      this.participants.set(participant.userId, participant);
      if (!known) this.emit('participantjoined', { participant });
      // The newcomer waits for its peers' offers (they offer on participant_joined).
      this.#ensurePeer(participant.userId, !rejoin);
    }
    this.#joined = true;
    for (const [event, payload] of this.#outbox.splice(0)) this.#socket.emit(event, payload);
    if (rejoin) {
      this.emit('reconnected', { self, participants });
    } else {
      this.emit('joined', { self, participants });
    }
  }

  #ensurePeer(userId, awaitOffer) {
    let peer = this.#peers.get(userId);
    if (peer || this.mediaMode === 'sfu') return peer;
    peer = new Peer({
      remoteUserId: userId,
      polite: isPolite(this.self?.userId ?? '', userId),
      signal: (event, payload) => this.#send(event, payload),
      localStreams: () => this.#streamMarkers(),
      rtcConfig: { iceServers: this.#iceServers, ...this.#rtcConfig },
      awaitOffer,
      PeerConnection: this.#PeerConnection,
      e2ee: this.#e2ee,
    });
    this.#peers.set(userId, peer);
    peer.on('track', (detail) => this.emit('track', { userId, ...detail }));
    peer.on('streamremoved', (detail) => this.emit('streamremoved', { userId, ...detail }));
    peer.on('connectionstatechange', (state) => this.emit('connectionstatechange', { userId, state }));
    peer.on('error', (error) => this.emit('peererror', { userId, error }));
    for (const track of this.localStream?.getTracks() ?? []) peer.addTrack(track, this.localStream);
    if (this.screenStream) {
      for (const track of this.screenStream.getTracks()) {
        this.#screenSenders.set(`${userId}:${track.id}`, peer.addTrack(track, this.screenStream));
      }
    }
    return peer;
  }

  #onMediaMode(mode) {
    const previous = this.mediaMode;
    this.mediaMode = mode;
    if (mode === 'sfu') {
      // Also when already on the SFU: the server gave this socket a new presence there (a re-join).
      this.#startSfu();
      // Make before break: a working peer-to-peer connection stays until the SFU carries that person.
      for (const [userId, peer] of this.#peers) {
        if (peer.connectionState !== 'connected') this.#closePeer(userId);
      }
      setTimeout(() => { if (this.mediaMode === 'sfu') for (const userId of [...this.#peers.keys()]) this.#closePeer(userId); }, MESH_OVERLAP_MS);
    } else {
      this.#sfu?.close();
      this.#sfu = null;
      // Everyone comes back to the mesh at the same moment. If both sides of a pair offered, the
      // polite one would roll back an offer it is still setting, and Chromium then sometimes
      // gathers no candidates for its answer: that pair never connects. So only the polite side
      // offers and the other waits. The polite side, because its offer may reach someone still
      // on the SFU, who drops it: that one offers after the wait, and the polite side, its own
      // offer long set, rolls it back and answers (the impolite side would ignore it: a hang).
      if (previous === 'sfu') {
        const self = this.self?.userId ?? '';
        for (const userId of this.participants.keys()) this.#ensurePeer(userId, !isPolite(self, userId));
      }
    }
    if (mode !== previous) this.emit('mediaMode', mode);
  }

  #startSfu() {
    this.#sfu?.close();
    this.#pendingSfuTracks.clear();
    const session = new SfuSession({
      request: (event, payload) => this.#request(event, payload),
      rtcConfig: { iceServers: this.#iceServers, ...this.#rtcConfig },
      PeerConnection: this.#PeerConnection,
      simulcast: this.#simulcast,
      e2ee: this.#e2ee,
      emit: (type, detail) => {
        if (session !== this.#sfu) return;
        if (type === 'track') this.#onSfuTrack(detail);
        else if (type === 'connectionstatechange') this.emit('sfustatechange', detail);
        else if (type === 'error') this.emit('peererror', { userId: null, error: detail });
        else this.emit(type, detail);
      },
    });
    this.#sfu = session;
    session.publish(this.localStream, this.screenStream)
      .then(() => { if (this.#views.length) return this.#request('sfu_view', { views: this.#views }); })
      .catch((error) => this.emit('peererror', { userId: null, error }));
  }

  /**
   * Tracks from the SFU are handed out once media arrives on them (they unmute), a stream's audio
   * together with its picture, and only then is the peer-to-peer connection they replace closed:
   * the picture switches without going black.
   */
  #onSfuTrack(detail) {
    const session = this.#sfu;
    const pending = this.#pendingSfuTracks.get(detail.stream) ?? [];
    pending.push(detail);
    this.#pendingSfuTracks.set(detail.stream, pending);
    const handOver = () => {
      const details = this.#pendingSfuTracks.get(detail.stream);
      if (session !== this.#sfu || !details) return;
      const video = detail.stream.getVideoTracks();
      if ((video.length ? video : detail.stream.getTracks()).some((t) => t.muted)) return;
      this.#pendingSfuTracks.delete(detail.stream);
      for (const d of details) this.emit('track', d);
      if (detail.kind === 'camera') {
        this.emit('connectionstatechange', { userId: detail.userId, state: 'connected' });
        this.#closePeer(detail.userId);
      }
    };
    detail.track.addEventListener('unmute', handOver);
    handOver();
  }

  /**
   * In a mesh nobody else sees everyone's audio, so each client finds the speakers itself: whoever's
   * audio level is above SPEAKING_LEVEL now (this user's own microphone included), the one who
   * started most recently first. On the SFU the server says it (`active_speakers`).
   */
  async #pollMeshSpeakers() {
    if (this.mediaMode !== 'mesh' || !this.#joined || this.#pollingSpeakers) return;
    this.#pollingSpeakers = true;
    try {
      const levels = new Map();
      for (const [userId, peer] of this.#peers) {
        (await peer.pc.getStats()).forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') levels.set(userId, Math.max(levels.get(userId) ?? 0, s.audioLevel ?? 0));
          if (s.type === 'media-source' && s.kind === 'audio' && this.self) levels.set(this.self.userId, Math.max(levels.get(this.self.userId) ?? 0, s.audioLevel ?? 0));
        });
      }
      const speaking = [...levels].filter(([, level]) => level > SPEAKING_LEVEL).map(([userId]) => userId);
      const kept = this.activeSpeakers.filter((userId) => speaking.includes(userId));
      const next = [...speaking.filter((userId) => !kept.includes(userId)), ...kept];
      if (this.mediaMode === 'mesh' && next.join('\n') !== this.activeSpeakers.join('\n')) {
        this.activeSpeakers = next;
        this.emit('activeSpeakers', next);
      }
    } catch {
      // A peer closed while its stats were read: the next poll sees the new set.
    } finally {
      this.#pollingSpeakers = false;
    }
  }

  /**
   * Sends the server this call's connection statistics (`quality_report`), and emits them as `qualityreport`. Best
   * effort: a report the server refuses, or one skipped while the socket is away, is not sent again.
   */
  async #reportQuality() {
    if (!this.#joined || this.#reportingQuality) return;
    this.#reportingQuality = true;
    try {
      const connections = [...this.#peers].map(([userId, peer]) => ({ peer: userId, pc: peer.pc }));
      if (this.#sfu?.publisher) connections.push({ peer: 'sfu', key: 'sfu:publisher', pc: this.#sfu.publisher });
      if (this.#sfu?.subscriber) connections.push({ peer: 'sfu', key: 'sfu:subscriber', pc: this.#sfu.subscriber });
      const report = await this.#quality.report(connections);
      if (!report || !this.#joined || !this.#socket?.connected) return;
      this.#socket.emit('quality_report', report, () => {});
      this.emit('qualityreport', report);
    } finally {
      this.#reportingQuality = false;
    }
  }

  #closePeer(userId) {
    this.#peers.get(userId)?.close();
    this.#peers.delete(userId);
    for (const key of [...this.#screenSenders.keys()]) if (key.startsWith(`${userId}:`)) this.#screenSenders.delete(key);
  }

  /** Emits with an acknowledgement; resolves with it when `ok`, rejects with {event, code, message} otherwise. */
  #request(event, payload) {
    return new Promise((resolve, reject) => {
      if (!this.#joined || !this.#socket?.connected) {
        reject({ event, code: 'NOT_IN_CALL', message: `${event}: not in a call` });
        return;
      }
      this.#socket.emit(event, payload, (ack) => (ack?.ok ? resolve(ack) : reject(callError(event, ack))));
    });
  }

  /**
   * Starts recording the call (hosts only; the call moves to the SFU if it is peer to peer).
   * Resolves with the recording's id; rejects with {event, code, message}: FORBIDDEN for a
   * participant, CONFLICT when it is recorded already, INSUFFICIENT_STORAGE when the server's
   * recordings disk is short of space, SFU_UNAVAILABLE when it cannot be.
   * @returns {Promise<string>}
   */
  startRecording() {
    return this.#request('start_recording', {}).then((ack) => ack.recordingId);
  }

  /** Stops recording the call (hosts only); resolves with the recording's id. @returns {Promise<string>} */
  stopRecording() {
    return this.#request('stop_recording', {}).then((ack) => ack.recordingId);
  }

  /**
   * Hosts only: mutes another participant's microphone (`'audio'`) or camera (`'video'`); it is
   * asked to mute and everyone sees its new state. Nobody can unmute someone else. Resolves with the
   * participant as it is now; rejects with {event, code, message}: FORBIDDEN for a participant,
   * PARTICIPANT_NOT_FOUND for someone not in the call (or yourself).
   * @param {string} userId
   * @param {'audio'|'video'} kind
   */
  muteParticipant(userId, kind) {
    return this.#request('mute_participant', { userId, kind }).then((ack) => ack.participant);
  }

  /** Hosts only: takes a participant out of the call; its token cannot bring it back. */
  removeParticipant(userId) {
    return this.#request('remove_participant', { userId }).then(() => undefined);
  }

  /** Hosts only: ends the call for everyone (this client too: `callEnded`, then `left`). */
  endCall() {
    return this.#request('end_call', {}).then(() => undefined);
  }

  /**
   * Sends an in-call message: any JSON value of at most 16 KiB, to one participant (`to`) or to
   * everyone else; `topic` (1 to 64 characters) tells your kinds of message apart. The others get
   * `data` `{from, topic, payload}`, in the order you sent them.
   * @param {unknown} payload
   * @param {{to?: string, topic?: string}} [options]
   */
  sendData(payload, { to, topic } = {}) {
    if (payload === undefined) return Promise.reject(new TypeError('sendData: payload missing (expected: any JSON value)'));
    return this.#request('data', { ...(to !== undefined ? { to } : {}), ...(topic !== undefined ? { topic } : {}), payload })
      .then(() => undefined);
  }

  /** A host removed us or ended the call: we are out of it; leave cleanly (no reconnect, no leave_call). */
  #endedByHost(event, detail, reason) {
    this.#leaving = true;
    this.#teardown();
    this.#socket?.disconnect();
    this.emit(event, detail);
    this.emit('left', { reason });
  }

  /**
   * Says how large each participant's video is shown (CSS pixels; 0×0 when not shown), so the
   * SFU sends a layer that fits. Without it every video comes at its best layer.
   * @param {{userId: string, width: number, height: number}[]} views
   */
  setViews(views) {
    this.#views = views.map(({ userId, width, height }) => ({ userId, width: Math.round(width), height: Math.round(height) }));
    if (this.mediaMode !== 'sfu' || !this.#sfu?.publisher) return Promise.resolve();
    return this.#request('sfu_view', { views: this.#views });
  }

  #removeParticipant(userId, reason) {
    this.#peers.get(userId)?.close();
    this.#peers.delete(userId);
    for (const key of [...this.#screenSenders.keys()]) if (key.startsWith(`${userId}:`)) this.#screenSenders.delete(key);
    if (this.participants.delete(userId)) this.emit('participantleft', { userId, reason });
    if (this.activeSpeakers.includes(userId)) {
      this.activeSpeakers = this.activeSpeakers.filter((id) => id !== userId);
      this.emit('activeSpeakers', this.activeSpeakers);
    }
  }

  #streamMarkers() {
    const streams = {};
    if (this.localStream) streams[this.localStream.id] = CAMERA;
    if (this.screenStream) streams[this.screenStream.id] = SCREEN;
    return streams;
  }

  #send(event, payload) {
    if (this.#joined && this.#socket?.connected) {
      this.#socket.emit(event, payload);
    } else {
      this.#outbox.push([event, payload]);
    }
  }

  #setLocalEnabled(kind, enabled) {
    for (const track of this.localStream?.getTracks() ?? []) {
      if (track.kind === kind) track.enabled = enabled;
    }
  }

  /** Mutes or unmutes the microphone: the track stops sending sound and the others are told. */
  muteAudio(muted) {
    return this.#mute('audio', 'mute_audio', muted);
  }

  /** Turns the camera off or on: the track sends black frames and the others are told. */
  muteVideo(muted) {
    return this.#mute('video', 'mute_video', muted);
  }

  #mute(kind, event, muted) {
    this.#setLocalEnabled(kind, !muted);
    this.#joinOptions = { ...this.#joinOptions, [kind === 'audio' ? 'audioMuted' : 'videoMuted']: muted };
    return new Promise((resolve, reject) => {
      if (!this.#joined) {
        reject(new Error(`${event}: not in a call`));
        return;
      }
      this.#socket.emit(event, { muted }, (ack) => {
        if (ack?.ok) {
          this.self = ack.participant ?? this.self;
          resolve(ack.participant);
        } else {
          reject(callError(event, ack));
        }
      });
    });
  }

  /**
   * Shares a screen as an extra video track marked `screen` for the others.
   * @param {MediaStream} [stream] default: asks the browser with getDisplayMedia
   */
  async startScreenShare(stream) {
    if (this.screenStream) return this.screenStream;
    this.screenStream = stream ?? await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    for (const track of this.screenStream.getTracks()) {
      // The browser's own "stop sharing" button ends the track.
      track.addEventListener('ended', () => this.stopScreenShare());
      this.#sfu?.addScreen(track, this.screenStream);
      for (const [userId, peer] of this.#peers) {
        this.#screenSenders.set(`${userId}:${track.id}`, peer.addTrack(track, this.screenStream));
      }
    }
    return this.screenStream;
  }

  /** Stops sharing: the others' screen stream loses its track (`streamremoved`). */
  stopScreenShare() {
    if (!this.screenStream) return;
    const stream = this.screenStream;
    this.screenStream = null;
    this.#sfu?.removeScreen();
    for (const [key, sender] of this.#screenSenders) {
      this.#peers.get(key.slice(0, key.lastIndexOf(':')))?.removeTrack(sender);
    }
    this.#screenSenders.clear();
    for (const track of stream.getTracks()) track.stop();
  }

  /** The stats of the connection to one participant. */
  async getStats(userId) {
    if (this.mediaMode === 'sfu' && this.#sfu && !this.#peers.has(userId)) {
      if (!this.participants.has(userId)) throw new Error(`getStats: '${userId}' is not a participant`);
      return this.#sfu.statsOf(userId);
    }
    const peer = this.#peers.get(userId);
    if (!peer) throw new Error(`getStats: '${userId}' is not a participant (expected: one of ${[...this.#peers.keys()].join(', ')})`);
    return peer.pc.getStats();
  }

  /**
   * Debugging and tests: drops the socket's connection (not the media) as a network failure
   * would; the SDK reconnects and re-joins within the server's reconnect grace.
   */
  dropSocket() {
    this.#socket?.io.engine?.close();
  }

  /** Leaves the call, closes every peer connection and the socket. */
  async leave() {
    this.#leaving = true;
    const socket = this.#socket;
    if (socket?.connected && this.#joined) {
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 2000);
        socket.emit('leave_call', { sessionId: this.#sessionId }, () => { clearTimeout(timer); resolve(); });
      });
    }
    this.#teardown();
    socket?.disconnect();
    this.emit('left', { reason: 'left' });
  }

  #teardown() {
    this.#joined = false;
    clearInterval(this.#speakerTimer);
    this.#speakerTimer = null;
    clearInterval(this.#qualityTimer);
    this.#qualityTimer = null;
    this.#quality = new QualityReporter();
    for (const peer of this.#peers.values()) peer.close();
    this.#peers.clear();
    this.#sfu?.close();
    this.#sfu = null;
    this.mediaMode = 'mesh';
    this.participants.clear();
    this.#screenSenders.clear();
    this.#outbox = [];
    this.#e2ee?.close();
  }
}

function callError(event, ack) {
  return { event, code: ack?.error?.code ?? 'INTERNAL', message: ack?.error?.message ?? 'no answer' };
}
