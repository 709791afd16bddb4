// The frame format and keys of end-to-end encryption, with Node's WebCrypto (the browser's API).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FrameCryptor, IV_BYTES, KeyRing, TAG_BYTES, clearHeaderLength, decryptFrame, encryptFrame, keyBytes,
} from '../e2ee.js';

const KEY = 'correct horse battery staple';
const OTHER_KEY = 'incorrect donkey battery clip';

function ring(...keys) {
  const r = new KeyRing();
  keys.forEach(([key, index]) => r.setKey(key, index));
  return r;
}

/** A VP8 key frame's first bytes (frame tag, start code 9d 01 2a, 640x360) and a body. */
function vp8KeyFrame(bodyLength = 200) {
  const data = new Uint8Array(10 + bodyLength);
  data.set([0x50, 0x42, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01]);
  for (let i = 10; i < data.length; i++) data[i] = i & 0xff;
  return data;
}

const videoFrame = (data, type = 'key', mimeType = 'video/vp8') => ({ data: data.buffer.slice(0), type, getMetadata: () => ({ mimeType }) });
const audioFrame = (data) => ({ data: data.buffer.slice(0), getMetadata: () => ({ mimeType: 'audio/opus' }) });

async function roundTrip(sender, receiverRing, receiverBinding, frames, kind) {
  const reports = [];
  const tx = new FrameCryptor({ report: () => {}, ring: sender.ring });
  const rx = new FrameCryptor({ report: (m) => reports.push(m), ring: receiverRing });
  const out = [];
  await streamOf(frames)
    .pipeThrough(tx.transform({ direction: 'send', kind, userId: sender.userId }))
    .pipeThrough(rx.transform({ direction: 'receive', kind, ...receiverBinding }))
    .pipeTo(new WritableStream({ write: (f) => { out.push(f); } }));
  return { out, reports, tx, rx };
}

function streamOf(items) {
  return new ReadableStream({
    start(controller) {
      items.forEach((i) => controller.enqueue(i));
      controller.close();
    },
  });
}

test('a frame round-trips: the clear header stays as it was, the rest is encrypted, IV and key index trail', async () => {
  const r = ring([KEY, 3]);
  const key = await r.senderKey(3, 'ann');
  const plain = vp8KeyFrame();
  const sealed = await encryptFrame(key, 3, plain, 10);
  assert.equal(sealed.length, plain.length + TAG_BYTES + IV_BYTES + 1);
  assert.deepEqual(sealed.subarray(0, 10), plain.subarray(0, 10));
  assert.notDeepEqual(sealed.subarray(10, plain.length), plain.subarray(10));
  assert.equal(sealed[sealed.length - 1], 3);
  const opened = await decryptFrame((i) => r.senderKey(i, 'ann'), sealed, 10);
  assert.equal(opened.ok, true);
  assert.equal(opened.keyIndex, 3);
  assert.deepEqual(opened.data, plain);
});

test('two frames with the same content differ on the wire (a fresh IV each)', async () => {
  const key = await ring([KEY, 0]).senderKey(0, 'ann');
  const a = await encryptFrame(key, 0, vp8KeyFrame(), 10);
  const b = await encryptFrame(key, 0, vp8KeyFrame(), 10);
  assert.notDeepEqual(a, b);
});

test('per-sender keys differ: a frame from ann does not open as bob\'s', async () => {
  const r = ring([KEY, 0]);
  const sealed = await encryptFrame(await r.senderKey(0, 'ann'), 0, vp8KeyFrame(), 10);
  const asBob = await decryptFrame((i) => r.senderKey(i, 'bob'), sealed, 10);
  assert.deepEqual(asBob, { ok: false, reason: 'authentication-failed', keyIndex: 0 });
});

test('a wrong app key, an unknown key index and a short frame are refused', async () => {
  const sealed = await encryptFrame(await ring([KEY, 0]).senderKey(0, 'ann'), 0, vp8KeyFrame(), 10);
  const wrong = ring([OTHER_KEY, 0]);
  assert.deepEqual(await decryptFrame((i) => wrong.senderKey(i, 'ann'), sealed, 10), { ok: false, reason: 'authentication-failed', keyIndex: 0 });
  const otherIndex = ring([KEY, 1]);
  assert.deepEqual(await decryptFrame((i) => otherIndex.senderKey(i, 'ann'), sealed, 10), { ok: false, reason: 'unknown-key-index', keyIndex: 0 });
  const right = ring([KEY, 0]);
  const short = sealed.subarray(0, 10 + TAG_BYTES + IV_BYTES);
  assert.deepEqual(await decryptFrame((i) => right.senderKey(i, 'ann'), short, 10), { ok: false, reason: 'too-short' });
});

test('the clear header is authenticated: changing one clear byte, or a ciphertext byte, fails', async () => {
  const r = ring([KEY, 0]);
  const sealed = await encryptFrame(await r.senderKey(0, 'ann'), 0, vp8KeyFrame(), 10);
  for (const at of [0, 9, 10, sealed.length - 1 - IV_BYTES - 1]) {
    const tampered = sealed.slice();
    tampered[at] ^= 0x01;
    const result = await decryptFrame((i) => r.senderKey(i, 'ann'), tampered, 10);
    assert.equal(result.ok, false, `byte ${at} changed`);
  }
});

test('clear header lengths: VP8 key 10, VP8 delta 3, Opus 1, other codecs 0', () => {
  assert.equal(clearHeaderLength('video', { type: 'key', getMetadata: () => ({ mimeType: 'video/VP8' }) }), 10);
  assert.equal(clearHeaderLength('video', { type: 'delta', getMetadata: () => ({ mimeType: 'video/vp8' }) }), 3);
  assert.equal(clearHeaderLength('video', { type: 'key', getMetadata: () => ({ mimeType: 'video/H264' }) }), 0);
  assert.equal(clearHeaderLength('video', { type: 'empty', getMetadata: () => ({ mimeType: 'video/vp8' }) }), 0);
  assert.equal(clearHeaderLength('video', { type: 'delta' }), 3, 'no metadata: VP8, which the SDK negotiates');
  assert.equal(clearHeaderLength('audio', { getMetadata: () => ({ mimeType: 'audio/opus' }) }), 1);
  assert.equal(clearHeaderLength('audio', { getMetadata: () => ({ mimeType: 'audio/PCMU' }) }), 0);
});

test('the key ring keeps the last four keys: older frames decrypt after a rotation, the fifth-oldest not', async () => {
  const r = new KeyRing();
  r.setKey(KEY, 250);
  const old = await encryptFrame(await r.senderKey(250, 'ann'), 250, vp8KeyFrame(), 10);
  for (const index of [251, 252, 253]) r.setKey(`${KEY} ${index}`, index);
  assert.equal(r.currentIndex, 253);
  assert.deepEqual(r.indexes, [250, 251, 252, 253]);
  assert.equal((await decryptFrame((i) => r.senderKey(i, 'ann'), old, 10)).ok, true, 'three rotations later');
  r.setKey(`${KEY} 254`, 254);
  assert.deepEqual(r.indexes, [251, 252, 253, 254]);
  assert.equal((await decryptFrame((i) => r.senderKey(i, 'ann'), old, 10)).reason, 'unknown-key-index');
});

test('setting a key again under a held index replaces it', async () => {
  const r = ring([KEY, 0]);
  const sealed = await encryptFrame(await r.senderKey(0, 'ann'), 0, vp8KeyFrame(), 10);
  r.setKey(OTHER_KEY, 0);
  assert.equal((await decryptFrame((i) => r.senderKey(i, 'ann'), sealed, 10)).reason, 'authentication-failed');
});

test('keys are checked: empty, too short, wrong type, bad index', () => {
  assert.throws(() => keyBytes(''), { message: 'e2ee.key: empty (expected: at least 16 bytes)' });
  assert.throws(() => keyBytes(new Uint8Array(15)), { message: 'e2ee.key: 15 bytes (expected: at least 16 bytes)' });
  assert.throws(() => keyBytes(42), { message: 'e2ee.key: 42 (expected: an ArrayBuffer, a Uint8Array or a string)' });
  assert.throws(() => new KeyRing().setKey(KEY, 256), { message: 'e2ee.keyIndex: 256 (expected: an integer from 0 to 255)' });
  assert.throws(() => new KeyRing().setKey(KEY, 1.5), { message: 'e2ee.keyIndex: 1.5 (expected: an integer from 0 to 255)' });
  const view = new Uint8Array(40).fill(7).subarray(8, 32);
  assert.deepEqual(keyBytes(view), new Uint8Array(24).fill(7), 'a view gives its own bytes only');
  assert.deepEqual(keyBytes(view.slice().buffer), new Uint8Array(24).fill(7));
});

test('FrameCryptor streams: video and audio pass through encrypted and back, and are counted', async () => {
  const frames = [videoFrame(vp8KeyFrame()), videoFrame(vp8KeyFrame(50).subarray(0, 40), 'delta')];
  const plains = frames.map((f) => new Uint8Array(f.data.slice(0)));
  const { out, reports, tx, rx } = await roundTrip({ ring: ring([KEY, 0]), userId: 'ann' }, ring([KEY, 0]), { userId: 'ann' }, frames, 'video');
  assert.deepEqual(out.map((f) => new Uint8Array(f.data)), plains);
  assert.deepEqual(reports, [{ type: 'e2ee', userId: 'ann', state: 'ok' }]);
  assert.deepEqual(tx.counts, { encrypted: 2, decrypted: 0, dropped: 0 });
  assert.deepEqual(rx.counts, { encrypted: 0, decrypted: 2, dropped: 0 });

  const audio = await roundTrip({ ring: ring([KEY, 0]), userId: 'ann' }, ring([KEY, 0]), { userId: 'ann' }, [audioFrame(new Uint8Array([0xfc, 1, 2]))], 'audio');
  assert.deepEqual(new Uint8Array(audio.out[0].data), new Uint8Array([0xfc, 1, 2]));
});

test('FrameCryptor: undecryptable frames are dropped, reported once, and recovery is reported once', async () => {
  const tx = new FrameCryptor({ report: () => {}, ring: ring([KEY, 0]) });
  const reports = [];
  const rxRing = ring([OTHER_KEY, 0]);
  const rx = new FrameCryptor({ report: (m) => reports.push(m), ring: rxRing });
  const sealed = [];
  await streamOf([1, 2, 3].map(() => videoFrame(vp8KeyFrame())))
    .pipeThrough(tx.transform({ direction: 'send', kind: 'video', userId: 'ann' }))
    .pipeTo(new WritableStream({ write: (f) => { sealed.push(f); } }));
  const copy = (f) => ({ ...f, data: f.data.slice(0) });
  let recovered = 0;
  const received = [];
  const receive = (frames) => streamOf(frames.map(copy))
    .pipeThrough(rx.transform({ direction: 'receive', kind: 'video', userId: 'ann' }, { onRecovered: () => recovered++ }))
    .pipeTo(new WritableStream({ write: (f) => { received.push(f); } }));
  await receive(sealed);
  assert.equal(received.length, 0, 'nothing reaches the decoder');
  assert.deepEqual(reports, [{ type: 'e2ee', userId: 'ann', state: 'decrypt-failed', reason: 'authentication-failed' }]);
  assert.equal(rx.counts.dropped, 3);
  rxRing.setKey(KEY, 0);
  await receive(sealed);
  assert.equal(received.length, 3);
  assert.deepEqual(reports.slice(1), [{ type: 'e2ee', userId: 'ann', state: 'ok' }]);
  assert.equal(recovered, 1);
});

test('FrameCryptor: a sender without a key sends nothing, and a receiver bound to nobody drops', async () => {
  const out = [];
  const tx = new FrameCryptor({ report: () => {} });
  await streamOf([videoFrame(vp8KeyFrame())])
    .pipeThrough(tx.transform({ direction: 'send', kind: 'video', userId: 'ann' }))
    .pipeTo(new WritableStream({ write: (f) => { out.push(f); } }));
  assert.deepEqual(out, []);
  assert.equal(tx.counts.dropped, 1);
});

test('FrameCryptor: a re-bound receiver decrypts the new sender (the SFU reuses m-lines)', async () => {
  const shared = ring([KEY, 0]);
  const fromAnn = new FrameCryptor({ report: () => {}, ring: shared });
  const fromBob = new FrameCryptor({ report: () => {}, ring: shared });
  const frames = [];
  const seal = (cryptor, userId) => streamOf([videoFrame(vp8KeyFrame())])
    .pipeThrough(cryptor.transform({ direction: 'send', kind: 'video', userId }))
    .pipeTo(new WritableStream({ write: (f) => { frames.push({ userId, frame: f }); } }));
  await seal(fromAnn, 'ann');
  await seal(fromBob, 'bob');
  const reports = [];
  const rx = new FrameCryptor({ report: (m) => reports.push(m), ring: shared });
  const binding = { direction: 'receive', kind: 'video', userId: 'ann' };
  const received = [];
  const { readable, writable } = new TransformStream();
  const done = readable.pipeThrough(rx.transform(binding)).pipeTo(new WritableStream({ write: (f) => { received.push(f); } }));
  const writer = writable.getWriter();
  await writer.write(frames[0].frame);
  await new Promise((resolve) => setTimeout(resolve, 50));
  binding.userId = 'bob';
  await writer.write(frames[1].frame);
  await writer.close();
  await done;
  assert.equal(received.length, 2);
  assert.deepEqual(reports.map((r) => `${r.userId}:${r.state}`), ['ann:ok', 'bob:ok']);
});
