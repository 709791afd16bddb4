// End-to-end encryption of encoded media frames: keys and the frame format. No DOM here, so the
// same module runs in the RTCRtpScriptTransform worker, on the main thread (the
// createEncodedStreams fallback) and under Node (tests): all it needs is WebCrypto and streams.
//
// Frame on the wire: clear header || AES-GCM(payload) with its 16-byte tag || IV (12 bytes) || key index (1 byte).
// The clear header is what the SFU reads to forward and switch layers; it is authenticated as AAD.

/** HKDF salt: fixed, so every participant derives the same per-sender key from the app's key. */
export const HKDF_SALT = 'SecureVOX Call E2EE v1';
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
/** Appended after the IV: which of the app's keys encrypted the frame. */
export const KEY_INDEX_BYTES = 1;
/** Shorter app keys are refused: HKDF cannot add entropy the key does not have. */
export const MIN_KEY_BYTES = 16;
/** Keys kept after a rotation, so frames already in flight under an older index still decrypt. */
export const RING_SIZE = 4;

const encoder = new TextEncoder();

/**
 * The app's key as bytes (a copy), checked. Strings are taken as UTF-8.
 * @param {ArrayBuffer | ArrayBufferView | string} key
 * @returns {Uint8Array}
 */
export function keyBytes(key) {
  let bytes;
  if (typeof key === 'string') bytes = encoder.encode(key);
  else if (key instanceof ArrayBuffer) bytes = new Uint8Array(key.slice(0));
  else if (ArrayBuffer.isView(key)) bytes = new Uint8Array(key.buffer.slice(key.byteOffset, key.byteOffset + key.byteLength));
  else throw new TypeError(`e2ee.key: ${describe(key)} (expected: an ArrayBuffer, a Uint8Array or a string)`);
  if (bytes.length === 0) throw new TypeError(`e2ee.key: empty (expected: at least ${MIN_KEY_BYTES} bytes)`);
  if (bytes.length < MIN_KEY_BYTES) {
    throw new TypeError(`e2ee.key: ${bytes.length} bytes (expected: at least ${MIN_KEY_BYTES} bytes)`);
  }
  return bytes;
}

/** Checks a key index: an integer 0 to 255 (it travels in one byte). */
export function checkKeyIndex(keyIndex, what = 'e2ee.keyIndex') {
  if (!Number.isInteger(keyIndex) || keyIndex < 0 || keyIndex > 255) {
    throw new TypeError(`${what}: ${describe(keyIndex)} (expected: an integer from 0 to 255)`);
  }
  return keyIndex;
}

function describe(value) {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}

/**
 * The AES-GCM key one sender encrypts with: HKDF-SHA-256 of the app's key, info = the sender's
 * userId. Every participant derives every sender's key itself, so no key ever travels.
 * @param {CryptoKey} base the app's key imported for HKDF
 * @param {string} userId
 */
export function deriveSenderKey(base, userId) {
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode(HKDF_SALT), info: encoder.encode(userId) },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/**
 * The app's keys by index (at most RING_SIZE, the latest set is current) and the sender keys
 * derived from them, derived once per (index, userId).
 */
export class KeyRing {
  /** index → {base: Promise<CryptoKey>, senders: Map<userId, Promise<CryptoKey>>}, oldest first. */
  #keys = new Map();
  #size;
  /** The index frames are encrypted with; null before the first key. */
  currentIndex = null;

  constructor(size = RING_SIZE) {
    this.#size = size;
  }

  /**
   * Adds a key (replacing one with the same index) and makes it current; the oldest beyond the
   * ring's size is forgotten. Synchronous, so a frame right after it already uses the new index.
   */
  setKey(key, keyIndex) {
    const bytes = keyBytes(key);
    checkKeyIndex(keyIndex);
    const base = crypto.subtle.importKey('raw', bytes, 'HKDF', false, ['deriveKey']);
    base.catch(() => {}); // reported by whoever awaits it
    this.#keys.delete(keyIndex);
    this.#keys.set(keyIndex, { base, senders: new Map() });
    while (this.#keys.size > this.#size) this.#keys.delete(this.#keys.keys().next().value);
    this.currentIndex = keyIndex;
  }

  has(keyIndex) {
    return this.#keys.has(keyIndex);
  }

  /** Indexes held, oldest first. */
  get indexes() {
    return [...this.#keys.keys()];
  }

  /** The AES-GCM key of `userId` under `keyIndex`, or null when that index is not held. */
  async senderKey(keyIndex, userId) {
    const entry = this.#keys.get(keyIndex);
    if (!entry) return null;
    let key = entry.senders.get(userId);
    if (!key) {
      key = entry.base.then((base) => deriveSenderKey(base, userId));
      entry.senders.set(userId, key);
    }
    return key;
  }
}

/**
 * How many leading bytes of a frame stay clear: VP8 key frame 10 (frame tag, start code and size:
 * the SFU detects key frames for simulcast switches), VP8 delta frame 3 (frame tag), Opus 1 (TOC),
 * anything else 0. Sender and receiver compute it alike from the frame itself.
 * @param {'audio' | 'video'} kind
 * @param {{type?: string, getMetadata?: () => {mimeType?: string}}} frame
 */
export function clearHeaderLength(kind, frame) {
  const mimeType = frame.getMetadata?.().mimeType?.toLowerCase();
  if (kind === 'audio') return mimeType === undefined || mimeType === 'audio/opus' ? 1 : 0;
  // Without a mimeType (older browsers) the video codec is VP8: the SDK prefers it under E2EE.
  if (mimeType !== undefined && mimeType !== 'video/vp8') return 0;
  if (frame.type === 'key') return 10;
  if (frame.type === 'delta') return 3;
  return 0;
}

/**
 * Encrypts one frame's bytes.
 * @param {CryptoKey} key the sender's AES-GCM key
 * @param {number} keyIndex
 * @param {Uint8Array} data
 * @param {number} clearLength leading bytes left clear (and authenticated)
 * @returns {Promise<Uint8Array>}
 */
export async function encryptFrame(key, keyIndex, data, clearLength) {
  const clear = Math.min(clearLength, data.length);
  const header = data.subarray(0, clear);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = new Uint8Array(await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: header, tagLength: TAG_BYTES * 8 },
    key,
    data.subarray(clear),
  ));
  const out = new Uint8Array(clear + sealed.length + IV_BYTES + KEY_INDEX_BYTES);
  out.set(header, 0);
  out.set(sealed, clear);
  out.set(iv, clear + sealed.length);
  out[out.length - 1] = keyIndex;
  return out;
}

/**
 * Decrypts one frame's bytes.
 * @param {(keyIndex: number) => Promise<CryptoKey | null>} keyFor the sender's key under an index
 * @param {Uint8Array} data
 * @param {number} clearLength
 * @returns {Promise<{ok: true, data: Uint8Array, keyIndex: number} | {ok: false, reason: 'too-short' | 'unknown-key-index' | 'authentication-failed', keyIndex?: number}>}
 */
export async function decryptFrame(keyFor, data, clearLength) {
  if (data.length < clearLength + TAG_BYTES + IV_BYTES + KEY_INDEX_BYTES) return { ok: false, reason: 'too-short' };
  const keyIndex = data[data.length - 1];
  const key = await keyFor(keyIndex);
  if (!key) return { ok: false, reason: 'unknown-key-index', keyIndex };
  const ivAt = data.length - KEY_INDEX_BYTES - IV_BYTES;
  const header = data.subarray(0, clearLength);
  try {
    const plain = new Uint8Array(await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: data.subarray(ivAt, ivAt + IV_BYTES), additionalData: header, tagLength: TAG_BYTES * 8 },
      key,
      data.subarray(clearLength, ivAt),
    ));
    const out = new Uint8Array(clearLength + plain.length);
    out.set(header, 0);
    out.set(plain, clearLength);
    return { ok: true, data: out, keyIndex };
  } catch {
    return { ok: false, reason: 'authentication-failed', keyIndex };
  }
}

/**
 * Where frames are transformed (the worker, or the main thread): the key ring, frame counts and
 * each sender's decryption state, reported through `report` only when it changes.
 */
export class FrameCryptor {
  /**
   * @param {object} options
   * @param {(message: {type: 'e2ee', userId: string, state: 'ok' | 'decrypt-failed', reason?: string}) => void} options.report
   * @param {KeyRing} [options.ring]
   */
  constructor({ report, ring = new KeyRing() }) {
    this.ring = ring;
    this.#report = report;
  }

  #report;
  /** userId → 'ok' | 'decrypt-failed', the last state reported. */
  #states = new Map();
  counts = { encrypted: 0, decrypted: 0, dropped: 0 };

  /**
   * A TransformStream over encoded frames. `binding` is read per frame, so a receiver can be
   * re-bound to another sender (the SFU reuses m-lines) by changing `binding.userId`.
   * @param {{direction: 'send' | 'receive', kind: 'audio' | 'video', userId: string | null}} binding
   * @param {{onRecovered?: () => void}} [hooks] `onRecovered`: decryption works again after failing
   */
  transform(binding, hooks = {}) {
    return new TransformStream({
      transform: (frame, controller) => (binding.direction === 'send'
        ? this.#encrypt(binding, frame, controller)
        : this.#decrypt(binding, frame, controller, hooks)),
    });
  }

  async #encrypt(binding, frame, controller) {
    const data = new Uint8Array(frame.data);
    if (data.length === 0) {
      controller.enqueue(frame);
      return;
    }
    const keyIndex = this.ring.currentIndex;
    const key = keyIndex === null || binding.userId === null ? null : await this.ring.senderKey(keyIndex, binding.userId);
    // Without a key nothing is sent: a frame never leaves in the clear.
    if (!key) {
      this.counts.dropped++;
      return;
    }
    frame.data = (await encryptFrame(key, keyIndex, data, clearHeaderLength(binding.kind, frame))).buffer;
    this.counts.encrypted++;
    controller.enqueue(frame);
  }

  async #decrypt(binding, frame, controller, hooks) {
    const data = new Uint8Array(frame.data);
    if (data.length === 0) {
      controller.enqueue(frame);
      return;
    }
    const userId = binding.userId;
    if (userId === null) {
      this.counts.dropped++;
      return;
    }
    const result = await decryptFrame((index) => this.ring.senderKey(index, userId), data, clearHeaderLength(binding.kind, frame));
    if (!result.ok) {
      this.counts.dropped++;
      this.#setState(userId, 'decrypt-failed', result.reason);
      return;
    }
    frame.data = result.data.buffer;
    this.counts.decrypted++;
    if (this.#setState(userId, 'ok') === 'decrypt-failed') hooks.onRecovered?.();
    controller.enqueue(frame);
  }

  /** Records and reports a state change; returns the previous state. */
  #setState(userId, state, reason) {
    const previous = this.#states.get(userId);
    if (previous === state) return previous;
    this.#states.set(userId, state);
    this.#report({ type: 'e2ee', userId, state, ...(reason ? { reason } : {}) });
    return previous;
  }
}
