// Ordering of relayed messages (1,000 in a row, with the rate limit raised) and a burst of 300
// ICE candidates under the DEFAULT rate limit.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';

import {
  collect,
  emitAck,
  emitManyWithAck,
  expectNone,
  joinUser,
  pausePolling,
  received,
  resumePolling,
  TRANSPORTS,
  uid,
  waitFor,
} from './helpers/client.mjs';
import { withTimeout } from './helpers/server.mjs';
import { serverForSuite } from './helpers/suite.mjs';

const cand = (i, tag = 'seq') => ({
  candidate: `candidate:${i} 1 udp 2122260223 192.0.2.${i % 250} ${10000 + i} typ host ${tag}=${i}`,
  sdpMid: '0',
  sdpMLineIndex: 0,
});

async function pair(server, transport) {
  const sessionId = uid('call');
  const a = uid('alice');
  const b = uid('bob');
  const alice = await joinUser(server, a, sessionId, { transport });
  const bob = await joinUser(server, b, sessionId, { transport });
  await waitFor(alice.socket, 'participant_joined');
  return { sessionId, a, b, alice: alice.socket, bob: bob.socket };
}

/**
 * Asserts that `got` ([{event, payload}]) is exactly `expected`, in order; on failure says how
 * many arrived, which expected indexes are missing and where the order first breaks.
 */
function assertSequence(got, expected, what) {
  if (got.length === expected.length && got.every((g, i) => isDeepStrictEqual(g, expected[i]))) return;
  const key = (x) => JSON.stringify(x);
  const gotKeys = new Set(got.map(key));
  const missing = expected.map((e, i) => (gotKeys.has(key(e)) ? -1 : i)).filter((i) => i >= 0);
  const firstDiff = got.findIndex((g, i) => !isDeepStrictEqual(g, expected[i]));
  assert.fail(
    `${what}: received ${got.length} of ${expected.length}; ` +
      `missing (index in send order): ${missing.length ? missing.slice(0, 30).join(', ') : 'none'}; ` +
      `first difference at ${firstDiff}: got ${key(got[firstDiff])}, expected ${key(expected[firstDiff])}`,
  );
}

const disconnects = (socket) => {
  const d = received(socket, ['disconnect']);
  return d.length ? `; the sender was disconnected: ${JSON.stringify(d.map((e) => e.args))}` : '';
};

const relayedIce = (p, i, from = p.a, tag) => ({
  event: 'ice_candidate',
  payload: { sessionId: p.sessionId, from, candidate: cand(i, tag) },
});

describe('ordering', { concurrency: true }, () => {
  describe('ordering (SECUREVOX_CALL_EVENT_RATE=10000, SECUREVOX_CALL_EVENT_BURST=10000)', { concurrency: true, timeout: 120_000 }, () => {
    const ENV = {
        SECUREVOX_CALL_EVENT_RATE: '10000',
        SECUREVOX_CALL_EVENT_BURST: '10000',
        SECUREVOX_CALL_RECONNECT_GRACE: '0s',
      };

    for (const transport of TRANSPORTS) {
      describe(`over ${transport}`, { concurrency: 1 }, () => {
        // a server per transport, so that both transports run at the same time
        let server;
        const ctx = serverForSuite(ENV);
        before(() => {
          server = ctx.server;
        });

        it('1,000 ice_candidate messages sent without acks arrive complete and in order', async () => {
          const p = await pair(server, transport);
          const N = 1000;
          for (let i = 0; i < N; i++) p.alice.emit('ice_candidate', { to: p.b, candidate: cand(i) });
          // The idle window only says how long a pause may last before giving up; on a machine loaded far beyond
          // its cores a long-polling receiver was seen pausing several seconds, and then receiving every message.
          const got = await collect(p.bob, ['ice_candidate'], N, { idleMs: 10_000 });
          assertSequence(got, Array.from({ length: N }, (_, i) => relayedIce(p, i)), 'alice → bob');
          await expectNone(p.alice, ['call_error'], 50);
          await expectNone(p.bob, ['ice_candidate'], 0);
        });

        it('1,000 ice_candidate messages sent with acks: every ack ok, all arrive in order', async () => {
          const p = await pair(server, transport);
          const N = 1000;
          const acks = await emitManyWithAck(
            p.alice,
            'ice_candidate',
            Array.from({ length: N }, (_, i) => ({ to: p.b, candidate: cand(i) })),
          );
          const got = await collect(p.bob, ['ice_candidate'], N, { idleMs: 10_000 });
          const notOk = acks.map((x, i) => (x?.ok === true ? -1 : i)).filter((i) => i >= 0);
          assert.equal(
            notOk.length,
            0,
            `${notOk.length} of ${N} acks not ok (index in send order: ${notOk.slice(0, 20).join(', ')}), e.g. ${JSON.stringify(acks[notOk[0]] ?? 'no ack')}${disconnects(p.alice)}`,
          );
          assertSequence(got, Array.from({ length: N }, (_, i) => relayedIce(p, i)), 'alice → bob');
        });

        it('a mixed sequence of offers, answers and candidates keeps its order, in both directions at once', async () => {
          const p = await pair(server, transport);
          const N = 300;
          const kinds = ['offer', 'ice_candidate', 'answer'];
          const sent = (i, to, tag) => {
            const kind = kinds[i % 3];
            if (kind === 'ice_candidate') return [kind, { to, candidate: cand(i, tag) }];
            return [kind, { to, sdp: { type: kind, sdp: `v=0\r\na=${tag}=${i}\r\n` } }];
          };
          for (let i = 0; i < N; i++) {
            p.alice.emit(...sent(i, p.b, 'ab'));
            p.bob.emit(...sent(i, p.a, 'ba'));
          }
          const expected = (tag, from) =>
            Array.from({ length: N }, (_, i) => {
              const [event, body] = sent(i, undefined, tag);
              const relayed = event === 'ice_candidate' ? { candidate: body.candidate } : { sdp: body.sdp };
              return { event, payload: { sessionId: p.sessionId, from, ...relayed } };
            });
          const [toBob, toAlice] = await Promise.all([collect(p.bob, kinds, N), collect(p.alice, kinds, N)]);
          assertSequence(toBob, expected('ab', p.a), 'alice → bob');
          assertSequence(toAlice, expected('ba', p.b), 'bob → alice');
        });
      });
    }
  });

  // A polling receiver gets, in its next poll, everything the server queued since its last one.
  // The 1,000-message tests above only sometimes queue that much (it depends on timing); here the
  // receiver deliberately polls late, as a slow network would make it.
  describe('a polling receiver that polls late', { concurrency: true, timeout: 60_000 }, () => {
    for (const transport of TRANSPORTS) {
      describe(`sender over ${transport}`, { concurrency: 1 }, () => {
        let server;
        const ctx = serverForSuite({ SECUREVOX_CALL_RECONNECT_GRACE: '0s' });
        before(() => {
          server = ctx.server;
        });

        it('gets all 120 candidates queued meanwhile, in order (more than one polling response)', async () => {
          const sessionId = uid('call');
          const a = uid('alice');
          const b = uid('bob');
          const alice = (await joinUser(server, a, sessionId, { transport })).socket;
          const bob = (await joinUser(server, b, sessionId, { transport: 'polling' })).socket;
          await waitFor(alice, 'participant_joined');
          const p = { sessionId, a, b, alice, bob };

          const paused = pausePolling(bob);
          // completes bob's poll in flight; he polls no more for now
          assert.deepEqual(await emitAck(alice, 'ice_candidate', { to: b, candidate: cand(0) }), { ok: true });
          await withTimeout(paused, 5_000, 'the polling transport did not pause');
          const N = 121;
          for (let i = 1; i < N - 1; i++) alice.emit('ice_candidate', { to: b, candidate: cand(i) });
          assert.deepEqual(await emitAck(alice, 'ice_candidate', { to: b, candidate: cand(N - 1) }), { ok: true });
          resumePolling(bob);
          const got = await collect(bob, ['ice_candidate'], N);
          assertSequence(got, Array.from({ length: N }, (_, i) => relayedIce(p, i)), 'alice → bob (polling late)');
        });
      });
    }
  });

  describe('a burst of 300 ICE candidates with the DEFAULT rate limit', { concurrency: true, timeout: 60_000 }, () => {
    const ENV = { SECUREVOX_CALL_RECONNECT_GRACE: '0s' }; // no SECUREVOX_CALL_EVENT_RATE/BURST override

    for (const transport of TRANSPORTS) {
      describe(`over ${transport}`, { concurrency: 1 }, () => {
        // a server per transport, so that both transports run at the same time
        let server;
        const ctx = serverForSuite(ENV);
        before(() => {
          server = ctx.server;
        });

        it('300 at once without acks: all relayed, in order, no call_error', async () => {
          const p = await pair(server, transport);
          for (let i = 0; i < 300; i++) p.alice.emit('ice_candidate', { to: p.b, candidate: cand(i) });
          const got = await collect(p.bob, ['ice_candidate'], 300);
          await expectNone(p.alice, ['call_error'], 100);
          assertSequence(got, Array.from({ length: 300 }, (_, i) => relayedIce(p, i)), 'alice → bob');
        });

        it('300 at once with acks: every ack ok, all relayed', async () => {
          const p = await pair(server, transport);
          const acks = await emitManyWithAck(
            p.alice,
            'ice_candidate',
            Array.from({ length: 300 }, (_, i) => ({ to: p.b, candidate: cand(i) })),
          );
          const got = await collect(p.bob, ['ice_candidate'], 300);
          const notOk = acks.map((x, i) => (x?.ok === true ? -1 : i)).filter((i) => i >= 0);
          assert.equal(
            notOk.length,
            0,
            `${notOk.length} of 300 acks not ok (index in send order: ${notOk.slice(0, 20).join(', ')}), e.g. ${JSON.stringify(acks[notOk[0]] ?? 'no ack')}${disconnects(p.alice)}`,
          );
          assertSequence(got, Array.from({ length: 300 }, (_, i) => relayedIce(p, i)), 'alice → bob');
        });
      });
    }
  });
});
