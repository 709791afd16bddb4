// End-to-end encryption on the page: puts a frame transform on every sender and receiver of the
// call's peer connections. In a worker through RTCRtpScriptTransform where the browser has it,
// else on the main thread through createEncodedStreams (which needs `encodedInsertableStreams` in
// the RTCPeerConnection's configuration). Keys stay in this page: nothing here touches the socket.
import { FrameCryptor, checkKeyIndex, keyBytes } from './e2ee.js';

/**
 * Checks the `e2ee` join option and returns the key as bytes.
 * @param {{key: ArrayBuffer | ArrayBufferView | string, keyIndex?: number}} option
 */
export function e2eeOption(option) {
  if (typeof option !== 'object' || option === null || !('key' in option)) {
    throw new TypeError('e2ee: expected {key, keyIndex?}');
  }
  return { key: keyBytes(option.key), keyIndex: checkKeyIndex(option.keyIndex ?? 0) };
}

export class E2eeMedia {
  /**
   * @param {object} options
   * @param {Uint8Array} options.key
   * @param {number} options.keyIndex
   * @param {(detail: {userId: string, state: 'ok' | 'decrypt-failed', reason?: string}) => void} options.onState
   * @param {(error: unknown) => void} options.onError
   */
  constructor({ key, keyIndex, onState, onError }) {
    this.#onState = onState;
    this.#onError = onError;
    this.usesWorker = typeof globalThis.RTCRtpScriptTransform === 'function';
    if (this.usesWorker) {
      this.#worker = startWorker();
      this.#worker.onmessage = ({ data }) => this.#onWorkerMessage(data);
      this.#worker.onerror = (event) => onError(new Error(`e2ee worker: ${event.message ?? 'failed to start'}`));
    } else {
      this.#cryptor = new FrameCryptor({ report: ({ userId, state, reason }) => onState({ userId, state, ...(reason ? { reason } : {}) }) });
    }
    this.setKey(key, keyIndex);
  }

  #onState;
  #onError;
  /** @type {Worker | null} */
  #worker = null;
  /** @type {FrameCryptor | null} */
  #cryptor = null;
  #nextId = 1;
  /** RTCRtpSender/RTCRtpReceiver → {id, binding}: each gets one transform, for its lifetime. */
  #attached = new WeakMap();
  #workerCounts = { encrypted: 0, decrypted: 0, dropped: 0 };
  /** This participant's userId: the HKDF info of the frames it sends. */
  selfUserId = null;
  keyIndex = 0;

  /** Frames encrypted, decrypted and dropped so far (from the worker: at most half a second old). */
  get counts() {
    return { ...(this.#cryptor ? this.#cryptor.counts : this.#workerCounts) };
  }

  /** The configuration a peer connection needs for the transforms. */
  rtcConfig(config) {
    return this.usesWorker ? config : { ...config, encodedInsertableStreams: true };
  }

  /** Makes `key` the current key under `keyIndex`; older keys stay for frames still in flight. */
  setKey(key, keyIndex) {
    const bytes = keyBytes(key);
    checkKeyIndex(keyIndex);
    if (this.#worker) this.#worker.postMessage({ type: 'key', key: bytes, keyIndex });
    else this.#cryptor.ring.setKey(bytes, keyIndex);
    this.keyIndex = keyIndex;
  }

  /** Encrypts what `sender` sends (once per sender; replaceTrack keeps it). */
  attachSender(sender, kind) {
    if (this.#attached.has(sender)) return;
    this.#attach(sender, { direction: 'send', kind, userId: this.selfUserId });
  }

  /** Decrypts what `receiver` gets as coming from `userId` (null: from nobody, frames are dropped). */
  attachReceiver(receiver, userId) {
    const attached = this.#attached.get(receiver);
    if (!attached) {
      this.#attach(receiver, { direction: 'receive', kind: receiver.track.kind, userId });
    } else if (attached.binding.userId !== userId) {
      // The SFU reused the m-line for someone else: same transform, another sender's key.
      attached.binding.userId = userId;
      this.#worker?.postMessage({ type: 'bind', id: attached.id, userId });
    }
  }

  /**
   * VP8 first: the clear header the SFU needs is codec specific, and VP8's is the one the frame
   * format knows (other codecs go fully encrypted, which an SFU cannot switch layers on).
   */
  preferVp8(transceiver) {
    const codecs = globalThis.RTCRtpReceiver?.getCapabilities?.('video')?.codecs;
    if (!codecs || typeof transceiver.setCodecPreferences !== 'function') return;
    const isVp8 = (c) => c.mimeType.toLowerCase() === 'video/vp8';
    try {
      transceiver.setCodecPreferences([...codecs.filter(isVp8), ...codecs.filter((c) => !isVp8(c))]);
    } catch {
      // A browser that refuses the list keeps its own order, in which VP8 comes first anyway.
    }
  }

  close() {
    this.#worker?.terminate();
    this.#worker = null;
  }

  #attach(endpoint, binding) {
    const id = this.#nextId++;
    this.#attached.set(endpoint, { id, binding });
    try {
      if (this.usesWorker) {
        endpoint.transform = new RTCRtpScriptTransform(this.#worker, { id, ...binding });
      } else {
        const { readable, writable } = endpoint.createEncodedStreams();
        readable.pipeThrough(this.#cryptor.transform(binding)).pipeTo(writable).catch(() => {});
      }
    } catch (err) {
      this.#onError(err);
    }
  }

  #onWorkerMessage(data) {
    if (data.type === 'e2ee') {
      const { userId, state, reason } = data;
      this.#onState({ userId, state, ...(reason ? { reason } : {}) });
    } else if (data.type === 'counts') {
      this.#workerCounts = data.counts;
    }
  }
}

function startWorker() {
  const url = new URL('./e2ee-worker.js', import.meta.url);
  try {
    return new Worker(url, { type: 'module' });
  } catch (err) {
    if (url.origin === globalThis.location?.origin) throw err;
    // A page cannot start a worker from another origin's URL (the SDK loaded from the call
    // server); a worker from a same-origin blob can import it, if the server allows CORS.
    const shim = new Blob([`import ${JSON.stringify(url.href)};`], { type: 'text/javascript' });
    return new Worker(URL.createObjectURL(shim), { type: 'module' });
  }
}
