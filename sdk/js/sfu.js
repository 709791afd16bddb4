// The SFU side of the SDK: a participant's two peer connections with the server's SFU, one that
// publishes its camera, microphone and screen (we offer, the SFU answers) and one that receives
// everyone else (the SFU offers, we answer). Events and fields: docs/protocol.md, "Group calls
// through the SFU".

/** Simulcast layers, highest first, as the SFU expects their rids. */
const SIMULCAST = [
  { rid: 'h', maxBitrate: 1_200_000 },
  { rid: 'm', maxBitrate: 500_000, scaleResolutionDownBy: 2 },
  { rid: 'l', maxBitrate: 150_000, scaleResolutionDownBy: 4 },
];
/** Below this camera height the lower layers would be smaller than a thumbnail: send one layer. */
const SIMULCAST_MIN_HEIGHT = 360;

/**
 * One participant's connections with the SFU. Knows nothing about sockets: it asks through
 * `request(event, payload)` (resolving with the acknowledgement) and is fed with `receiveOffer`.
 * Emits `track` ({userId, track, stream, kind}), `streamremoved`, `connectionstatechange`
 * ({link, state}) and `error`.
 */
export class SfuSession {
  /**
   * @param {object} options
   * @param {(event: string, payload: object) => Promise<object>} options.request
   * @param {RTCConfiguration} options.rtcConfig
   * @param {new (config: RTCConfiguration) => RTCPeerConnection} options.PeerConnection
   * @param {boolean} [options.simulcast] publish three layers when the camera is large enough
   * @param {(type: string, detail: object) => void} options.emit
   * @param {import('./e2ee-media.js').E2eeMedia | null} [options.e2ee] encrypts what is published, decrypts what is received
   */
  constructor({ request, rtcConfig, PeerConnection, simulcast = true, emit, e2ee = null }) {
    this.#request = request;
    this.#e2ee = e2ee;
    this.#rtcConfig = e2ee ? e2ee.rtcConfig(rtcConfig) : rtcConfig;
    this.#PeerConnection = PeerConnection;
    this.#simulcast = simulcast;
    this.#emit = emit;
  }

  #request;
  #e2ee;
  #rtcConfig;
  #PeerConnection;
  #simulcast;
  #emit;
  /** @type {RTCPeerConnection | null} */
  publisher = null;
  /** @type {RTCPeerConnection | null} */
  subscriber = null;
  /** Subscriber mid → {userId, kind, source}, from the latest offer. */
  #streams = new Map();
  /** `${userId}:${source}` → the MediaStream handed out for it. */
  #remoteStreams = new Map();
  /** Screen track id → its transceiver on the publisher connection. */
  #screenTransceivers = new Map();
  /** Publisher candidates wait for the SFU's answer: before it the SFU has nowhere to put them. */
  #publisherCandidates = [];
  #published = false;
  #publishQueue = Promise.resolve();
  #subscribeQueue = Promise.resolve();
  #closed = false;

  /** Publishes `localStream` (and `screenStream`); resolves once the SFU has answered. */
  publish(localStream, screenStream) {
    return this.#onPublisher(async () => {
      const pc = new this.#PeerConnection(this.#rtcConfig);
      this.publisher = pc;
      pc.onicecandidate = ({ candidate }) => this.#publisherCandidate(candidate);
      pc.onconnectionstatechange = () => this.#emit('connectionstatechange', { link: 'publisher', state: pc.connectionState });
      for (const track of localStream?.getTracks() ?? []) {
        const init = { direction: 'sendonly', streams: [localStream] };
        if (track.kind === 'video' && this.#simulcast && (track.getSettings?.().height ?? 0) >= SIMULCAST_MIN_HEIGHT) {
          init.sendEncodings = SIMULCAST.map((layer) => ({ ...layer }));
        }
        this.#secure(pc.addTransceiver(track, init), track.kind);
      }
      for (const track of screenStream?.getTracks() ?? []) {
        this.#screenTransceivers.set(track.id, this.#secure(pc.addTransceiver(track, { direction: 'sendonly', streams: [screenStream] }), track.kind));
      }
      await this.#negotiatePublisher();
    });
  }

  /** Adds a screen track to what is published. */
  addScreen(track, stream) {
    return this.#onPublisher(async () => {
      if (!this.publisher) return;
      this.#screenTransceivers.set(track.id, this.#secure(this.publisher.addTransceiver(track, { direction: 'sendonly', streams: [stream] }), track.kind));
      await this.#negotiatePublisher();
    });
  }

  /** Stops publishing the screen tracks. */
  removeScreen() {
    return this.#onPublisher(async () => {
      if (!this.publisher || this.#screenTransceivers.size === 0) return;
      for (const transceiver of this.#screenTransceivers.values()) {
        await transceiver.sender.replaceTrack(null);
        transceiver.direction = 'inactive';
      }
      this.#screenTransceivers.clear();
      await this.#negotiatePublisher();
    });
  }

  /** Applies an `sfu_offer` and answers it. */
  receiveOffer({ sdp, streams }) {
    this.#subscribeQueue = this.#subscribeQueue.then(async () => {
      if (this.#closed) return;
      if (!this.subscriber) {
        const pc = new this.#PeerConnection(this.#rtcConfig);
        this.subscriber = pc;
        pc.onicecandidate = ({ candidate }) => {
          this.#request('sfu_candidate', { link: 'subscriber', candidate: candidate ? candidateInit(candidate) : null }).catch(() => {});
        };
        pc.ontrack = ({ transceiver }) => this.#reconcile(transceiver);
        pc.onconnectionstatechange = () => this.#emit('connectionstatechange', { link: 'subscriber', state: pc.connectionState });
      }
      this.#streams = new Map(streams.map((s) => [s.mid, s]));
      await this.subscriber.setRemoteDescription(sdp);
      await this.subscriber.setLocalDescription(await this.subscriber.createAnswer());
      // m-lines the SFU reused for someone else, or emptied, keep their transceiver: move their tracks.
      for (const transceiver of this.subscriber.getTransceivers()) this.#reconcile(transceiver);
      await this.#request('sfu_answer', { sdp: { type: 'answer', sdp: this.subscriber.localDescription.sdp } });
    }).catch((err) => this.#emit('error', err));
    return this.#subscribeQueue;
  }

  /** Who a received mid carries, if anyone. */
  streamOf(mid) {
    return this.#streams.get(mid);
  }

  /** The subscriber connection's stats, only the parts that carry `userId`'s media. */
  async statsOf(userId) {
    const mids = new Set([...this.#streams.values()].filter((s) => s.userId === userId).map((s) => s.mid));
    const report = await this.subscriber?.getStats();
    const out = new Map();
    report?.forEach((stat, id) => {
      if (stat.type !== 'inbound-rtp' || mids.has(stat.mid)) out.set(id, stat);
    });
    return out;
  }

  close() {
    this.#closed = true;
    for (const pc of [this.publisher, this.subscriber]) {
      if (!pc) continue;
      pc.onicecandidate = null;
      pc.ontrack = null;
      pc.onconnectionstatechange = null;
      pc.close();
    }
    for (const [key, stream] of this.#remoteStreams) {
      const [userId, kind] = splitKey(key);
      this.#emit('streamremoved', { userId, stream, kind });
    }
    this.#remoteStreams.clear();
  }

  async #negotiatePublisher() {
    const pc = this.publisher;
    await pc.setLocalDescription(await pc.createOffer());
    const sources = {};
    for (const transceiver of pc.getTransceivers()) {
      if (transceiver.mid === null || transceiver.direction === 'inactive') continue;
      const screen = [...this.#screenTransceivers.values()].includes(transceiver);
      sources[transceiver.mid] = screen ? 'screen' : 'camera';
    }
    const ack = await this.#request('sfu_publish', { sdp: { type: 'offer', sdp: pc.localDescription.sdp }, sources });
    if (this.#closed) return;
    await pc.setRemoteDescription(ack.sdp);
    if (!this.#published) {
      this.#published = true;
      for (const candidate of this.#publisherCandidates.splice(0)) this.#sendPublisherCandidate(candidate);
    }
  }

  #publisherCandidate(candidate) {
    if (this.#published) this.#sendPublisherCandidate(candidate);
    else this.#publisherCandidates.push(candidate);
  }

  #sendPublisherCandidate(candidate) {
    this.#request('sfu_candidate', { link: 'publisher', candidate: candidate ? candidateInit(candidate) : null }).catch(() => {});
  }

  /** With E2EE: encrypts a new publisher transceiver's frames, VP8 preferred (before the offer). */
  #secure(transceiver, kind) {
    if (this.#e2ee) {
      this.#e2ee.attachSender(transceiver.sender, kind);
      if (kind === 'video') this.#e2ee.preferVp8(transceiver);
    }
    return transceiver;
  }

  /** Puts a received track in the stream of whoever its m-line carries now (or takes it out). */
  #reconcile(transceiver) {
    const track = transceiver.receiver.track;
    const carried = transceiver.mid === null ? undefined : this.#streams.get(transceiver.mid);
    // Frames on a reused m-line come from its new sender: decrypt them with that sender's key.
    this.#e2ee?.attachReceiver(transceiver.receiver, carried?.userId ?? null);
    for (const [key, stream] of this.#remoteStreams) {
      const target = carried?.userId ? `${carried.userId}:${carried.source}` : null;
      if (key !== target && stream.getTracks().includes(track)) {
        stream.removeTrack(track);
        if (stream.getTracks().length === 0) {
          this.#remoteStreams.delete(key);
          const [userId, kind] = splitKey(key);
          this.#emit('streamremoved', { userId, stream, kind });
        }
      }
    }
    if (!carried?.userId) return;
    const key = `${carried.userId}:${carried.source}`;
    let stream = this.#remoteStreams.get(key);
    if (stream?.getTracks().includes(track)) return;
    if (!stream) {
      stream = new MediaStream();
      this.#remoteStreams.set(key, stream);
    }
    stream.addTrack(track);
    this.#emit('track', { userId: carried.userId, track, stream, kind: carried.source });
  }

  #onPublisher(task) {
    const run = this.#publishQueue.then(() => (this.#closed ? undefined : task()));
    this.#publishQueue = run.catch((err) => this.#emit('error', err));
    return run;
  }
}

function splitKey(key) {
  const at = key.lastIndexOf(':');
  return [key.slice(0, at), key.slice(at + 1)];
}

function candidateInit(candidate) {
  const init = candidate.toJSON ? candidate.toJSON() : candidate;
  return { candidate: init.candidate, sdpMid: init.sdpMid ?? null, sdpMLineIndex: init.sdpMLineIndex ?? null };
}
