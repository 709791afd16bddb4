import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Peer, isPolite } from '../securevox-call.js';
import { FakePeerConnection, until, track, stream } from './fakes.mjs';

/** Two Peers joined by an asynchronous signaling channel, like two browsers through the server. */
function pair({ aliceAwaitsOffer = false } = {}) {
  const log = [];
  const peers = {};
  const wire = (from, to) => (event, payload) => {
    log.push({ from, event, payload });
    setImmediate(() => {
      if (event === 'ice_candidate') peers[to].receiveCandidate(payload.candidate);
      else peers[to].receiveDescription(payload.sdp, payload.streams);
    });
  };
  peers.alice = new Peer({
    remoteUserId: 'bob', polite: isPolite('alice', 'bob'), signal: wire('alice', 'bob'),
    localStreams: () => ({ 'cam-a': 'camera' }), awaitOffer: aliceAwaitsOffer, PeerConnection: FakePeerConnection,
  });
  peers.bob = new Peer({
    remoteUserId: 'alice', polite: isPolite('bob', 'alice'), signal: wire('bob', 'alice'),
    localStreams: () => ({ 'cam-b': 'camera', 'scr-b': 'screen' }), PeerConnection: FakePeerConnection,
  });
  return { ...peers, log };
}

const stable = (...peers) => peers.every((p) => p.pc.signalingState === 'stable' && p.pc.remoteDescription);

test('politeness is decided by userId order, the same way on both sides', () => {
  assert.equal(isPolite('alice', 'bob'), true);
  assert.equal(isPolite('bob', 'alice'), false);
});

test('simultaneous offers (glare) converge: the polite side rolls back and answers', async () => {
  const { alice, bob, log } = pair();
  alice.addTrack(track('video'), stream('cam-a'));
  bob.addTrack(track('video'), stream('cam-b'));

  await until(() => stable(alice, bob), 'both sides stable');

  const offers = log.filter((m) => m.event === 'offer');
  assert.deepEqual(offers.map((m) => m.from).sort(), ['alice', 'bob'], 'both offered at once');
  assert.equal(alice.pc.rollbacks, 1, 'the polite side rolled its offer back');
  assert.equal(bob.pc.rollbacks, 0, 'the impolite side ignored the colliding offer');
  const answers = log.filter((m) => m.event === 'answer');
  assert.deepEqual(answers.map((m) => m.from), ['alice']);
  assert.equal(alice.pc.remoteDescription.sdp, offers.find((m) => m.from === 'bob').payload.sdp.sdp);
  assert.equal(bob.pc.remoteDescription.sdp, answers[0].payload.sdp.sdp);
});

test('descriptions carry the sender\'s stream markers, and the receiver keeps them', async () => {
  const { alice, bob, log } = pair();
  bob.addTrack(track('video'), stream('scr-b'));
  await until(() => stable(alice, bob), 'negotiated');

  assert.deepEqual(log.find((m) => m.event === 'offer').payload.streams, { 'cam-b': 'camera', 'scr-b': 'screen' });
  assert.equal(alice.remoteStreamKinds.get('scr-b'), 'screen');
  assert.equal(alice.remoteStreamKinds.get('cam-b'), 'camera');
});

test('candidates that arrive before the remote description are queued, then applied in order', async () => {
  const peer = new Peer({
    remoteUserId: 'bob', polite: true, signal: () => {}, localStreams: () => ({}), PeerConnection: FakePeerConnection,
  });
  const c1 = { candidate: 'candidate:1 1 udp 1 10.0.0.1 1 typ host', sdpMid: '0', sdpMLineIndex: 0 };
  const c2 = { candidate: 'candidate:2 1 udp 1 10.0.0.2 2 typ host', sdpMid: '0', sdpMLineIndex: 0 };
  await peer.receiveCandidate(c1);
  await peer.receiveCandidate(c2);
  assert.equal(peer.pendingCandidateCount, 2);
  assert.deepEqual(peer.pc.candidates, []);

  await peer.receiveDescription({ type: 'offer', sdp: 'offer from bob' });

  assert.equal(peer.pendingCandidateCount, 0);
  assert.deepEqual(peer.pc.candidates, [c1, c2]);
  await peer.receiveCandidate(null);
  assert.deepEqual(peer.pc.candidates, [c1, c2, null], 'end of candidates passes through once described');
});

test('an impolite peer ignores a colliding offer, and the failures of its candidates are not errors', async () => {
  const errors = [];
  const sent = [];
  const peer = new Peer({
    remoteUserId: 'alice', polite: false, signal: (event, payload) => sent.push({ event, payload }),
    localStreams: () => ({}), PeerConnection: FakePeerConnection,
  });
  peer.on('error', (err) => errors.push(err));
  peer.addTrack(track('audio'), stream('cam-b'));
  await until(() => peer.pc.signalingState === 'have-local-offer', 'our offer');

  await peer.receiveDescription({ type: 'offer', sdp: 'colliding offer' });
  assert.equal(peer.pc.signalingState, 'have-local-offer', 'our offer stands');
  assert.equal(sent.filter((m) => m.event === 'answer').length, 0);

  await peer.receiveDescription({ type: 'answer', sdp: 'their answer' });
  assert.equal(peer.pc.signalingState, 'stable');
  assert.deepEqual(errors, []);
});

test('a newcomer waits for the offer instead of colliding with it', async () => {
  const { alice, bob, log } = pair({ aliceAwaitsOffer: true });
  alice.addTrack(track('video'), stream('cam-a'));
  bob.addTrack(track('video'), stream('cam-b'));

  await until(() => stable(alice, bob), 'negotiated');

  assert.deepEqual(log.filter((m) => m.event === 'offer').map((m) => m.from), ['bob']);
  assert.equal(alice.pc.rollbacks, 0, 'no glare');
  alice.close();
  bob.close();
});

test('a newcomer offers by itself when nobody offers within the wait', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const sent = [];
  const peer = new Peer({
    remoteUserId: 'zed', polite: true, signal: (event) => sent.push(event), localStreams: () => ({}),
    awaitOffer: true, PeerConnection: FakePeerConnection,
  });
  peer.addTrack(track('video'), stream('cam-a'));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(sent, [], 'held back while waiting');

  t.mock.timers.tick(1500);
  t.mock.timers.reset();
  await until(() => sent.includes('offer'), 'an offer after the wait');
});

test('a failed connection restarts ICE, which renegotiates', async () => {
  const { alice, bob, log } = pair();
  bob.addTrack(track('video'), stream('cam-b'));
  await until(() => stable(alice, bob), 'negotiated');
  const offersBefore = log.filter((m) => m.event === 'offer').length;

  bob.pc.connectionState = 'failed';
  bob.pc.onconnectionstatechange();

  assert.equal(bob.pc.restarted, true);
  await until(() => log.filter((m) => m.event === 'offer').length > offersBefore && stable(alice, bob), 'a new offer');
});
