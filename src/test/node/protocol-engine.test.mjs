// Engine.IO 4 on the wire, over raw long-polling and raw websocket (helpers/raw.mjs): the
// handshake, engine.io's error answers, the close packet, the upgrade, a websocket takeover,
// overlapping GETs, maxPayload, unknown packet types and the heartbeat. Written from the Engine.IO
// protocol (https://github.com/socketio/engine.io-protocol) and the decisions in the edge contract
// of issue 11; a failure means the server disagrees with them.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';

import { close, emitAck, expectNone, joinUser, mintToken, uid } from './helpers/client.mjs';
import {
  assertEioError,
  assertWsRefused,
  decodePayload,
  eioRequest,
  MAX_PAYLOAD,
  rawScope,
  show,
} from './helpers/raw.mjs';
import { rawServerForSuite } from './helpers/suite.mjs';

const SID_CHARS = /^[A-Za-z0-9_-]{20,}$/; // "a string of 20+ url-safe chars"
const randomSid = () => randomBytes(15).toString('base64url'); // 20 url-safe characters, never issued
// tests of one suite at a time: their sessions are independent, but a busy two-core machine also
// runs the servers
const PARALLEL = 6;
// what the server must do at once (close a session, answer a request) gets this long on a busy machine
const AT_ONCE_MS = 3_000;
// a pong must come within the timeout even on a loaded two-core machine running other suites
const HEARTBEAT = { interval: 300, timeout: 1_000 };
// Nothing in the protocol tells a client that the server now holds its GET, and the two tests that
// need a held GET give it this long to get there. Too short a time can only fail them, never pass them.
const GET_SETTLE_MS = 400;
const settle = () => new Promise((r) => setTimeout(r, GET_SETTLE_MS));

/** A raw session over `transport` (polling with its read loop, or a websocket-only session). */
const openRaw = (raw, transport, name) => (transport === 'polling' ? raw.polling({ name }) : raw.websocket({ name }));

/** A Socket.IO EVENT of exactly `bytes` bytes (an unknown event the server must ignore). */
function eventOfSize(bytes) {
  const head = '42["nope","';
  const tail = '"]';
  return `${head}${'x'.repeat(bytes - head.length - tail.length)}${tail}`;
}

/** Proves a session is open and served: an ack round trip (leave_call outside a call is answered too). */
async function assertServed(s, id = 77) {
  const [ack] = await s.emitAck('leave_call', [{}], id);
  assert.equal(typeof ack?.ok, 'boolean', `leave_call ack: ${JSON.stringify(ack)}`);
}

/** Mints a token for a new user of `sessionId` and CONNECTs `s` with it; resolves the userId. */
async function authenticate(server, s, sessionId) {
  const userId = uid('raw');
  const { token } = await mintToken(server, userId, sessionId);
  const payload = await s.authenticate(token);
  assert.equal(payload.userId, userId);
  return userId;
}

describe('Engine.IO protocol', { concurrency: true, timeout: 120_000 }, () => {
  const ENV = { SECUREVOX_CALL_RECONNECT_GRACE: '0s' };

  for (const transport of ['polling', 'websocket']) {
    describe(`over ${transport}`, { concurrency: PARALLEL }, () => {
      let server;
      const ctx = rawServerForSuite(ENV);
      before(() => {
        server = ctx.server;
      });

      it('the open packet has a sid of 20+ url-safe characters, new for each session, and the upgrades', async (t) => {
        const raw = rawScope(t, server);
        const a = await openRaw(raw, transport, 'a');
        const b = await openRaw(raw, transport, 'b');
        assert.match(a.sid, SID_CHARS, JSON.stringify(a.open));
        assert.notEqual(a.sid, b.sid);
        // only polling upgrades, and only to websocket
        assert.deepEqual(a.open.upgrades, transport === 'polling' ? ['websocket'] : [], JSON.stringify(a.open));
      });

      it('the open packet has pingInterval 25000, pingTimeout 20000 and maxPayload 1000000 by default', async (t) => {
        const raw = rawScope(t, server);
        const s = await openRaw(raw, transport);
        const { pingInterval, pingTimeout, maxPayload } = s.open;
        assert.deepEqual({ pingInterval, pingTimeout, maxPayload }, { pingInterval: 25_000, pingTimeout: 20_000, maxPayload: MAX_PAYLOAD }, JSON.stringify(s.open));
      });

      // requests the server must refuse before any session exists: [what, query, code]
      const t = transport;
      const REFUSED = [
        ['no EIO', `transport=${t}`, 5],
        ['EIO=3 (Socket.IO 2)', `EIO=3&transport=${t}`, 5],
        ['EIO=abc', `EIO=abc&transport=${t}`, 5],
        ['no transport', 'EIO=4', 0],
        ['an unknown transport', 'EIO=4&transport=flash', 0],
        ['an unknown sid', `EIO=4&transport=${t}&sid=${randomSid()}`, 1],
        ['a malformed sid (%%%)', `EIO=4&transport=${t}&sid=%%%`, 1],
        ['a sid of 500 characters', `EIO=4&transport=${t}&sid=${'a'.repeat(500)}`, 1],
      ];
      for (const [what, query, code] of REFUSED) {
        it(`${what} → 400 {"code":${code}}`, async (t) => {
          const raw = rawScope(t, server);
          if (transport === 'polling') assertEioError(await eioRequest(server, 'GET', query), code);
          else assertWsRefused(await raw.openWebSocket(query), code);
        });
      }

      it('a close packet `1` ends the session', async (t) => {
        const raw = rawScope(t, server);
        if (transport === 'websocket') {
          const s = await raw.websocket();
          await s.send('1');
          await s.expectGone({ timeoutMs: AT_ONCE_MS });
          return;
        }
        // polling: the GET waiting at that moment is answered with a noop, later requests 400 code 1
        const s = await raw.polling({ manual: true });
        const waiting = s.get({ timeoutMs: 3_000 });
        await settle();
        const post = await s.post('1');
        assert.equal(post.status, 200, `POST 1: ${show(post)}`);
        const got = await waiting;
        assert.equal(got.status, 200, `the waiting GET: ${show(got)}`);
        assert.deepEqual(decodePayload(got.text), ['6'], `the waiting GET: ${show(got)}`);
        assertEioError(await s.get({ timeoutMs: 2_000 }), 1);
        assertEioError(await s.post('40', { timeoutMs: 2_000 }), 1);
      });

      // unknown Engine.IO packet types: [what, packet]
      for (const [what, packet] of [['type 9', '9'], ['an empty packet', '']]) {
        it(`${what} closes the session`, async (t) => {
          const raw = rawScope(t, server);
          const s = await openRaw(raw, transport);
          await s.send(packet);
          await s.expectGone({ timeoutMs: AT_ONCE_MS });
        });
      }

      // [what, bytes, accepted]
      for (const [what, bytes, accepted] of [['exactly maxPayload', MAX_PAYLOAD, true], ['maxPayload + 1', MAX_PAYLOAD + 1, false]]) {
        const unit = transport === 'polling' ? 'POST body' : 'websocket frame';
        const refusal = transport === 'polling' ? '413' : 'close 1009';
        it(`a ${unit} of ${what} bytes is ${accepted ? 'accepted' : `refused (${refusal}) and the session closed`}`, async (t) => {
          const raw = rawScope(t, server);
          const s = await openRaw(raw, transport);
          await authenticate(server, s, uid('call'));
          const packet = eventOfSize(bytes);
          assert.equal(Buffer.byteLength(packet), bytes);
          if (transport === 'polling') {
            const res = await s.post(packet, { timeoutMs: 5_000 });
            assert.equal(res.status, accepted ? 200 : 413, show(res));
          } else {
            await s.send(packet);
          }
          if (accepted) return assertServed(s);
          const closed = await s.expectGone({ timeoutMs: 3_000 });
          if (transport === 'websocket') assert.equal(closed.code, 1009, `close code: ${closed.how}`);
          return undefined;
        });
      }

      it('takeover refused: a second websocket with the sid of a websocket session gets 400 code 3, the session keeps its events', async (t) => {
        const raw = rawScope(t, server);
        const sessionId = uid('call');
        const victim = await openRaw(raw, transport, 'victim');
        const victimId = await authenticate(server, victim, sessionId);
        if (transport === 'polling') await victim.upgrade(); // from polling: takeover after the upgrade
        const [joined] = await victim.emitAck('join_call', [{ sessionId }], 1);
        assert.equal(joined?.ok, true, JSON.stringify(joined));
        await takeoverRefused(t, raw, server, victim, victimId, sessionId);
      });
    });
  }

  describe('polling and upgrade', { concurrency: PARALLEL }, () => {
    let server;
    const ctx = rawServerForSuite(ENV);
    before(() => {
      server = ctx.server;
    });

    it('the handshake answers Content-Type text/plain; charset=UTF-8', async () => {
      const res = await eioRequest(server, 'GET', 'EIO=4&transport=polling');
      assert.equal(res.status, 200, show(res));
      assert.match(String(res.headers['content-type']), /^text\/plain; ?charset=utf-8$/i, show(res));
      assert.equal(res.text[0], '0', show(res));
    });

    for (const method of ['POST', 'PUT', 'DELETE']) {
      it(`a ${method} without sid → 400 {"code":2} (bad handshake method)`, async () => {
        assertEioError(await eioRequest(server, method, 'EIO=4&transport=polling', { body: method === 'DELETE' ? undefined : '40' }), 2);
      });
    }

    for (const method of ['PUT', 'DELETE']) {
      it(`a ${method} with the sid of a polling session → 400 {"code":3}`, async (t) => {
        const raw = rawScope(t, server);
        const s = await raw.polling({ manual: true });
        assertEioError(await eioRequest(server, method, s.pollQuery, { body: method === 'PUT' ? '40' : undefined }), 3);
      });
    }

    it('an unknown sid on POST → 400 {"code":1}', async () => {
      assertEioError(await eioRequest(server, 'POST', `EIO=4&transport=polling&sid=${randomSid()}`, { body: '40' }), 1);
    });

    it('packets joined with \\x1e in one POST are all handled, in order', async (t) => {
      const raw = rawScope(t, server);
      const s = await raw.polling();
      const userId = uid('raw');
      const { token } = await mintToken(server, userId, uid('call'));
      const post = await s.send(`40${JSON.stringify({ token })}`, '425["leave_call",{}]');
      assert.deepEqual([post.status, post.text], [200, 'ok'], show(post));
      assert.equal((await s.nextEvent('authenticated'))[0].userId, userId);
      const [ack] = await s.nextAck(5);
      assert.equal(ack?.ok, false, JSON.stringify(ack)); // not in a call, but answered
    });

    it('a second GET while one is waiting → 400 {"code":3} at once, and the session is closed', async (t) => {
      const raw = rawScope(t, server);
      const s = await raw.polling({ manual: true });
      const first = s.get({ timeoutMs: 2 * AT_ONCE_MS });
      await settle();
      const second = s.get({ timeoutMs: AT_ONCE_MS });
      // The two GETs travel on two connections, so on a loaded machine the server may see the
      // "second" one first; whichever it sees second is the one refused, and the other one is not
      // left hanging on the closed session: it ends (a close or a noop, or the closed session's error).
      const answers = await Promise.all([second, first]);
      const refused = answers.findIndex((a) => a.status === 400 && a.json?.code === 3);
      assert.notEqual(refused, -1, `neither GET was refused: ${answers.map(show).join('; ')}`);
      assertEioError(answers[refused], 3);
      const answered = answers[1 - refused];
      const ended = answered.status === 200 ? decodePayload(answered.text).every((p) => p === '1' || p === '6') : answered.status === 400 && answered.json?.code === 1;
      assert.ok(ended, `the GET held first: ${show(answered)}`);
      await s.expectGone({ timeoutMs: AT_ONCE_MS });
    });

    it('upgrade: 2probe → 3probe, the waiting GET answered `6`, then `5` and traffic over the websocket', async (t) => {
      const raw = rawScope(t, server);
      const s = await raw.polling();
      await authenticate(server, s, uid('call'));
      const { getAnswer } = await s.upgrade();
      assert.equal(getAnswer?.status, 200, `the GET waiting during the probe: ${show(getAnswer)}`);
      assert.deepEqual(decodePayload(getAnswer.text), ['6'], `the GET waiting during the probe: ${show(getAnswer)}`);
      await assertServed(s, 9);
      const answer = s.log.findLast((e) => e.via === 'ws' && e.packet.startsWith('439'));
      assert.ok(answer, `the ack came over the websocket; ${s.describe()}`);
    });

    for (const method of ['GET', 'POST']) {
      it(`a ${method} with the sid of an upgraded session → 400 {"code":3} at once`, async (t) => {
        const raw = rawScope(t, server);
        const s = await raw.polling();
        await authenticate(server, s, uid('call'));
        await s.upgrade();
        // The upgrade packet and this request travel on different connections: a round trip over the websocket
        // first makes sure the server has read the upgrade (before it, a poll is still legal and gets a noop).
        await assertServed(s, 76);
        const res = await eioRequest(server, method, s.pollQuery, { body: method === 'POST' ? '42["nope"]' : undefined, timeoutMs: AT_ONCE_MS });
        assertEioError(res, 3);
        await assertServed(s); // the websocket session is unaffected
      });
    }

    it('a second websocket while an upgrade is in progress → 400 {"code":3}, and the upgrade completes', async (t) => {
      const raw = rawScope(t, server);
      const s = await raw.polling();
      await authenticate(server, s, uid('call'));
      const { during } = await s.upgrade({
        whileProbing: () => raw.openWebSocket(`EIO=4&transport=websocket&sid=${encodeURIComponent(s.sid)}`),
      });
      assertWsRefused(during, 3);
      await assertServed(s);
    });
  });

  describe(`heartbeat (pingInterval ${HEARTBEAT.interval} ms, pingTimeout ${HEARTBEAT.timeout} ms)`, { concurrency: PARALLEL }, () => {
    let server;
    const ctx = rawServerForSuite({
      ...ENV,
      SECUREVOX_CALL_PING_INTERVAL: `${HEARTBEAT.interval}ms`,
      SECUREVOX_CALL_PING_TIMEOUT: `${HEARTBEAT.timeout}ms`,
    });
    before(() => {
      server = ctx.server;
    });

    for (const transport of ['polling', 'websocket']) {
      it(`${transport}: the open packet carries the configured pingInterval and pingTimeout`, async (t) => {
        const raw = rawScope(t, server);
        const s = await openRaw(raw, transport);
        assert.deepEqual([s.open.pingInterval, s.open.pingTimeout], [HEARTBEAT.interval, HEARTBEAT.timeout], JSON.stringify(s.open));
      });

      it(`${transport}: the server pings every pingInterval, and a client that answers stays open`, async (t) => {
        const raw = rawScope(t, server);
        const s = await openRaw(raw, transport);
        const opened = Date.now();
        const at = [];
        for (let i = 0; i < 6; i++) {
          await s.next('2', { timeoutMs: HEARTBEAT.interval + 1_500, what: `ping ${i + 1}` });
          at.push(Date.now());
        }
        const gaps = at.map((t, i) => t - (i === 0 ? opened : at[i - 1]));
        // each ping comes one interval after the previous one (the machine is busy: generous upper bound)
        for (const g of gaps.slice(1)) assert.ok(g >= HEARTBEAT.interval / 2 && g <= HEARTBEAT.interval + 1_200, `gaps between pings: ${gaps} ms`);
        // well past pingInterval + pingTimeout: the pongs kept it open
        const answer = await s.sioConnect();
        assert.equal(answer.type, 0, `CONNECT after ${Date.now() - opened} ms: ${JSON.stringify(answer)}`);
      });

      it(`${transport}: a client that does not answer a ping is closed after pingTimeout`, async (t) => {
        const raw = rawScope(t, server);
        const s = await openRaw(raw, transport);
        s.autoPong = false;
        await s.next('2', { timeoutMs: HEARTBEAT.interval + 1_500, what: 'the first ping' });
        await s.expectGone({ timeoutMs: HEARTBEAT.timeout + 2_000 });
      });
    }
  });
});

/**
 * A second websocket with the victim's sid and no credentials must be refused before any upgrade
 * (400 code 3), and the victim must keep its session: a participant who joins later is announced to
 * it, another's offer reaches it, and nothing the attacker sends acts as the victim.
 */
async function takeoverRefused(t, raw, server, victim, victimId, sessionId) {
  const bobId = uid('bob');
  const { socket: bob } = await joinUser(server, bobId, sessionId, { transport: 'websocket' });
  t.after(() => close(bob));
  assert.equal((await victim.nextEvent('participant_joined'))[0]?.participant?.userId, bobId);

  const problems = [];
  const r = await raw.openWebSocket(`EIO=4&transport=websocket&sid=${encodeURIComponent(victim.sid)}`);
  if (r.outcome !== 'refused' || r.status !== 400 || r.json?.code !== 3) {
    problems.push(`the second websocket was not refused with 400 {"code":3}: ${r.outcome === 'open' ? 'it opened' : JSON.stringify(r)}`);
  }
  if (r.outcome === 'open') {
    // what an attacker would do: complete an upgrade, then act as the victim
    for (const f of ['2probe', '5', '421["mute_audio",{"muted":true}]', `422["join_call",${JSON.stringify({ sessionId })}]`]) r.ws.send(f);
    await new Promise((res) => setTimeout(res, 500)); // a bounded window for the server to answer it
    const answered = r.frames.filter((f) => typeof f === 'string' && /^43[12]\[/.test(f));
    if (answered.length) problems.push(`the attacker's events were answered: ${answered.join(' ')}`);
  }

  const carolId = uid('carol');
  const { socket: carol } = await joinUser(server, carolId, sessionId, { transport: 'websocket' });
  t.after(() => close(carol));
  const [joined] = await victim.nextEvent('participant_joined', { timeoutMs: 3_000 }).catch(() => []);
  if (joined?.participant?.userId !== carolId) problems.push(`the victim did not get participant_joined for carol within 3 s (got ${JSON.stringify(joined)})`);
  const ack = await emitAck(bob, 'offer', { to: victimId, sdp: { type: 'offer', sdp: 'v=0\r\n' } });
  if (ack?.ok !== true) problems.push(`bob's offer to the victim was refused: ${JSON.stringify(ack)}`);
  const [offer] = await victim.nextEvent('offer', { timeoutMs: 3_000 }).catch(() => []);
  if (offer?.from !== bobId) problems.push(`the victim did not get bob's offer within 3 s (got ${JSON.stringify(offer)})`);
  const muted = await expectNone(bob, ['participant_updated'], 300).then(() => undefined, (err) => err.message);
  if (muted) problems.push(`the attacker acted as the victim: ${muted}`);
  if (problems.length) assert.fail(`takeover:\n  ${problems.join('\n  ')}\nthe victim's session: ${victim.describe(8)}`);
}
