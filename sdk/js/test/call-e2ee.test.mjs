// The call's end-to-end encryption wiring, on the main-thread path (Node has no
// RTCRtpScriptTransform): what goes to the server, and frames through the senders and receivers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SecureVoxCall } from '../securevox-call.js';
import { KeyRing, decryptFrame, encryptFrame } from '../e2ee.js';
import { FakePeerConnection, FakeSocket, until, track, stream } from './fakes.mjs';

const KEY = 'a key the app brought, 32 bytes!';

/** An encoded-stream endpoint: the test pushes frames in as the encoder would and reads what leaves. */
function encodedEndpoint(kind) {
  const input = new TransformStream();
  const writer = input.writable.getWriter();
  const out = [];
  return {
    track: { kind },
    push: (frame) => writer.write(frame),
    out,
    createEncodedStreams() {
      this.opened = (this.opened ?? 0) + 1;
      return { readable: input.readable, writable: new WritableStream({ write: (frame) => { out.push(frame); } }) };
    },
  };
}

/** A peer connection whose transceivers have encoded streams, as with encodedInsertableStreams. */
class EncodedPeerConnection extends FakePeerConnection {
  transceivers = [];

  addTrack(track, stream) {
    const sender = Object.assign(super.addTrack(track, stream), encodedEndpoint(track.kind), { track });
    this.transceivers.push({ sender, receiver: encodedEndpoint(track.kind) });
    return sender;
  }

  getTransceivers() {
    return this.transceivers;
  }
}

const participant = (userId) => ({
  userId, role: 'participant', audioMuted: false, videoMuted: false, joinedAt: 1, metadata: null,
});

async function joinedWithE2ee(e2ee = { key: KEY }) {
  const sockets = [];
  const call = new SecureVoxCall({
    url: 'http://server',
    token: 'token-a',
    localStream: stream('cam-a', [track('audio'), track('video')]),
    io: (url, options) => {
      const socket = new FakeSocket(url, options);
      sockets.push(socket);
      return socket;
    },
    PeerConnection: EncodedPeerConnection,
  });
  const events = [];
  call.on('e2ee', (detail) => events.push(detail));
  const joining = call.join({ sessionId: 'call_1', e2ee });
  sockets[0].open();
  sockets[0].serverSends('call_joined', { sessionId: 'call_1', self: participant('alice'), participants: [participant('bob')], iceServers: [] });
  await joining;
  return { call, socket: sockets[0], events };
}

const vp8Delta = () => {
  const data = new Uint8Array(100).map((_, i) => i);
  return { data: data.buffer, type: 'delta', getMetadata: () => ({ mimeType: 'video/VP8' }) };
};

test('join with e2ee tells the server only that the call is encrypted; no key byte is ever sent', async () => {
  const { call, socket } = await joinedWithE2ee();
  assert.equal(call.e2ee, true);
  assert.deepEqual(socket.sent.find((m) => m.event === 'join_call').payload,
    { sessionId: 'call_1', metadata: null, audioMuted: false, videoMuted: false, capabilities: ['sfu'], e2ee: true });
  const sender = call.peer('bob').pc.getTransceivers()[1].sender;
  sender.push(vp8Delta());
  await until(() => sender.out.length === 1, 'an encrypted frame');
  call.setE2eeKey(`${KEY} rotated`);
  const wire = JSON.stringify(socket.sent);
  assert.ok(!wire.includes('app brought'), wire);
  assert.ok(!wire.includes(Buffer.from(KEY).toString('base64').slice(0, 12)), wire);
});

test('the mesh peer connection asks for encoded streams and encrypts what it sends with the sender\'s own key', async () => {
  const { call } = await joinedWithE2ee();
  const { pc } = call.peer('bob');
  assert.equal(pc.config.encodedInsertableStreams, true);
  const [audio, video] = pc.getTransceivers();
  assert.deepEqual([audio.sender.opened, video.sender.opened, audio.receiver.opened, video.receiver.opened], [1, 1, 1, 1]);

  const frame = vp8Delta();
  const plain = new Uint8Array(frame.data.slice(0));
  video.sender.push(frame);
  await until(() => video.sender.out.length === 1, 'the frame leaving');
  const sent = new Uint8Array(video.sender.out[0].data);
  assert.deepEqual(sent.subarray(0, 3), plain.subarray(0, 3), 'the VP8 frame tag stays clear');
  assert.notDeepEqual(sent.subarray(3, 100), plain.subarray(3));
  assert.equal(sent.at(-1), 0, 'key index 0');
  // Bob derives alice's key from her userId: the frame opens as hers.
  const ring = new KeyRing();
  ring.setKey(KEY, 0);
  const asAlice = await decryptFrame((i) => ring.senderKey(i, 'alice'), sent, 3);
  assert.deepEqual(asAlice.data, plain);
  assert.equal((await decryptFrame((i) => ring.senderKey(i, 'bob'), sent, 3)).ok, false, 'not with bob\'s key');
  assert.equal(call.e2eeFrames.encrypted, 1);
});

test('frames from bob decrypt with bob\'s key; a wrong key is dropped and reported once, rotation is followed', async () => {
  const { call, events } = await joinedWithE2ee();
  const { receiver } = call.peer('bob').pc.getTransceivers()[1];
  const ring = new KeyRing();
  ring.setKey(KEY, 0);
  ring.setKey('bob has another key, not alice', 9);
  const plain = new Uint8Array(100).map((_, i) => 255 - i);
  const sealed = async (index, userId = 'bob') => ({
    data: (await encryptFrame(await ring.senderKey(index, userId), index, plain, 3)).buffer,
    type: 'delta',
    getMetadata: () => ({ mimeType: 'video/VP8' }),
  });

  receiver.push(await sealed(0));
  await until(() => receiver.out.length === 1, 'bob\'s frame decrypted');
  assert.deepEqual(new Uint8Array(receiver.out[0].data), plain);

  receiver.push(await sealed(0, 'carol'));
  receiver.push(await sealed(9));
  receiver.push(await sealed(9));
  await until(() => call.e2eeFrames.dropped === 3, 'three frames dropped');
  assert.equal(receiver.out.length, 1, 'nothing undecryptable reaches the decoder');
  assert.deepEqual(events, [
    { userId: 'bob', state: 'ok' },
    { userId: 'bob', state: 'decrypt-failed', reason: 'authentication-failed' },
  ]);

  call.setE2eeKey('bob has another key, not alice', 9);
  receiver.push(await sealed(9));
  await until(() => receiver.out.length === 2, 'the rotated key\'s frame decrypted');
  assert.deepEqual(events.at(-1), { userId: 'bob', state: 'ok' });
});

test('e2ee options and setE2eeKey are checked, with messages naming the value', async () => {
  const call = new SecureVoxCall({ token: 't', io: () => new FakeSocket(), PeerConnection: EncodedPeerConnection });
  assert.equal(call.e2ee, false);
  assert.equal(call.e2eeFrames, null);
  assert.throws(() => call.setE2eeKey(KEY), /setE2eeKey: this call was joined without e2ee/);
  await assert.rejects(call.join({ sessionId: 'c', e2ee: { key: 'short' } }), { message: 'e2ee.key: 5 bytes (expected: at least 16 bytes)' });
  await assert.rejects(call.join({ sessionId: 'c', e2ee: { key: KEY, keyIndex: 300 } }), { message: 'e2ee.keyIndex: 300 (expected: an integer from 0 to 255)' });

  const { call: joined } = await joinedWithE2ee({ key: KEY, keyIndex: 255 });
  assert.throws(() => joined.setE2eeKey(KEY, -1), { message: 'setE2eeKey keyIndex: -1 (expected: an integer from 0 to 255)' });
  joined.setE2eeKey(`${KEY} next`);
  const { sender } = joined.peer('bob').pc.getTransceivers()[0];
  sender.push({ data: new Uint8Array([0xfc, 1, 2, 3]).buffer, getMetadata: () => ({ mimeType: 'audio/opus' }) });
  await until(() => sender.out.length === 1, 'an audio frame');
  assert.equal(new Uint8Array(sender.out[0].data).at(-1), 0, 'the default next index wraps from 255 to 0');
});
