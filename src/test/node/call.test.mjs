// Joining and leaving, metadata, mute, the relays (offer/answer/ice_candidate), replace, and
// isolation between calls.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import {
  connect,
  connectAuthed,
  emitAck,
  expectConnected,
  expectNone,
  joinUser,
  mintToken,
  TRANSPORTS,
  uid,
  waitFor,
} from './helpers/client.mjs';
import { serverForSuite } from './helpers/suite.mjs';

const SDP_OFFER = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n';
const SDP_ANSWER = 'v=0\r\no=- 1234567890 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const CANDIDATE = {
  candidate: 'candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host',
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: 'F7gI',
};
const EVERY_CALL_EVENT = [
  'participant_joined',
  'participant_left',
  'participant_updated',
  'offer',
  'answer',
  'ice_candidate',
  'call_joined',
  'call_error',
];
const PARTICIPANT_KEYS = ['audioMuted', 'joinedAt', 'metadata', 'role', 'userId', 'videoMuted'];

function assertParticipant(p, { userId, role = 'participant', audioMuted = false, videoMuted = false, metadata = null }) {
  assert.ok(p && typeof p === 'object', `participant: ${JSON.stringify(p)}`);
  for (const k of PARTICIPANT_KEYS) assert.ok(k in p, `participant lacks ${k}: ${JSON.stringify(p)}`);
  assert.equal(p.userId, userId);
  assert.equal(p.role, role);
  assert.equal(p.audioMuted, audioMuted);
  assert.equal(p.videoMuted, videoMuted);
  assert.deepEqual(p.metadata, metadata);
  assert.ok(Number.isInteger(p.joinedAt), `joinedAt in Unix ms: ${p.joinedAt}`);
  assert.ok(Math.abs(p.joinedAt - Date.now()) < 60_000, `joinedAt ${p.joinedAt} is Unix milliseconds near now`);
}

describe('calls', { concurrency: true, timeout: 120_000 }, () => {
  const ENV = { SECUREVOX_CALL_RECONNECT_GRACE: '0s' };

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, { concurrency: 1 }, () => {
      // a server per transport, so that both transports run at the same time
      let server;
      const ctx = serverForSuite(ENV);
      before(() => {
        server = ctx.server;
      });

      const opts = { transport };
      const join = (userId, sessionId, extra = {}) => joinUser(server, userId, sessionId, { ...opts, ...extra });

      describe('join_call', () => {
        it('the first participant gets call_joined and the ack {ok, sessionId, self, participants: [], iceServers}', async () => {
          const sessionId = uid('call');
          const userId = uid('alice');
          const { token } = await mintToken(server, userId, sessionId);
          const socket = await connectAuthed(server.url, token, opts);
          const t0 = Date.now();
          const ack = await emitAck(socket, 'join_call', { sessionId });
          const joined = await waitFor(socket, 'call_joined');
          assert.equal(ack.ok, true, JSON.stringify(ack));
          assert.equal(ack.sessionId, sessionId);
          assertParticipant(ack.self, { userId });
          assert.ok(ack.self.joinedAt >= t0 - 2_000 && ack.self.joinedAt <= Date.now() + 2_000, 'joinedAt is now');
          assert.deepEqual(ack.participants, []);
          assert.ok(Array.isArray(ack.iceServers) && ack.iceServers.length > 0, 'iceServers');
          for (const s of ack.iceServers) assert.ok(s.urls, `ice server without urls: ${JSON.stringify(s)}`);
          assert.deepEqual(joined, { sessionId, self: ack.self, participants: [], iceServers: ack.iceServers });
          await expectNone(socket, ['participant_joined'], 50);
        });

        it('the next participant gets the others in join order; the others get participant_joined', async () => {
          const sessionId = uid('call');
          const [a, b, c] = [uid('alice'), uid('bob'), uid('carol')];
          const alice = await join(a, sessionId);
          const bob = await join(b, sessionId);
          assert.deepEqual(bob.ack.participants, [alice.ack.self]);
          const pj1 = await waitFor(alice.socket, 'participant_joined');
          assert.deepEqual(pj1, { sessionId, participant: bob.ack.self });
          assertParticipant(pj1.participant, { userId: b });

          const carol = await join(c, sessionId);
          assert.deepEqual(
            carol.ack.participants.map((p) => p.userId),
            [a, b],
            'participants are the others, in join order',
          );
          assert.deepEqual(carol.ack.participants, [alice.ack.self, bob.ack.self]);
          assert.deepEqual(await waitFor(alice.socket, 'participant_joined'), { sessionId, participant: carol.ack.self });
          assert.deepEqual(await waitFor(bob.socket, 'participant_joined'), { sessionId, participant: carol.ack.self });
          await expectNone(carol.socket, ['participant_joined'], 100);
          await expectNone(alice.socket, ['participant_joined'], 0);
          await expectNone(bob.socket, ['participant_joined'], 0);
        });

        it('audioMuted/videoMuted given in join_call are in the participant object', async () => {
          const sessionId = uid('call');
          const a = uid('alice');
          const b = uid('bob');
          const alice = await join(a, sessionId);
          const { token } = await mintToken(server, b, sessionId);
          const bob = await connectAuthed(server.url, token, opts);
          const ack = await emitAck(bob, 'join_call', { sessionId, audioMuted: true, videoMuted: true });
          assertParticipant(ack.self, { userId: b, audioMuted: true, videoMuted: true });
          const pj = await waitFor(alice.socket, 'participant_joined');
          assertParticipant(pj.participant, { userId: b, audioMuted: true, videoMuted: true });
        });

        it('a host token joins with role host', async () => {
          const sessionId = uid('call');
          const h = uid('host');
          const guest = await join(uid('guest'), sessionId);
          const host = await join(h, sessionId, { role: 'host' });
          assertParticipant(host.ack.self, { userId: h, role: 'host' });
          assertParticipant((await waitFor(guest.socket, 'participant_joined')).participant, { userId: h, role: 'host' });
        });

        it('unknown fields in the payload are ignored', async () => {
          const sessionId = uid('call');
          const userId = uid('x');
          const { token } = await mintToken(server, userId, sessionId);
          const socket = await connectAuthed(server.url, token, opts);
          const ack = await emitAck(socket, 'join_call', { sessionId, deviceId: 'abc', extra: { a: 1 } });
          assert.equal(ack.ok, true, JSON.stringify(ack));
        });
      });

      describe('metadata', () => {
        const META = { name: 'Alice Ünïcode ✓', avatar: 'https://example.com/a.png', n: 3, flag: true, nested: { list: [1, 'two', null] } };

        it('an object round-trips to self, to participant_joined and to later joiners', async () => {
          const sessionId = uid('call');
          const a = uid('alice');
          const b = uid('bob');
          const c = uid('carol');
          const alice = await join(a, sessionId);
          const bob = await join(b, sessionId, { metadata: META });
          assert.deepEqual(bob.ack.self.metadata, META);
          assert.deepEqual((await waitFor(alice.socket, 'participant_joined')).participant.metadata, META);
          const carol = await join(c, sessionId);
          assert.deepEqual(carol.ack.participants.find((p) => p.userId === b).metadata, META);
          assert.equal(carol.ack.participants.find((p) => p.userId === a).metadata, null, 'no metadata is null');
        });

        it('null round-trips as null', async () => {
          const sessionId = uid('call');
          const alice = await join(uid('alice'), sessionId);
          const bob = await join(uid('bob'), sessionId, { metadata: null });
          assert.equal(bob.ack.self.metadata, null);
          assert.equal((await waitFor(alice.socket, 'participant_joined')).participant.metadata, null);
        });

        it('an empty object and one of almost 1 KiB are accepted', async () => {
          const sessionId = uid('call');
          const a = await join(uid('a'), sessionId, { metadata: {} });
          assert.deepEqual(a.ack.self.metadata, {});
          const big = { pad: 'm'.repeat(1000) };
          assert.ok(JSON.stringify(big).length <= 1024);
          const b = await join(uid('b'), sessionId, { metadata: big });
          assert.deepEqual(b.ack.self.metadata, big);
        });
      });

      describe('leave_call', () => {
        it('ack {ok: true}; the others get participant_left reason left; the call lives on', async () => {
          const sessionId = uid('call');
          const [a, b, c] = [uid('alice'), uid('bob'), uid('carol')];
          const alice = await join(a, sessionId);
          const bob = await join(b, sessionId);
          const carol = await join(c, sessionId);
          assert.deepEqual(await emitAck(alice.socket, 'leave_call', { sessionId }), { ok: true });
          const expected = { sessionId, userId: a, reason: 'left' };
          assert.deepEqual(await waitFor(bob.socket, 'participant_left'), expected);
          assert.deepEqual(await waitFor(carol.socket, 'participant_left'), expected);
          // bob and carol still relay to each other
          assert.deepEqual(await emitAck(bob.socket, 'ice_candidate', { to: c, candidate: CANDIDATE }), { ok: true });
          assert.equal((await waitFor(carol.socket, 'ice_candidate')).from, b);
          assert.equal(alice.socket.connected, true, 'leaving does not disconnect');
        });

        it('without a sessionId leaves the call the socket is in', async () => {
          const sessionId = uid('call');
          const a = uid('alice');
          const alice = await join(a, sessionId);
          const bob = await join(uid('bob'), sessionId);
          assert.deepEqual(await emitAck(alice.socket, 'leave_call', {}), { ok: true });
          assert.deepEqual(await waitFor(bob.socket, 'participant_left'), { sessionId, userId: a, reason: 'left' });
        });

        it('the same socket can join again after leaving; it is new to the others', async () => {
          const sessionId = uid('call');
          const a = uid('alice');
          const alice = await join(a, sessionId);
          const bob = await join(uid('bob'), sessionId);
          await waitFor(alice.socket, 'participant_joined');
          assert.deepEqual(await emitAck(alice.socket, 'leave_call', { sessionId }), { ok: true });
          await waitFor(bob.socket, 'participant_left');
          const again = await emitAck(alice.socket, 'join_call', { sessionId });
          assert.equal(again.ok, true, JSON.stringify(again));
          assert.deepEqual((await waitFor(bob.socket, 'participant_joined')).participant, again.self);
        });

        it('a participant who leaves gets no further events of the call', async () => {
          const sessionId = uid('call');
          const alice = await join(uid('alice'), sessionId);
          const bob = await join(uid('bob'), sessionId);
          const carol = await join(uid('carol'), sessionId);
          await waitFor(alice.socket, 'participant_joined');
          await waitFor(alice.socket, 'participant_joined');
          await waitFor(bob.socket, 'participant_joined');
          assert.deepEqual(await emitAck(alice.socket, 'leave_call', { sessionId }), { ok: true });
          await emitAck(bob.socket, 'mute_audio', { muted: true });
          await emitAck(carol.socket, 'leave_call', { sessionId });
          await waitFor(bob.socket, 'participant_left');
          await waitFor(bob.socket, 'participant_left');
          await expectNone(alice.socket, EVERY_CALL_EVENT, 150);
        });
      });

      describe('mute_audio / mute_video', () => {
        for (const [event, flag] of [
          ['mute_audio', 'audioMuted'],
          ['mute_video', 'videoMuted'],
        ]) {
          it(`${event}: ack {ok: true, participant}; the others get participant_updated`, async () => {
            const sessionId = uid('call');
            const [a, b, c] = [uid('alice'), uid('bob'), uid('carol')];
            const alice = await join(a, sessionId);
            const bob = await join(b, sessionId);
            const carol = await join(c, sessionId);
            const ack = await emitAck(bob.socket, event, { muted: true });
            assert.equal(ack.ok, true, JSON.stringify(ack));
            assertParticipant(ack.participant, { userId: b, [flag]: true });
            assert.equal(ack.participant.joinedAt, bob.ack.self.joinedAt);
            for (const other of [alice, carol]) {
              const upd = await waitFor(other.socket, 'participant_updated');
              assert.deepEqual(upd, { sessionId, participant: ack.participant });
            }
            // unmute
            const ack2 = await emitAck(bob.socket, event, { muted: false });
            assertParticipant(ack2.participant, { userId: b, [flag]: false });
            assert.deepEqual((await waitFor(alice.socket, 'participant_updated')).participant, ack2.participant);
            // the same value again still notifies
            const ack3 = await emitAck(bob.socket, event, { muted: false });
            assert.equal(ack3.ok, true);
            assert.deepEqual((await waitFor(alice.socket, 'participant_updated')).participant, ack3.participant);
            // a later joiner sees the current state
            await emitAck(bob.socket, event, { muted: true });
            const dave = await join(uid('dave'), sessionId);
            assert.equal(dave.ack.participants.find((p) => p.userId === b)[flag], true);
          });
        }

        it('without an ack the others are still told', async () => {
          const sessionId = uid('call');
          const b = uid('bob');
          const alice = await join(uid('alice'), sessionId);
          const bob = await join(b, sessionId);
          bob.socket.emit('mute_video', { muted: true });
          const upd = await waitFor(alice.socket, 'participant_updated');
          assertParticipant(upd.participant, { userId: b, videoMuted: true });
          await expectNone(bob.socket, ['call_error'], 50);
        });
      });

      describe('relays', () => {
        /** alice, bob and carol in one call; everyone has seen everyone join */
        const trio = async () => {
          const sessionId = uid('call');
          const ids = { a: uid('alice'), b: uid('bob'), c: uid('carol') };
          const alice = await join(ids.a, sessionId);
          const bob = await join(ids.b, sessionId);
          const carol = await join(ids.c, sessionId);
          await waitFor(alice.socket, 'participant_joined');
          await waitFor(alice.socket, 'participant_joined');
          await waitFor(bob.socket, 'participant_joined');
          return { sessionId, ids, alice, bob, carol };
        };

        const cases = [
          ['offer with an sdp object', 'offer', { type: 'offer', sdp: SDP_OFFER }, { type: 'offer', sdp: SDP_OFFER }],
          ['offer with a bare-string sdp', 'offer', SDP_OFFER, { type: 'offer', sdp: SDP_OFFER }],
          ['answer with an sdp object', 'answer', { type: 'answer', sdp: SDP_ANSWER }, { type: 'answer', sdp: SDP_ANSWER }],
          ['answer with a bare-string sdp', 'answer', SDP_ANSWER, { type: 'answer', sdp: SDP_ANSWER }],
        ];
        for (const [title, event, sdp, relayed] of cases) {
          it(`${title}: ack {ok: true}; only the named participant gets {sessionId, from, sdp}`, async () => {
            const t = await trio();
            const ack = await emitAck(t.alice.socket, event, { to: t.ids.b, sdp });
            assert.deepEqual(ack, { ok: true });
            const got = await waitFor(t.bob.socket, event);
            assert.deepEqual(got, { sessionId: t.sessionId, from: t.ids.a, sdp: relayed });
            await expectNone(t.carol.socket, EVERY_CALL_EVENT, 150);
            await expectNone(t.alice.socket, EVERY_CALL_EVENT, 0);
            await expectNone(t.bob.socket, EVERY_CALL_EVENT, 0);
          });
        }

        it('an sdp of almost 64 KiB is relayed intact', async () => {
          const t = await trio();
          const sdp = { type: 'offer', sdp: `${SDP_OFFER}a=x-pad:${'p'.repeat(60 * 1024)}\r\n` };
          assert.deepEqual(await emitAck(t.alice.socket, 'offer', { to: t.ids.c, sdp }), { ok: true });
          assert.deepEqual(await waitFor(t.carol.socket, 'offer'), { sessionId: t.sessionId, from: t.ids.a, sdp });
        });

        it('without an ack the relay still happens and nothing else is sent back', async () => {
          const t = await trio();
          t.bob.socket.emit('answer', { to: t.ids.a, sdp: { type: 'answer', sdp: SDP_ANSWER } });
          assert.deepEqual(await waitFor(t.alice.socket, 'answer'), {
            sessionId: t.sessionId,
            from: t.ids.b,
            sdp: { type: 'answer', sdp: SDP_ANSWER },
          });
          await expectNone(t.bob.socket, EVERY_CALL_EVENT, 50);
        });

        for (const [title, candidate, relayed] of [
          ['with usernameFragment', CANDIDATE, CANDIDATE],
          ['without usernameFragment', { candidate: CANDIDATE.candidate, sdpMid: '0', sdpMLineIndex: 0 }, { candidate: CANDIDATE.candidate, sdpMid: '0', sdpMLineIndex: 0 }],
          [
            'with an unknown extra field (relayed with exactly the documented fields)',
            { ...CANDIDATE, foundation: '1', relatedAddress: null },
            CANDIDATE,
          ],
          ['null (end of candidates)', null, null],
        ]) {
          it(`ice_candidate ${title}: only the named participant gets {sessionId, from, candidate}`, async () => {
            const t = await trio();
            assert.deepEqual(await emitAck(t.bob.socket, 'ice_candidate', { to: t.ids.c, candidate }), { ok: true });
            assert.deepEqual(await waitFor(t.carol.socket, 'ice_candidate'), {
              sessionId: t.sessionId,
              from: t.ids.b,
              candidate: relayed,
            });
            await expectNone(t.alice.socket, EVERY_CALL_EVENT, 150);
            await expectNone(t.bob.socket, EVERY_CALL_EVENT, 0);
          });
        }

        it('the full two-party exchange of docs/protocol.md, both ways', async () => {
          const sessionId = uid('call');
          const a = uid('alice');
          const b = uid('bob');
          const alice = await join(a, sessionId, { metadata: { name: 'Alice' } });
          // bob authenticates by event, as in the walkthrough
          const bobToken = await mintToken(server, b, sessionId);
          const bobSocket = connect(server.url, { transport, name: b });
          await expectConnected(bobSocket);
          const authAck = await emitAck(bobSocket, 'authenticate', { token: bobToken.token });
          assert.deepEqual(authAck, { ok: true, userId: b, sessionId, role: 'participant', expiresAt: bobToken.expiresAt });
          const bobAck = await emitAck(bobSocket, 'join_call', { sessionId });
          assert.equal(bobAck.ok, true, JSON.stringify(bobAck));
          assertParticipant(bobAck.self, { userId: b });
          assert.deepEqual(bobAck.participants, [alice.ack.self]);
          assert.deepEqual(alice.ack.self.metadata, { name: 'Alice' });
          await waitFor(alice.socket, 'participant_joined');

          await emitAck(alice.socket, 'offer', { to: b, sdp: { type: 'offer', sdp: SDP_OFFER } });
          assert.equal((await waitFor(bobSocket, 'offer')).sdp.sdp, SDP_OFFER);
          await emitAck(bobSocket, 'answer', { to: a, sdp: { type: 'answer', sdp: SDP_ANSWER } });
          assert.equal((await waitFor(alice.socket, 'answer')).sdp.sdp, SDP_ANSWER);
          await emitAck(alice.socket, 'ice_candidate', { to: b, candidate: CANDIDATE });
          assert.deepEqual((await waitFor(bobSocket, 'ice_candidate')).candidate, CANDIDATE);
          await emitAck(bobSocket, 'ice_candidate', { to: a, candidate: CANDIDATE });
          assert.deepEqual((await waitFor(alice.socket, 'ice_candidate')).candidate, CANDIDATE);
          await emitAck(alice.socket, 'ice_candidate', { to: b, candidate: null });
          assert.equal((await waitFor(bobSocket, 'ice_candidate')).candidate, null);
        });
      });

      describe('replace (same user joins from a second socket while the first is live)', () => {
        it('the old socket gets participant_left with its own userId and reason replaced; the others see nothing', async () => {
          const sessionId = uid('call');
          const a = uid('alice');
          const b = uid('bob');
          const alice1 = await join(a, sessionId, { metadata: { device: 'phone' } });
          const bob = await join(b, sessionId);
          await waitFor(alice1.socket, 'participant_joined');
          await emitAck(alice1.socket, 'mute_audio', { muted: true });
          await waitFor(bob.socket, 'participant_updated');

          const alice2 = await join(a, sessionId, { metadata: { device: 'laptop' }, name: `${a}#2` });
          assert.deepEqual(await waitFor(alice1.socket, 'participant_left'), { sessionId, userId: a, reason: 'replaced' });
          // the participant object is kept as it was (joinedAt, mute state, metadata)
          assert.equal(alice2.ack.self.joinedAt, alice1.ack.self.joinedAt, 'joinedAt unchanged');
          assert.equal(alice2.ack.self.audioMuted, true, 'mute state kept');
          assert.deepEqual(alice2.ack.self.metadata, { device: 'phone' }, 'metadata kept');
          assert.deepEqual(alice2.ack.participants.map((p) => p.userId), [b]);

          await expectNone(bob.socket, ['participant_left', 'participant_joined', 'participant_updated'], 300);

          // relays to alice now reach the new socket only
          assert.deepEqual(await emitAck(bob.socket, 'offer', { to: a, sdp: { type: 'offer', sdp: SDP_OFFER } }), { ok: true });
          assert.equal((await waitFor(alice2.socket, 'offer')).from, b);
          await expectNone(alice1.socket, ['offer'], 150);
          // and the new socket relays as alice
          assert.deepEqual(await emitAck(alice2.socket, 'answer', { to: b, sdp: SDP_ANSWER }), { ok: true });
          assert.equal((await waitFor(bob.socket, 'answer')).from, a);

          const stats = await server.http('GET', '/api/call/stats', { headers: { Authorization: `Bearer ${server.apiKey}` } });
          const call = stats.json.activeCalls.find((c) => c.sessionId === sessionId);
          assert.deepEqual(call?.participants, [a, b], `stats: ${stats.text}`);
        });

        it('closing the replaced socket afterwards does not remove the participant', async () => {
          const sessionId = uid('call');
          const a = uid('alice');
          const b = uid('bob');
          const alice1 = await join(a, sessionId);
          const bob = await join(b, sessionId);
          await waitFor(alice1.socket, 'participant_joined');
          const alice2 = await join(a, sessionId, { name: `${a}#2` });
          await waitFor(alice1.socket, 'participant_left');
          alice1.socket.disconnect();
          await expectNone(bob.socket, ['participant_left', 'participant_joined'], 300);
          assert.deepEqual(await emitAck(bob.socket, 'ice_candidate', { to: a, candidate: null }), { ok: true });
          assert.equal((await waitFor(alice2.socket, 'ice_candidate')).from, b);
        });
      });

      describe('isolation between calls', () => {
        it('events of call A never reach call B', async () => {
          const A = uid('callA');
          const B = uid('callB');
          const ids = { a1: uid('a1'), a2: uid('a2'), b1: uid('b1'), b2: uid('b2') };
          const b1 = await join(ids.b1, B);
          const b2 = await join(ids.b2, B);
          await waitFor(b1.socket, 'participant_joined');
          const a1 = await join(ids.a1, A);
          const a2 = await join(ids.a2, A, { metadata: { x: 1 } });
          await waitFor(a1.socket, 'participant_joined');
          await emitAck(a1.socket, 'offer', { to: ids.a2, sdp: { type: 'offer', sdp: SDP_OFFER } });
          await emitAck(a2.socket, 'answer', { to: ids.a1, sdp: SDP_ANSWER });
          await emitAck(a1.socket, 'ice_candidate', { to: ids.a2, candidate: CANDIDATE });
          await emitAck(a1.socket, 'ice_candidate', { to: ids.a2, candidate: null });
          await emitAck(a2.socket, 'mute_audio', { muted: true });
          await emitAck(a2.socket, 'mute_video', { muted: true });
          await emitAck(a2.socket, 'leave_call', { sessionId: A });
          await waitFor(a2.socket, 'offer');
          await waitFor(a1.socket, 'answer');
          await waitFor(a1.socket, 'participant_left');
          await expectNone(b1.socket, EVERY_CALL_EVENT, 200);
          await expectNone(b2.socket, EVERY_CALL_EVENT, 0);
          // and the stats keep them apart
          const stats = await server.http('GET', '/api/call/stats', { headers: { Authorization: `Bearer ${server.apiKey}` } });
          assert.deepEqual(stats.json.activeCalls.find((c) => c.sessionId === B)?.participants, [ids.b1, ids.b2]);
          assert.deepEqual(stats.json.activeCalls.find((c) => c.sessionId === A)?.participants, [ids.a1]);
        });

        it('the same userId in two calls (two tokens) are independent participants', async () => {
          const A = uid('callA');
          const B = uid('callB');
          const u = uid('multi');
          const inA = await join(u, A);
          const inB = await join(u, B, { name: `${u}@B` });
          const peerA = await join(uid('pa'), A);
          const peerB = await join(uid('pb'), B);
          await expectNone(inA.socket, ['participant_left'], 100);
          await expectNone(inB.socket, ['participant_left'], 0);
          await emitAck(peerA.socket, 'ice_candidate', { to: u, candidate: null });
          assert.equal((await waitFor(inA.socket, 'ice_candidate')).sessionId, A);
          await emitAck(peerB.socket, 'ice_candidate', { to: u, candidate: null });
          assert.equal((await waitFor(inB.socket, 'ice_candidate')).sessionId, B);
          await expectNone(inA.socket, ['ice_candidate'], 100);
        });
      });
    });
  }
});
