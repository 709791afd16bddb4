// Every error code reachable from the outside on an authenticated socket, both as the failed
// acknowledgement {ok: false, error: {code, message}} and, without an ack, as
// call_error {event, code, message}. (UNAUTHENTICATED, TOKEN_EXPIRED and INVALID_TOKEN are in
// auth.test.mjs, SERVER_DRAINING in drain.test.mjs.)
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import {
  connectUser,
  emitAck,
  expectNone,
  joinUser,
  pending,
  TRANSPORTS,
  uid,
  waitFor,
} from './helpers/client.mjs';
import { serverForSuite } from './helpers/suite.mjs';

const SDP = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const CANDIDATE = { candidate: 'candidate:1 1 udp 2122260223 192.0.2.10 54321 typ host', sdpMid: '0', sdpMLineIndex: 0 };

function assertAckError(ack, code, field) {
  assert.ok(ack && typeof ack === 'object', `ack: ${JSON.stringify(ack)}`);
  assert.equal(ack.ok, false, `ack: ${JSON.stringify(ack)}`);
  assert.ok(ack.error && typeof ack.error === 'object', `ack.error: ${JSON.stringify(ack)}`);
  assert.equal(ack.error.code, code, `ack: ${JSON.stringify(ack)}`);
  assert.equal(typeof ack.error.message, 'string');
  assert.ok(ack.error.message.length > 0, 'message must not be empty');
  if (field) assert.ok(ack.error.message.includes(field), `message should name '${field}': ${ack.error.message}`);
}

function assertCallError(err, event, code, field) {
  assert.ok(err && typeof err === 'object', `call_error: ${JSON.stringify(err)}`);
  assert.equal(err.event, event, `call_error: ${JSON.stringify(err)}`);
  assert.equal(err.code, code, `call_error: ${JSON.stringify(err)}`);
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0, 'message must not be empty');
  if (field) assert.ok(err.message.includes(field), `message should name '${field}': ${err.message}`);
}

/**
 * Runs one error case in both reply styles: `make` resolves {socket, event, payload} freshly
 * for each style; `check` (optional) runs after, e.g. to assert others saw nothing.
 */
function bothWays(title, code, make, { field, check } = {}) {
  it(`${title}: ack {ok: false, error: {code: ${code}}}`, async () => {
    const c = await make();
    assertAckError(await emitAck(c.socket, c.event, c.payload), code, field);
    await expectNone(c.socket, ['call_error'], 20); // an acknowledged failure is not also a call_error
    if (check) await check(c);
  });
  it(`${title}: call_error {event, code: ${code}} without an ack`, async () => {
    const c = await make();
    c.socket.emit(c.event, c.payload);
    assertCallError(await waitFor(c.socket, 'call_error'), c.event, code, field);
    if (check) await check(c);
  });
}

describe('errors', { concurrency: true }, () => {
  describe('error codes', { concurrency: true, timeout: 120_000 }, () => {
    const ENV = { SECUREVOX_CALL_MAX_PARTICIPANTS: '2', SECUREVOX_CALL_RECONNECT_GRACE: '0s' };

    for (const transport of TRANSPORTS) {
      describe(`over ${transport}`, { concurrency: 1 }, () => {
        // a server per transport, so that both transports run at the same time
        let server;
        const ctx = serverForSuite(ENV);
        before(() => {
          server = ctx.server;
        });

        const opts = { transport };
        /** alice and bob in a fresh call */
        const pair = async (keep = false) => {
          const sessionId = uid('call');
          const alice = await joinUser(server, uid('alice'), sessionId, { ...opts, keep });
          const bob = await joinUser(server, uid('bob'), sessionId, { ...opts, keep });
          await waitFor(alice.socket, 'participant_joined');
          return { sessionId, alice, bob, aliceId: alice.ack.self.userId, bobId: bob.ack.self.userId };
        };
        /** authenticated for a fresh call, not joined */
        const lone = async () => {
          const sessionId = uid('call');
          const userId = uid('lone');
          return { sessionId, userId, socket: await connectUser(server, userId, sessionId, opts) };
        };

        describe('FORBIDDEN', () => {
          bothWays('join_call for a call other than the token sid', 'FORBIDDEN', async () => {
            const l = await lone();
            return { socket: l.socket, event: 'join_call', payload: { sessionId: uid('other_call') } };
          });

          bothWays(
            'join_call for another call that exists, with people in it',
            'FORBIDDEN',
            async () => {
              const p = await pair();
              const l = await lone();
              return { socket: l.socket, event: 'join_call', payload: { sessionId: p.sessionId }, p };
            },
            {
              check: async ({ p }) => {
                await expectNone(p.alice.socket, ['participant_joined'], 150);
                await expectNone(p.bob.socket, ['participant_joined'], 0);
              },
            },
          );
        });

        describe('INVALID_PAYLOAD (the message names the field)', () => {
          // not in a call
          const joinCases = [
            ['join_call without sessionId', () => ({}), 'sessionId'],
            ['join_call with a numeric sessionId', () => ({ sessionId: 42 }), 'sessionId'],
            ['join_call with a sessionId outside the id alphabet', () => ({ sessionId: 'a b/c' }), 'sessionId'],
            ['join_call with a sessionId of 129 characters', () => ({ sessionId: 'x'.repeat(129) }), 'sessionId'],
            ['join_call with string metadata', (sid) => ({ sessionId: sid, metadata: 'Alice' }), 'metadata'],
            ['join_call with array metadata', (sid) => ({ sessionId: sid, metadata: ['Alice'] }), 'metadata'],
            ['join_call with metadata over 1 KiB', (sid) => ({ sessionId: sid, metadata: { pad: 'x'.repeat(1100) } }), 'metadata'],
            ['join_call with a string audioMuted', (sid) => ({ sessionId: sid, audioMuted: 'yes' }), 'audioMuted'],
            ['join_call with a numeric videoMuted', (sid) => ({ sessionId: sid, videoMuted: 1 }), 'videoMuted'],
          ];
          for (const [title, payload, field] of joinCases) {
            bothWays(title, 'INVALID_PAYLOAD', async () => {
              const l = await lone();
              return { socket: l.socket, event: 'join_call', payload: payload(l.sessionId) };
            }, { field });
          }

          for (const [title, payload] of [
            ['join_call with a string payload', 'call_1'],
            ['join_call with an array payload', ['call_1']],
            ['join_call with no payload', null],
          ]) {
            bothWays(title, 'INVALID_PAYLOAD', async () => {
              const l = await lone();
              return { socket: l.socket, event: 'join_call', payload };
            });
          }

          // in a call with a peer: one pair per transport, shared by these cases (a refused event
          // changes nothing); after each case a valid marker candidate is relayed to the peer as a
          // barrier (relays arrive in order), so the peer must have received the marker and nothing else
          let shared;
          let markers = 0;
          const sharedPair = async () => {
            if (!shared || !shared.alice.socket.connected || !shared.bob.socket.connected) shared = await pair(true);
            return shared;
          };
          const barrier = async ({ p }) => {
            markers += 1;
            const candidate = { ...CANDIDATE, candidate: `candidate:${markers} 1 udp 1 192.0.2.99 9 typ host` };
            try {
              assert.deepEqual(await emitAck(p.alice.socket, 'ice_candidate', { to: p.bobId, candidate }), { ok: true });
              const got = await waitFor(p.bob.socket, 'ice_candidate');
              assert.deepEqual(got.candidate, candidate, 'the refused event must not have been relayed');
              await expectNone(p.bob.socket, ['offer', 'answer', 'ice_candidate', 'participant_updated', 'participant_left'], 0);
            } catch (err) {
              shared = undefined; // the next case starts from a fresh pair, so one failure does not cascade
              throw err;
            }
          };
          const relayCases = [
            ['offer without to', () => ({ sdp: { type: 'offer', sdp: SDP } }), 'offer', 'to'],
            ['offer with a numeric to', () => ({ to: 7, sdp: { type: 'offer', sdp: SDP } }), 'offer', 'to'],
            ['offer without sdp', (p) => ({ to: p.bobId }), 'offer', 'sdp'],
            ['offer with a numeric sdp', (p) => ({ to: p.bobId, sdp: 5 }), 'offer', 'sdp'],
            ['offer with an unknown sdp type', (p) => ({ to: p.bobId, sdp: { type: 'bogus', sdp: SDP } }), 'offer', 'type'],
            ['offer with sdp.sdp missing', (p) => ({ to: p.bobId, sdp: { type: 'offer' } }), 'offer', 'sdp'],
            ['offer with an sdp over 64 KiB', (p) => ({ to: p.bobId, sdp: { type: 'offer', sdp: SDP + 'a'.repeat(64 * 1024) } }), 'offer', 'sdp'],
            ['offer with a bare-string sdp over 64 KiB', (p) => ({ to: p.bobId, sdp: 'v'.repeat(64 * 1024 + 1) }), 'offer', 'sdp'],
            ['answer with an array sdp', (p) => ({ to: p.bobId, sdp: ['answer', SDP] }), 'answer', 'sdp'],
            ['answer without to', () => ({ sdp: { type: 'answer', sdp: SDP } }), 'answer', 'to'],
            ['ice_candidate with a string candidate', (p) => ({ to: p.bobId, candidate: 'candidate:1 1 udp' }), 'ice_candidate', 'candidate'],
            ['ice_candidate with a numeric candidate.candidate', (p) => ({ to: p.bobId, candidate: { ...CANDIDATE, candidate: 5 } }), 'ice_candidate', 'candidate'],
            ['ice_candidate with a string sdpMLineIndex', (p) => ({ to: p.bobId, candidate: { ...CANDIDATE, sdpMLineIndex: 'zero' } }), 'ice_candidate', 'sdpMLineIndex'],
            ['ice_candidate with a candidate over 4 KiB', (p) => ({ to: p.bobId, candidate: { ...CANDIDATE, candidate: `candidate:${'1'.repeat(4200)}` } }), 'ice_candidate', 'candidate'],
            ['ice_candidate without to', () => ({ candidate: CANDIDATE }), 'ice_candidate', 'to'],
            ['mute_audio without muted', () => ({}), 'mute_audio', 'muted'],
            ['mute_audio with a string muted', () => ({ muted: 'true' }), 'mute_audio', 'muted'],
            ['mute_video with a numeric muted', () => ({ muted: 1 }), 'mute_video', 'muted'],
            ['leave_call with a numeric sessionId', () => ({ sessionId: 5 }), 'leave_call', 'sessionId'],
          ];
          for (const [title, payload, event, field] of relayCases) {
            bothWays(
              title,
              'INVALID_PAYLOAD',
              async () => {
                const p = await sharedPair();
                return { socket: p.alice.socket, event, payload: payload(p), p };
              },
              { field, check: barrier },
            );
          }

          for (const event of ['offer', 'ice_candidate', 'mute_audio']) {
            bothWays(
              `${event} with a string payload`,
              'INVALID_PAYLOAD',
              async () => {
                const p = await sharedPair();
                return { socket: p.alice.socket, event, payload: 'hello', p };
              },
              { check: barrier },
            );
          }
        });

        describe('NOT_IN_CALL', () => {
          for (const [event, payload] of [
            ['offer', () => ({ to: 'someone', sdp: { type: 'offer', sdp: SDP } })],
            ['answer', () => ({ to: 'someone', sdp: { type: 'answer', sdp: SDP } })],
            ['ice_candidate', () => ({ to: 'someone', candidate: CANDIDATE })],
            ['ice_candidate', () => ({ to: 'someone', candidate: null })],
            ['mute_audio', () => ({ muted: true })],
            ['mute_video', () => ({ muted: false })],
            ['leave_call', (l) => ({ sessionId: l.sessionId })],
            ['leave_call', () => ({})],
          ]) {
            bothWays(`${event} ${JSON.stringify(payload({ sessionId: '<sid>' }))} while in no call`, 'NOT_IN_CALL', async () => {
              const l = await lone();
              return { socket: l.socket, event, payload: payload(l) };
            });
          }

          bothWays('leave_call naming another call than the one the socket is in', 'NOT_IN_CALL', async () => {
            const p = await pair();
            return { socket: p.alice.socket, event: 'leave_call', payload: { sessionId: uid('other_call') }, p };
          }, {
            check: async ({ p }) => {
              await expectNone(p.bob.socket, ['participant_left'], 150);
            },
          });

          bothWays('offer after leaving the call', 'NOT_IN_CALL', async () => {
            const p = await pair();
            assert.deepEqual(await emitAck(p.alice.socket, 'leave_call', { sessionId: p.sessionId }), { ok: true });
            return { socket: p.alice.socket, event: 'offer', payload: { to: p.bobId, sdp: { type: 'offer', sdp: SDP } } };
          });
        });

        describe('ALREADY_IN_CALL', () => {
          bothWays('join_call from a socket already in the call', 'ALREADY_IN_CALL', async () => {
            const p = await pair();
            return { socket: p.alice.socket, event: 'join_call', payload: { sessionId: p.sessionId }, p };
          }, {
            check: async ({ p }) => {
              await expectNone(p.bob.socket, ['participant_joined', 'participant_left'], 150);
              await expectNone(p.alice.socket, ['call_joined', 'participant_left'], 0);
            },
          });
        });

        describe('PARTICIPANT_NOT_FOUND', () => {
          bothWays('offer to a user who is in no call', 'PARTICIPANT_NOT_FOUND', async () => {
            const p = await pair();
            return { socket: p.alice.socket, event: 'offer', payload: { to: uid('nobody'), sdp: { type: 'offer', sdp: SDP } } };
          });
          bothWays('answer to oneself', 'PARTICIPANT_NOT_FOUND', async () => {
            const p = await pair();
            return { socket: p.alice.socket, event: 'answer', payload: { to: p.aliceId, sdp: { type: 'answer', sdp: SDP } }, p };
          }, {
            check: async ({ p }) => {
              await expectNone(p.alice.socket, ['answer'], 150);
            },
          });
          bothWays('ice_candidate to a participant of another call', 'PARTICIPANT_NOT_FOUND', async () => {
            const p = await pair();
            const q = await pair();
            return { socket: p.alice.socket, event: 'ice_candidate', payload: { to: q.bobId, candidate: CANDIDATE }, q };
          }, {
            check: async ({ q }) => {
              await expectNone(q.bob.socket, ['ice_candidate'], 150);
            },
          });
          bothWays('offer to a participant who has left', 'PARTICIPANT_NOT_FOUND', async () => {
            const p = await pair();
            assert.deepEqual(await emitAck(p.bob.socket, 'leave_call', { sessionId: p.sessionId }), { ok: true });
            await waitFor(p.alice.socket, 'participant_left');
            return { socket: p.alice.socket, event: 'offer', payload: { to: p.bobId, sdp: { type: 'offer', sdp: SDP } } };
          });
        });

        describe('CALL_FULL (SECUREVOX_CALL_MAX_PARTICIPANTS=2)', () => {
          bothWays('a third participant joins', 'CALL_FULL', async () => {
            const p = await pair();
            const carol = await connectUser(server, uid('carol'), p.sessionId, opts);
            return { socket: carol, event: 'join_call', payload: { sessionId: p.sessionId }, p };
          }, {
            check: async ({ p }) => {
              await expectNone(p.alice.socket, ['participant_joined'], 150);
              await expectNone(p.bob.socket, ['participant_joined'], 0);
            },
          });

          it('a place freed by a leave can be taken', async () => {
            const p = await pair();
            const carolId = uid('carol');
            const carol = await connectUser(server, carolId, p.sessionId, opts);
            assertAckError(await emitAck(carol, 'join_call', { sessionId: p.sessionId }), 'CALL_FULL');
            assert.deepEqual(await emitAck(p.bob.socket, 'leave_call', { sessionId: p.sessionId }), { ok: true });
            const ack = await emitAck(carol, 'join_call', { sessionId: p.sessionId });
            assert.equal(ack.ok, true, JSON.stringify(ack));
            assert.deepEqual(ack.participants.map((x) => x.userId), [p.aliceId]);
          });
        });
      });
    }
  });

  describe('RATE_LIMITED (SECUREVOX_CALL_EVENT_RATE=1, SECUREVOX_CALL_EVENT_BURST=5)', { concurrency: true, timeout: 60_000 }, () => {
    const ENV = {
        SECUREVOX_CALL_EVENT_RATE: '1',
        SECUREVOX_CALL_EVENT_BURST: '5',
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

        it('events beyond the burst are refused with an ack {ok: false, error: {code: RATE_LIMITED}}', async () => {
          const { socket } = await joinUser(server, uid('fast'), uid('call'), { transport });
          // join_call used one token (maybe); fire 15 at once
          const acks = await Promise.all(
            Array.from({ length: 15 }, (_, i) => emitAck(socket, 'mute_audio', { muted: i % 2 === 0 })),
          );
          const limited = acks.filter((a) => a.ok === false);
          const okCount = acks.filter((a) => a.ok === true).length;
          assert.ok(okCount >= 1 && okCount <= 6, `between 1 and 6 of 15 pass: ${JSON.stringify(acks)}`);
          assert.ok(limited.length >= 9, `at least 9 of 15 are limited: ${JSON.stringify(acks)}`);
          for (const a of limited) assertAckError(a, 'RATE_LIMITED');
          assert.equal(socket.connected, true, 'rate limiting does not disconnect');
        });

        it('events beyond the burst give call_error {event, code: RATE_LIMITED} without an ack; the relays stop', async () => {
          const sessionId = uid('call');
          const alice = await joinUser(server, uid('alice'), sessionId, { transport });
          const bob = await joinUser(server, uid('bob'), sessionId, { transport });
          const bobId = bob.ack.self.userId;
          for (let i = 0; i < 15; i++) {
            alice.socket.emit('ice_candidate', { to: bobId, candidate: { ...CANDIDATE, candidate: `candidate:${i} 1 udp 1 192.0.2.1 ${1000 + i} typ host` } });
          }
          const err = await waitFor(alice.socket, 'call_error');
          assertCallError(err, 'ice_candidate', 'RATE_LIMITED');
          await new Promise((r) => setTimeout(r, 300));
          const relayed = pending(bob.socket, ['ice_candidate']).length;
          assert.ok(relayed >= 1 && relayed <= 6, `only the burst is relayed, got ${relayed}`);
        });

        it('the budget refills at the sustained rate', async () => {
          const { socket } = await joinUser(server, uid('refill'), uid('call'), { transport });
          await Promise.all(Array.from({ length: 8 }, () => emitAck(socket, 'mute_video', { muted: true })));
          assertAckError(await emitAck(socket, 'mute_video', { muted: true }), 'RATE_LIMITED');
          // at 1 event/s one token is back after a second; allow up to 15 s (a loaded CI machine), still far short
          // of a budget that never refills
          const deadline = Date.now() + 15_000;
          let ack;
          do {
            await new Promise((r) => setTimeout(r, 250));
            ack = await emitAck(socket, 'mute_video', { muted: false });
          } while (ack.ok !== true && Date.now() < deadline);
          assert.equal(ack.ok, true, `an event is accepted again after the refill: ${JSON.stringify(ack)}`);
        });
      });
    }
  });
});


