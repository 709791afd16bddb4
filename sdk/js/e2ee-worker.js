// The RTCRtpScriptTransform worker of end-to-end encryption (a module worker, one per call): it
// holds the key ring and encrypts or decrypts the frames of every sender and receiver it is given.
// Messages from the page: {type: 'key', key, keyIndex}, {type: 'bind', id, userId}.
// Messages to the page: {type: 'e2ee', userId, state, reason?}, {type: 'counts', counts}.
import { FrameCryptor } from './e2ee.js';

/** Frame counts go to the page at most this often (they are for diagnostics and tests). */
const COUNTS_EVERY_MS = 500;

const cryptor = new FrameCryptor({ report: (message) => self.postMessage(message) });
/** Transform id → its binding, so the page can point a receiver at another sender. */
const bindings = new Map();
/** Re-bindings that arrived before their transform's rtctransform event (the two are not ordered). */
const earlyBinds = new Map();

self.onmessage = ({ data }) => {
  if (data.type === 'key') {
    cryptor.ring.setKey(data.key, data.keyIndex);
  } else if (data.type === 'bind') {
    const binding = bindings.get(data.id);
    if (binding) binding.userId = data.userId;
    else earlyBinds.set(data.id, data.userId);
  }
};

self.onrtctransform = ({ transformer }) => {
  const { id, direction, kind, userId } = transformer.options;
  const binding = { direction, kind, userId: earlyBinds.has(id) ? earlyBinds.get(id) : userId };
  earlyBinds.delete(id);
  bindings.set(id, binding);
  // After frames failed to decrypt the decoder lost its references: ask the sender for a key frame.
  const hooks = { onRecovered: () => { Promise.resolve().then(() => transformer.sendKeyFrameRequest?.()).catch(() => {}); } };
  transformer.readable
    .pipeThrough(cryptor.transform(binding, hooks))
    .pipeTo(transformer.writable)
    .catch(() => {})
    .finally(() => bindings.delete(id));
};

let lastCounts = '';
setInterval(() => {
  const counts = JSON.stringify(cryptor.counts);
  if (counts === lastCounts) return;
  lastCounts = counts;
  self.postMessage({ type: 'counts', counts: { ...cryptor.counts } });
}, COUNTS_EVERY_MS);
