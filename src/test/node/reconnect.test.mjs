// The reconnect grace (SECUREVOX_CALL_RECONNECT_GRACE=1s): a rejoin within it is invisible to the
// others, staying away ends in participant_left reason disconnected; the Dart client's
// `disconnecting` event is harmless; with a grace of 0s the others are told at once.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import {
  close,
  collect,
  connect,
  emitAck,
  emitRaw,
  expectNone,
  joinUser,
  mintToken,
  received,
  TRANSPORTS,
  uid,
  waitFor,
} from './helpers/client.mjs';
import { waitUntil } from './helpers/server.mjs';
import { serverForSuite } from './helpers/suite.mjs';

const GRACE_MS = 1_000;
const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const MEMBERSHIP = ['participant_left', 'participant_joined', 'participant_updated'];

const stats = async (server) =>
  (await server.http('GET', '/api/call/stats', { headers: { Authorization: `Bearer ${server.apiKey}` } })).json;
const callOf = async (server, sessionId) => (await stats(server)).activeCalls.find((c) => c.sessionId === sessionId);

/** Waits until the server has noticed the socket is gone (its /health connections count drops). */
async function dropAndWait(server, socket, how) {
  const before = (await server.health()).json.connections;
  if (how === 'transport') {
    // a network drop: the transport closes without a Socket.IO DISCONNECT packet
    socket.io.engine.close();
  } else {
    socket.disconnect();
  }
  await waitUntil(async () => (await server.health()).json.connections < before, {
    timeoutMs: 3_000,
    intervalMs: 10,
    message: 'the server to notice the dropped socket',
  });
}

describe('reconnect', { concurrency: true }, () => {
  describe(`reconnect grace (SECUREVOX_CALL_RECONNECT_GRACE=1s)`, { concurrency: true, timeout: 120_000 }, () => {
    const ENV = { SECUREVOX_CALL_RECONNECT_GRACE: '1s' };

    for (const transport of TRANSPORTS) {
      describe(`over ${transport}`, { concurrency: 1 }, () => {
        // a server per transport, so that both transports run at the same time
        let server;
        const ctx = serverForSuite(ENV);
        before(() => {
          server = ctx.server;
        });

        const opts = { transport };

        for (const how of ['disconnect', 'transport']) {
          it(`a rejoin within the grace after a ${how === 'transport' ? 'network drop' : 'clean disconnect'} is invisible to the others; joinedAt, mute state and metadata are kept`, async () => {
            const sessionId = uid('call');
            const a = uid('alice');
            const b = uid('bob');
            const alice = await joinUser(server, a, sessionId, opts);
            const bob = await joinUser(server, b, sessionId, { ...opts, metadata: { name: 'Bob' } });
            await waitFor(alice.socket, 'participant_joined');
            await emitAck(bob.socket, 'mute_video', { muted: true });
            await waitFor(alice.socket, 'participant_updated');

            await dropAndWait(server, bob.socket, how);
            const droppedAt = Date.now();
            // still listed while in the grace
            assert.deepEqual((await callOf(server, sessionId))?.participants, [a, b]);

            const bob2 = await joinUser(server, b, sessionId, { ...opts, name: `${b}#2` });
            const rejoinMs = Date.now() - droppedAt;
            assert.ok(rejoinMs < GRACE_MS, `test setup: the rejoin took ${rejoinMs} ms, longer than the grace`);
            assert.equal(bob2.ack.self.joinedAt, bob.ack.self.joinedAt, 'joinedAt unchanged');
            assert.equal(bob2.ack.self.videoMuted, true, 'mute state kept');
            assert.deepEqual(bob2.ack.self.metadata, { name: 'Bob' }, 'metadata kept');
            assert.deepEqual(bob2.ack.participants.map((p) => p.userId), [a]);

            // nothing within a window that reaches past the end of the (cancelled) grace
            const windowMs = Math.max(300, GRACE_MS - (Date.now() - droppedAt) + 700);
            await expectNone(alice.socket, MEMBERSHIP, windowMs);
            assert.deepEqual((await callOf(server, sessionId))?.participants, [a, b]);

            // and the call goes on with the new socket
            assert.deepEqual(await emitAck(alice.socket, 'offer', { to: b, sdp: SDP }), { ok: true });
            assert.deepEqual(await waitFor(bob2.socket, 'offer'), { sessionId, from: a, sdp: { type: 'offer', sdp: SDP } });
          });
        }

        it('offers, answers and candidates sent to a participant in its grace arrive after its call_joined, in order', async () => {
          const sessionId = uid('call');
          const a = uid('alice');
          const b = uid('bob');
          const alice = await joinUser(server, a, sessionId, opts);
          const bob = await joinUser(server, b, sessionId, opts);
          await waitFor(alice.socket, 'participant_joined');
          await dropAndWait(server, bob.socket, 'transport');

          const sent = [
            ['offer', { to: b, sdp: { type: 'offer', sdp: SDP } }],
            ...Array.from({ length: 5 }, (_, i) => ['ice_candidate', { to: b, candidate: { candidate: `candidate:${i} 1 udp 1 192.0.2.1 ${i} typ host`, sdpMid: '0', sdpMLineIndex: 0 } }]),
            ['ice_candidate', { to: b, candidate: null }],
          ];
          for (const [event, payload] of sent) assert.deepEqual(await emitAck(alice.socket, event, payload), { ok: true });

          const { token } = await mintToken(server, b, sessionId);
          const bob2 = connect(server.url, { transport, token, name: `${b}#2` });
          await waitFor(bob2, 'authenticated');
          const ack = await emitAck(bob2, 'join_call', { sessionId });
          assert.equal(ack.ok, true, JSON.stringify(ack));
          await waitFor(bob2, 'call_joined');
          await waitFor(bob2, 'ice_candidate', 2_000, (m) => m.candidate === null);
          const log = received(bob2, ['call_joined', 'offer', 'ice_candidate']);
          assert.deepEqual(
            log.map((e) => e.event),
            ['call_joined', ...sent.map(([event]) => event)],
            'call_joined first, then every held message in the order sent',
          );
          const relayed = log.slice(1);
          assert.deepEqual(
            relayed.map((e) => e.args[0]),
            sent.map(([event, payload]) => ({
              sessionId,
              from: a,
              ...(event === 'offer' ? { sdp: payload.sdp } : { candidate: payload.candidate }),
            })),
          );
          await expectNone(alice.socket, MEMBERSHIP, 200);
        });

        it('200 candidates held during the grace (more than one polling response) all arrive after call_joined, in order', async () => {
          const sessionId = uid('call');
          const a = uid('alice');
          const b = uid('bob');
          const alice = await joinUser(server, a, sessionId, opts);
          const bob = await joinUser(server, b, sessionId, opts);
          await waitFor(alice.socket, 'participant_joined');
          await dropAndWait(server, bob.socket, 'transport');
          const droppedAt = Date.now();

          const N = 200; // within the default burst of 500
          const candidate = (i) => ({ candidate: `candidate:${i} 1 udp 1 192.0.2.1 ${1000 + i} typ host`, sdpMid: '0', sdpMLineIndex: 0 });
          for (let i = 0; i < N - 1; i++) alice.socket.emit('ice_candidate', { to: b, candidate: candidate(i) });
          // the last one with an ack: events of a socket are handled in order, so all are held now
          assert.deepEqual(await emitAck(alice.socket, 'ice_candidate', { to: b, candidate: candidate(N - 1) }), { ok: true });

          const { token } = await mintToken(server, b, sessionId);
          const bob2 = connect(server.url, { transport, token, name: `${b}#2` });
          await waitFor(bob2, 'authenticated');
          assert.equal((await emitAck(bob2, 'join_call', { sessionId })).ok, true);
          assert.ok(Date.now() - droppedAt < GRACE_MS, `test setup: the rejoin took ${Date.now() - droppedAt} ms, longer than the grace`);
          await waitFor(bob2, 'call_joined');
          const got = await collect(bob2, ['ice_candidate'], N);
          const seqs = got.map((g) => Number(/^candidate:(\d+) /.exec(g.payload.candidate.candidate)?.[1]));
          const missing = [];
          for (let i = 0; i < N; i++) if (!seqs.includes(i)) missing.push(i);
          assert.equal(got.length, N, `received ${got.length} of ${N} held candidates; missing (index in send order): ${missing.join(', ')}`);
          assert.deepEqual(seqs, Array.from({ length: N }, (_, i) => i), 'in the order sent');
          for (const g of got) assert.equal(g.payload.from, a);
        });

        it('staying away past the grace: the others get participant_left reason disconnected', async () => {
          const sessionId = uid('call');
          const [a, b, c] = [uid('alice'), uid('bob'), uid('carol')];
          const alice = await joinUser(server, a, sessionId, opts);
          const bob = await joinUser(server, b, sessionId, opts);
          const carol = await joinUser(server, c, sessionId, opts);
          await dropAndWait(server, bob.socket, 'disconnect');
          const droppedAt = Date.now();
          const left = await waitFor(alice.socket, 'participant_left', GRACE_MS + 3_000);
          const elapsed = Date.now() - droppedAt;
          assert.deepEqual(left, { sessionId, userId: b, reason: 'disconnected' });
          assert.ok(elapsed >= GRACE_MS - 250, `told after ${elapsed} ms, before the grace of ${GRACE_MS} ms ended`);
          assert.deepEqual(await waitFor(carol.socket, 'participant_left', 1_000), { sessionId, userId: b, reason: 'disconnected' });
          assert.deepEqual((await callOf(server, sessionId))?.participants, [a, c]);
          // a relay to bob is now PARTICIPANT_NOT_FOUND
          const ack = await emitAck(alice.socket, 'offer', { to: b, sdp: SDP });
          assert.equal(ack.ok, false);
          assert.equal(ack.error.code, 'PARTICIPANT_NOT_FOUND');
        });

        it('a rejoin after the grace is a new participant (participant_joined, new joinedAt)', async () => {
          const sessionId = uid('call');
          const b = uid('bob');
          const alice = await joinUser(server, uid('alice'), sessionId, opts);
          const bob = await joinUser(server, b, sessionId, opts);
          await waitFor(alice.socket, 'participant_joined');
          await dropAndWait(server, bob.socket, 'transport');
          await waitFor(alice.socket, 'participant_left', GRACE_MS + 3_000);
          const bob2 = await joinUser(server, b, sessionId, { ...opts, name: `${b}#2` });
          const pj = await waitFor(alice.socket, 'participant_joined');
          assert.equal(pj.participant.userId, b);
          assert.ok(bob2.ack.self.joinedAt > bob.ack.self.joinedAt, 'a new joinedAt');
        });

        it('the last participant staying away ends the call (gone from stats)', async () => {
          const sessionId = uid('call');
          const alone = await joinUser(server, uid('alone'), sessionId, opts);
          assert.ok(await callOf(server, sessionId));
          await dropAndWait(server, alone.socket, 'disconnect');
          assert.ok(await callOf(server, sessionId), 'listed during the grace');
          await waitUntil(async () => !(await callOf(server, sessionId)), {
            timeoutMs: GRACE_MS + 3_000,
            message: 'the call to leave the stats after the grace',
          });
        });

        it("the Dart client's `disconnecting` event then close: harmless, participant_left after the grace, the server keeps serving", async () => {
          const sessionId = uid('call');
          const [a, b] = [uid('alice'), uid('bob')];
          const alice = await joinUser(server, a, sessionId, opts);
          const bob = await joinUser(server, b, sessionId, opts);
          await waitFor(alice.socket, 'participant_joined');
          // unknown events are ignored: no call_error, no effect
          emitRaw(bob.socket, 'disconnecting');
          emitRaw(bob.socket, 'disconnecting', { reason: 'client namespace disconnect' });
          await expectNone(bob.socket, ['call_error', 'participant_left'], 150);
          await expectNone(alice.socket, ['participant_left'], 0);
          assert.equal(bob.socket.connected, true);
          // what the Dart client does when it closes
          emitRaw(bob.socket, 'disconnecting');
          const closedAt = Date.now();
          close(bob.socket);
          const left = await waitFor(alice.socket, 'participant_left', GRACE_MS + 3_000);
          assert.deepEqual(left, { sessionId, userId: b, reason: 'disconnected' });
          assert.ok(Date.now() - closedAt >= GRACE_MS - 250, 'after the grace');
          // the server keeps serving
          const health = await server.health();
          assert.equal(health.status, 200);
          assert.equal(health.json.status, 'healthy');
          const carol = await joinUser(server, uid('carol'), sessionId, opts);
          assert.deepEqual(carol.ack.participants.map((p) => p.userId), [a]);
          assert.deepEqual(await emitAck(carol.socket, 'ice_candidate', { to: a, candidate: null }), { ok: true });
          assert.equal((await waitFor(alice.socket, 'ice_candidate')).candidate, null);
        });
      });
    }
  });

  describe('reconnect grace 0s', { concurrency: 1, timeout: 60_000 }, () => {
    let server;
    const ctx = serverForSuite({ SECUREVOX_CALL_RECONNECT_GRACE: '0s' });
    before(() => {
      server = ctx.server;
    });

    for (const transport of TRANSPORTS) {
      it(`[${transport}] the others are told at once with reason disconnected`, async () => {
        const sessionId = uid('call');
        const b = uid('bob');
        const alice = await joinUser(server, uid('alice'), sessionId, { transport });
        const bob = await joinUser(server, b, sessionId, { transport });
        await waitFor(alice.socket, 'participant_joined');
        const t0 = Date.now();
        bob.socket.io.engine.close();
        assert.deepEqual(await waitFor(alice.socket, 'participant_left', 2_000), { sessionId, userId: b, reason: 'disconnected' });
        assert.ok(Date.now() - t0 < 900, `told after ${Date.now() - t0} ms`);
      });
    }
  });
});


