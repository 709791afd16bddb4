// Test doubles: an RTCPeerConnection that follows the JSEP signaling state machine (including the
// implicit rollback a polite peer relies on) and a socket.io socket that records what is sent.
let nextId = 1;

const tick = () => new Promise((resolve) => setImmediate(resolve));

export class FakePeerConnection {
  signalingState = 'stable';
  connectionState = 'new';
  localDescription = null;
  remoteDescription = null;
  /** Candidates accepted, in order. */
  candidates = [];
  rollbacks = 0;
  senders = [];
  onnegotiationneeded = null;
  onicecandidate = null;
  ontrack = null;
  onconnectionstatechange = null;

  constructor(config) {
    this.config = config;
    this.id = nextId++;
  }

  addTrack(track, stream) {
    const sender = { track, stream };
    this.senders.push(sender);
    this.#negotiationNeeded();
    return sender;
  }

  removeTrack(sender) {
    this.senders = this.senders.filter((s) => s !== sender);
    this.#negotiationNeeded();
  }

  restartIce() {
    this.restarted = true;
    this.#negotiationNeeded();
  }

  #negotiationNeeded() {
    setImmediate(() => {
      if (this.signalingState === 'stable') this.onnegotiationneeded?.();
    });
  }

  async setLocalDescription(description) {
    await tick();
    const type = description?.type
      ?? (this.signalingState === 'have-remote-offer' ? 'answer' : 'offer');
    if (type === 'offer') {
      if (this.signalingState !== 'stable' && this.signalingState !== 'have-local-offer') {
        throw invalidState(`setLocalDescription(offer) in ${this.signalingState}`);
      }
      this.signalingState = 'have-local-offer';
    } else {
      if (this.signalingState !== 'have-remote-offer') {
        throw invalidState(`setLocalDescription(answer) in ${this.signalingState}`);
      }
      this.signalingState = 'stable';
    }
    this.localDescription = { type, sdp: `${type} ${this.id}.${nextId++}` };
  }

  async setRemoteDescription(description) {
    await tick();
    if (description.type === 'offer') {
      if (this.signalingState === 'have-local-offer') {
        // Implicit rollback, as browsers do.
        this.rollbacks++;
        this.localDescription = null;
        this.signalingState = 'stable';
      }
      if (this.signalingState !== 'stable') {
        throw invalidState(`setRemoteDescription(offer) in ${this.signalingState}`);
      }
      this.signalingState = 'have-remote-offer';
    } else {
      if (this.signalingState !== 'have-local-offer') {
        throw invalidState(`setRemoteDescription(answer) in ${this.signalingState}`);
      }
      this.signalingState = 'stable';
    }
    this.remoteDescription = description;
  }

  async addIceCandidate(candidate) {
    await tick();
    if (!this.remoteDescription) throw invalidState('addIceCandidate without a remote description');
    this.candidates.push(candidate ?? null);
  }

  async getStats() {
    return new Map();
  }

  close() {
    this.signalingState = 'closed';
  }
}

function invalidState(message) {
  const err = new Error(message);
  err.name = 'InvalidStateError';
  return err;
}

/** A socket.io socket double: `sent` records emits, `serverSends` plays events from the server. */
export class FakeSocket {
  connected = false;
  sent = [];
  #handlers = new Map();

  constructor(url, options) {
    this.url = url;
    this.options = options;
    this.io = { engine: { close: () => this.drop('transport close') } };
  }

  on(event, handler) {
    if (!this.#handlers.has(event)) this.#handlers.set(event, []);
    this.#handlers.get(event).push(handler);
    return this;
  }

  emit(event, payload, ack) {
    this.sent.push({ event, payload, connected: this.connected });
    if (ack) this.acks.push({ event, ack });
    return this;
  }

  acks = [];

  serverSends(event, payload) {
    for (const handler of this.#handlers.get(event) ?? []) handler(payload);
  }

  /** The server accepts the handshake. */
  open() {
    this.connected = true;
    this.serverSends('connect');
    this.serverSends('authenticated', {});
  }

  drop(reason) {
    this.connected = false;
    this.serverSends('disconnect', reason);
  }

  connect() {}

  disconnect() {
    this.drop('io client disconnect');
  }
}

/** Resolves once `condition()` holds, polling the event loop; fails after `ms`. */
export async function until(condition, what, ms = 2000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

export const track = (kind, id = `${kind}-${nextId++}`) => ({ kind, id, enabled: true, addEventListener() {}, stop() {} });

export const stream = (id, tracks) => ({ id, getTracks: () => tracks });
