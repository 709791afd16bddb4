// SecureVOX Call browser SDK, device connection: calling a person and being called (docs/protocol.md,
// "Calling a person"). A SecureVoxDevice is one socket authenticated with a user token; it rings people,
// hears incoming calls, and answers them. Joining the call itself is SecureVoxCall's job: accept()
// and invite() resolve with the call token and ICE servers that `new SecureVoxCall` needs.
import { io } from 'socket.io-client';

/** A refused request: `code` is the server's error code, such as RING_NOT_FOUND. */
export class DeviceError extends Error {
  constructor(event, { code = 'INTERNAL', message = 'no answer' } = {}) {
    super(`${event}: ${code}: ${message}`);
    this.name = 'DeviceError';
    this.event = event;
    this.code = code;
  }
}

/**
 * One device connection. Events: `incomingCall` (the server's incoming_call), `inviteState`
 * (invite_state), `incomingCallEnded` (incoming_call_ended), `authenticated`, `error`.
 */
export class SecureVoxDevice extends EventTarget {
  /** listener → its wrapper per type, so off() finds what on() added. */
  #wrappers = new Map();
  /**
   * @param {object} options
   * @param {string} [options.url] the server's URL; the page's origin by default
   * @param {string | (() => string | Promise<string>)} options.token a user token, or a function returning a fresh one
   * @param {object} [options.socketOptions] passed to socket.io-client's `io()`
   * @param {Function} [options.io] socket.io-client's `io`, for tests
   */
  constructor({ url = globalThis.location?.origin, token, socketOptions = {}, io: connect = io } = {}) {
    super();
    if (!token) throw new TypeError('token: missing (expected: a user token or a function returning one)');
    this.socket = connect(url, {
      transports: ['websocket'],
      ...socketOptions,
      // A function, so every reconnection authenticates with a fresh token when one is needed.
      auth: (cb) => {
        Promise.resolve(typeof token === 'function' ? token() : token).then((t) => cb({ token: t }), () => cb({}));
      },
    });
    this.socket.on('authenticated', (info) => this.#emit('authenticated', info));
    this.socket.on('incoming_call', (call) => this.#emit('incomingCall', call));
    this.socket.on('invite_state', (state) => this.#emit('inviteState', state));
    this.socket.on('incoming_call_ended', (ended) => this.#emit('incomingCallEnded', ended));
    this.socket.on('auth_error', (err) => this.#emit('error', { event: 'authenticate', ...err }));
    this.socket.on('connect_error', (err) => {
      if (err?.data?.code) this.#emit('error', { event: 'connect', code: err.data.code, message: err.data.message });
    });
  }

  /**
   * Rings `to` (one user id or several). Resolves with the acknowledgement: `{sessionId, ringId,
   * invitees, expiresAt, role, token, tokenExpiresAt, iceServers}`; `token` joins the call with
   * `new SecureVoxCall({url, token}).join({sessionId})`.
   */
  invite(to, { media = 'video', metadata, sessionId } = {}) {
    const payload = { to: Array.isArray(to) ? to : [to], media };
    if (metadata !== undefined) payload.metadata = metadata;
    if (sessionId !== undefined) payload.sessionId = sessionId;
    return this.#request('call_invite', payload);
  }

  /** Answers an incoming call; resolves with `{sessionId, ringId, state, role, token, tokenExpiresAt, iceServers}`. */
  accept(sessionId) {
    return this.#request('call_accept', { sessionId });
  }

  /** Declines an incoming call; `reason` is 'declined' (the default) or 'busy'. */
  decline(sessionId, reason) {
    return this.#request('call_decline', reason === undefined ? { sessionId } : { sessionId, reason });
  }

  /** Calls off a ring this user started, for everyone still ringing. */
  cancel(sessionId) {
    return this.#request('call_cancel', { sessionId });
  }

  /**
   * Registers the push token of the device this page or app runs on (`platform` 'fcm', 'apns' or
   * 'apns_voip'; `environment` 'sandbox' or 'production' for APNs). While this connection lives,
   * rings reach the device here and do not push it. Resolves with `{deviceId}`.
   */
  registerDevice({ platform, token, appId, environment }) {
    const payload = { platform, token };
    if (appId !== undefined) payload.appId = appId;
    if (environment !== undefined) payload.environment = environment;
    return this.#request('register_device', payload);
  }

  /** Adds a listener of `detail`; returns a function that removes it. */
  on(type, listener) {
    const wrapper = (event) => {
      try {
        listener(event.detail);
      } catch (err) {
        // A listener's bug must not break the device's event handling.
        console.error(`securevox-call device: a "${type}" listener threw`, err);
      }
    };
    if (!this.#wrappers.has(type)) this.#wrappers.set(type, new Map());
    this.#wrappers.get(type).set(listener, wrapper);
    this.addEventListener(type, wrapper);
    return () => this.off(type, listener);
  }

  off(type, listener) {
    const wrapper = this.#wrappers.get(type)?.get(listener);
    if (!wrapper) return;
    this.#wrappers.get(type).delete(listener);
    this.removeEventListener(type, wrapper);
  }

  /** Closes the device connection. */
  close() {
    this.socket.disconnect();
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #request(event, payload) {
    return new Promise((resolve, reject) => {
      this.socket.emit(event, payload, (ack) => {
        if (ack?.ok) resolve(ack);
        else reject(new DeviceError(event, ack?.error));
      });
    });
  }
}
