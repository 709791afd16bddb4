import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SecureVoxCall } from '../securevox-call.js';
import { FakePeerConnection, FakeSocket, until, track, stream } from './fakes.mjs';

const participant = (userId) => ({
  userId, role: 'participant', audioMuted: false, videoMuted: false, joinedAt: 1, metadata: { name: userId },
});

function setup(options = {}) {
  const sockets = [];
  const camera = stream('cam-a', [track('audio'), track('video')]);
  const call = new SecureVoxCall({
    url: 'http://server',
    token: () => 'token-a',
    localStream: camera,
    io: (url, options) => {
      const socket = new FakeSocket(url, options);
      sockets.push(socket);
      return socket;
    },
    PeerConnection: FakePeerConnection,
    ...options,
  });
  const events = [];
  for (const type of ['joined', 'reconnecting', 'reconnected', 'participantjoined', 'participantleft']) {
    call.on(type, (detail) => events.push({ type, detail }));
  }
  return { call, sockets, events, camera };
}

/** Joins with the participants `others` already in the call; resolves with the socket. */
async function joined(call, sockets, others) {
  const joining = call.join({ sessionId: 'call_1', metadata: { name: 'alice' } });
  const socket = sockets.at(-1);
  socket.open();
  socket.serverSends('call_joined', {
    sessionId: 'call_1', self: participant('alice'), participants: others.map(participant), iceServers: [],
  });
  await joining;
  return socket;
}

test('join authenticates with the token function, joins, and offers to newcomers with stream markers', async () => {
  const { call, sockets } = setup();
  const joining = call.join({ sessionId: 'call_1', metadata: { name: 'alice' } });
  const socket = sockets[0];
  const auth = await new Promise((resolve) => socket.options.auth(resolve));
  assert.deepEqual(auth, { token: 'token-a' });
  assert.deepEqual(socket.options.query, { call: 'call_1' }, 'the call in the URL, for routing by call');
  socket.open();
  assert.deepEqual(socket.sent.find((m) => m.event === 'join_call').payload,
    { sessionId: 'call_1', metadata: { name: 'alice' }, audioMuted: false, videoMuted: false, capabilities: ['sfu'] });
  socket.serverSends('call_joined', { sessionId: 'call_1', self: participant('alice'), participants: [], iceServers: [] });
  await joining;

  socket.serverSends('participant_joined', { sessionId: 'call_1', participant: participant('bob') });

  await until(() => socket.sent.some((m) => m.event === 'offer'), 'an offer to bob');
  const offer = socket.sent.find((m) => m.event === 'offer').payload;
  assert.equal(offer.to, 'bob');
  assert.deepEqual(offer.streams, { 'cam-a': 'camera' });
  assert.equal(call.peer('bob').pc.senders.length, 2, 'camera and microphone are sent');
});

test('a dropped socket re-joins without tearing the peer down, and signals wait for the re-join', async () => {
  const { call, sockets, events } = setup();
  const socket = await joined(call, sockets, []);
  socket.serverSends('participant_joined', { sessionId: 'call_1', participant: participant('bob') });
  await until(() => socket.sent.some((m) => m.event === 'offer'), 'first offer');
  const peer = call.peer('bob');

  call.dropSocket();
  assert.deepEqual(events.filter((e) => e.type === 'reconnecting').length, 1);
  // ICE restarts and candidates produced while the socket is away must not be lost.
  peer.pc.onicecandidate({ candidate: { candidate: 'candidate:9 1 udp 1 10.0.0.9 9 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
  const sentWhileAway = socket.sent.length;

  socket.open();
  assert.equal(socket.sent.length, sentWhileAway + 1, 'only join_call goes out before the call is re-joined');
  assert.equal(socket.sent.at(-1).event, 'join_call');
  socket.serverSends('call_joined', {
    sessionId: 'call_1', self: participant('alice'), participants: [participant('bob')], iceServers: [],
  });

  assert.equal(call.peer('bob'), peer, 'same peer connection');
  assert.notEqual(peer.pc.signalingState, 'closed');
  const flushed = socket.sent.slice(sentWhileAway + 1);
  assert.deepEqual(flushed.map((m) => m.event), ['ice_candidate']);
  assert.equal(flushed[0].payload.candidate.candidate, 'candidate:9 1 udp 1 10.0.0.9 9 typ host');
  assert.deepEqual(events.map((e) => e.type), ['joined', 'participantjoined', 'reconnecting', 'reconnected']);
});

test('someone who left while our socket was away is removed on re-join', async () => {
  const { call, sockets, events } = setup();
  const socket = await joined(call, sockets, ['bob', 'carol']);
  const carol = call.peer('carol');

  call.dropSocket();
  socket.open();
  socket.serverSends('call_joined', {
    sessionId: 'call_1', self: participant('alice'), participants: [participant('bob')], iceServers: [],
  });

  assert.equal(call.peer('carol'), undefined);
  assert.equal(carol.pc.signalingState, 'closed');
  assert.deepEqual(events.filter((e) => e.type === 'participantleft').map((e) => e.detail.userId), ['carol']);
});

test('mute disables the local track and tells the server', async () => {
  const { call, sockets, camera } = setup();
  const socket = await joined(call, sockets, []);

  const muting = call.muteAudio(true);
  const { event, ack } = socket.acks.at(-1);
  assert.equal(event, 'mute_audio');
  assert.deepEqual(socket.sent.at(-1).payload, { muted: true });
  ack({ ok: true, participant: { ...participant('alice'), audioMuted: true } });
  await muting;

  assert.equal(camera.getTracks().find((t) => t.kind === 'audio').enabled, false);
  assert.equal(camera.getTracks().find((t) => t.kind === 'video').enabled, true);
  assert.equal(call.self.audioMuted, true);
});

test('screen sharing adds a track marked screen, and stopping removes it', async () => {
  const { call, sockets } = setup();
  const socket = await joined(call, sockets, ['bob']);
  const peer = call.peer('bob');
  const screen = stream('scr-a', [track('video')]);

  await call.startScreenShare(screen);
  await until(() => socket.sent.some((m) => m.event === 'offer' && m.payload.streams['scr-a'] === 'screen'), 'a screen offer');
  assert.equal(peer.pc.senders.length, 3);

  call.stopScreenShare();
  assert.equal(peer.pc.senders.length, 2);
  assert.equal(call.screenStream, null);
});

test('peer connections get the server\'s iceServers with their TURN credentials, and iceTransportPolicy', async () => {
  const turn = { urls: ['turn:turn.example:3478?transport=udp'], username: '1767229200:alice', credential: 'c2VjcmV0' };
  const { call, sockets } = setup({ iceTransportPolicy: 'relay', rtcConfig: { bundlePolicy: 'max-bundle' } });
  const joining = call.join({ sessionId: 'call_1' });
  const socket = sockets.at(-1);
  socket.open();
  socket.serverSends('call_joined', {
    sessionId: 'call_1', self: participant('alice'), participants: [participant('bob')],
    iceServers: [{ urls: ['stun:stun.example:3478'] }, turn],
  });
  await joining;

  assert.deepEqual(call.peer('bob').pc.config, {
    iceServers: [{ urls: ['stun:stun.example:3478'] }, turn], bundlePolicy: 'max-bundle', iceTransportPolicy: 'relay',
  });
  assert.throws(() => new SecureVoxCall({ token: 't', iceTransportPolicy: 'public' }), /iceTransportPolicy: "public"/);
});

test('a client built with sfu: false does not declare it can use the SFU, so its calls stay a mesh', async () => {
  const { call, sockets } = setup({ sfu: false });
  call.join({ sessionId: 'call_1' });
  const socket = sockets[0];
  socket.open();
  const join = socket.sent.find((m) => m.event === 'join_call').payload;
  assert.equal('capabilities' in join, false);
});

test('media_mode and active_speakers reach the app as events; mesh signals are ignored on the SFU', async () => {
  const { call, sockets } = setup({ sfu: false });
  const socket = await joined(call, sockets, [participant('bob')]);
  const modes = [];
  const speakers = [];
  call.on('mediaMode', (mode) => modes.push(mode));
  call.on('activeSpeakers', (userIds) => speakers.push(userIds));
  socket.serverSends('media_mode', { sessionId: 'call_1', mode: 'mesh' });
  assert.deepEqual(modes, [], 'no change, no event');
  socket.serverSends('active_speakers', { sessionId: 'call_1', userIds: ['bob'] });
  assert.deepEqual(speakers, [['bob']]);
  assert.deepEqual(call.activeSpeakers, ['bob']);
  socket.serverSends('participant_left', { sessionId: 'call_1', userId: 'bob', reason: 'left' });
  assert.deepEqual(speakers, [['bob'], []], 'who leaves stops speaking');
});

/** alice in a call on the SFU with aaron (who sorts before her: he is polite to her) and bob. */
async function backFromTheSfu() {
  const { call, sockets } = setup();
  call.on('peererror', () => {}); // the fake peer connection cannot publish to the SFU; only the mesh matters here
  const socket = await joined(call, sockets, ['bob']);
  socket.serverSends('participant_joined', { sessionId: 'call_1', participant: participant('aaron') });
  socket.serverSends('media_mode', { sessionId: 'call_1', mode: 'sfu' });
  assert.equal(call.peer('bob'), undefined, 'no peer-to-peer connection is kept before it carried media');
  socket.sent.length = 0;
  socket.serverSends('media_mode', { sessionId: 'call_1', mode: 'mesh' });
  await until(() => socket.sent.some((m) => m.event === 'offer' && m.payload.to === 'bob'), 'an offer to bob');
  // Both negotiations were due at once: had alice offered aaron too, it would have gone out with bob's.
  await new Promise((resolve) => setImmediate(resolve));
  return { call, socket };
}

test('back from the SFU, only the polite side of each pair offers, so no pair collides', async () => {
  const { call, socket } = await backFromTheSfu();
  assert.deepEqual([...new Set(socket.sent.filter((m) => m.event === 'offer').map((m) => m.payload.to))], ['bob'],
    'alice sorts before bob (she offers) and after aaron (she waits for him)');

  socket.serverSends('offer', { sessionId: 'call_1', from: 'aaron', sdp: { type: 'offer', sdp: 'aaron-offer' } });
  await until(() => socket.sent.some((m) => m.event === 'answer' && m.payload.to === 'aaron'), 'an answer to aaron');
  assert.equal(call.peer('aaron').pc.rollbacks, 0, 'nothing of ours was rolled back');
  assert.equal(call.peer('aaron').pc.signalingState, 'stable');
});

test('back from the SFU, an offer dropped by someone still on the SFU is recovered by theirs', async () => {
  const { call, socket } = await backFromTheSfu();
  // bob was still on the SFU when alice's offer came and dropped it; after his wait he offers.
  socket.serverSends('offer', { sessionId: 'call_1', from: 'bob', sdp: { type: 'offer', sdp: 'bob-offer' } });
  await until(() => socket.sent.some((m) => m.event === 'answer' && m.payload.to === 'bob'), 'an answer to bob');
  assert.equal(call.peer('bob').pc.rollbacks, 1, 'alice, the polite side, rolled her unanswered offer back');
  assert.equal(call.peer('bob').pc.signalingState, 'stable');
});

test('a host mute mutes the local track like a self-mute, and our own update changes self, not the others', async () => {
  const { call, sockets, camera } = setup();
  const socket = await joined(call, sockets, ['bob']);
  const requests = [];
  const updates = [];
  call.on('muteRequest', (detail) => requests.push(detail));
  call.on('participantupdated', ({ participant: p }) => updates.push(p.userId));

  socket.serverSends('mute_request', { sessionId: 'call_1', kind: 'video', by: 'host' });

  assert.deepEqual(requests, [{ kind: 'video', by: 'host' }]);
  assert.equal(camera.getTracks().find((t) => t.kind === 'video').enabled, false);
  assert.equal(camera.getTracks().find((t) => t.kind === 'audio').enabled, true);
  const { event, ack } = socket.acks.at(-1);
  assert.equal(event, 'mute_video');
  assert.deepEqual(socket.sent.at(-1).payload, { muted: true });
  ack({ ok: true, participant: { ...participant('alice'), videoMuted: true } });

  socket.serverSends('participant_updated', { sessionId: 'call_1', participant: { ...participant('alice'), videoMuted: true } });
  assert.equal(call.self.videoMuted, true);
  assert.deepEqual([...call.participants.keys()], ['bob']);
  assert.deepEqual(updates, ['alice']);
});

test('host controls and data go out with acknowledgements, and their refusals reject', async () => {
  const { call, sockets } = setup();
  const socket = await joined(call, sockets, ['bob']);

  const muting = call.muteParticipant('bob', 'audio');
  assert.deepEqual(socket.sent.at(-1), { event: 'mute_participant', payload: { userId: 'bob', kind: 'audio' }, connected: true });
  socket.acks.at(-1).ack({ ok: true, participant: { ...participant('bob'), audioMuted: true } });
  assert.equal((await muting).audioMuted, true);

  const removing = call.removeParticipant('bob');
  assert.deepEqual(socket.sent.at(-1).payload, { userId: 'bob' });
  socket.acks.at(-1).ack({ ok: false, error: { code: 'FORBIDDEN', message: 'remove_participant: role participant (expected: host)' } });
  await assert.rejects(removing, { event: 'remove_participant', code: 'FORBIDDEN' });

  const ending = call.endCall();
  assert.equal(socket.sent.at(-1).event, 'end_call');
  socket.acks.at(-1).ack({ ok: true });
  await ending;

  const sending = call.sendData({ text: 'hi' }, { to: 'bob', topic: 'chat' });
  assert.deepEqual(socket.sent.at(-1).payload, { to: 'bob', topic: 'chat', payload: { text: 'hi' } });
  socket.acks.at(-1).ack({ ok: true });
  await sending;
  call.sendData(null);
  assert.deepEqual(socket.sent.at(-1).payload, { payload: null });
  await assert.rejects(call.sendData(undefined), TypeError);
});

test('data reaches the app; removed and call_ended leave cleanly without reconnecting', async () => {
  for (const [event, payload, appEvent, reason] of [
    ['removed', { sessionId: 'call_1', by: 'host' }, 'removed', 'kicked'],
    ['call_ended', { sessionId: 'call_1', by: 'api', reason: 'ended_by_host' }, 'callEnded', 'ended_by_host'],
  ]) {
    const { call, sockets, events } = setup();
    const socket = await joined(call, sockets, ['bob']);
    const seen = [];
    call.on('data', (detail) => seen.push(['data', detail]));
    call.on(appEvent, (detail) => seen.push([appEvent, detail]));
    call.on('left', (detail) => seen.push(['left', detail]));
    socket.serverSends('data', { sessionId: 'call_1', from: 'bob', topic: null, payload: [1, 2] });

    socket.serverSends(event, payload);

    const { sessionId, ...detail } = payload;
    assert.deepEqual(seen, [
      ['data', { from: 'bob', topic: null, payload: [1, 2] }],
      [appEvent, detail],
      ['left', { reason }],
    ]);
    assert.equal(socket.connected, false, 'the socket is closed');
    assert.equal(call.participants.size, 0);
    assert.equal(call.peer('bob'), undefined);
    assert.equal(events.filter((e) => e.type === 'reconnecting').length, 0);
    assert.equal(socket.sent.filter((m) => m.event === 'leave_call').length, 0);
  }
});

test('the routing parameter keeps the query the app passes in its socket options', async () => {
  const { call, sockets } = setup({ socketOptions: { query: { app: 'messenger', call: 'ignored' } } });
  call.join({ sessionId: 'call_9' });
  assert.deepEqual(sockets[0].options.query, { app: 'messenger', call: 'call_9' });
});
