#!/usr/bin/env node
// Protocol smoke check of the subset the benchmark relies on, against any server
// (the reference server or the Java one) before benchmarking it:
//
//   node smoke.mjs --url http://127.0.0.1:8003 --secret "$SECRET" [--api-key "$API_KEY"]
//
// With --api-key (or SECUREVOX_CALL_API_KEY) it also checks POST /api/call/token.
// Exits 0 when every check passes. Every wait is bounded.

import { createHmac } from 'node:crypto';
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';

const { values } = parseArgs({
  options: { url: { type: 'string' }, secret: { type: 'string' }, 'api-key': { type: 'string' } },
});
const apiKey = values['api-key'] ?? process.env.SECUREVOX_CALL_API_KEY;
const url = (values.url ?? process.env.BENCH_URL ?? 'http://127.0.0.1:8002').replace(/\/+$/, '');
const secret = values.secret ?? process.env.SECUREVOX_CALL_JWT_SECRET;
if (!secret) {
  console.error('usage: node smoke.mjs --url URL --secret SECRET [--api-key KEY]');
  process.exit(2);
}

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
function token(claims, { alg = 'HS256', key = secret } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const head = b64({ alg, typ: 'JWT' });
  const body = b64({ role: 'participant', iat: now, exp: now + 600, ...claims });
  const sig = alg === 'none' ? '' : createHmac('sha256', key).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

const WAIT_MS = 5000;
const sockets = [];
function connect(auth) {
  const s = io(url, {
    transports: ['websocket'], forceNew: true, reconnection: false, perMessageDeflate: false, auth,
  });
  sockets.push(s);
  return s;
}
function once(s, event) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout waiting for ${event}`)), WAIT_MS);
    s.once(event, (v) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}
function ack(s, event, payload) {
  return new Promise((resolve, reject) => {
    s.timeout(WAIT_MS).emit(event, payload, (err, res) => (err ? reject(err) : resolve(res)));
  });
}
/** Resolves with the events of that name received within ms. */
function collect(s, event, ms) {
  const got = [];
  const h = (v) => got.push(v);
  s.on(event, h);
  return new Promise((r) => setTimeout(() => {
    s.off(event, h);
    r(got);
  }, ms));
}

let failures = 0;
async function check(name, fn) {
  try {
    await fn();
    console.log(`ok    ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL  ${name}: ${e.message}`);
  }
}
function expect(cond, msg) {
  if (!cond) throw new Error(msg);
}
const tag = `smoke_${process.pid}_${Date.now()}`;

await check('GET /health', async () => {
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(WAIT_MS) });
  const h = await res.json();
  expect(res.status === 200 && h.status === 'healthy', `got ${res.status} ${JSON.stringify(h)}`);
  expect(typeof h.activeCalls === 'number' && typeof h.connectedUsers === 'number', 'counts missing');
});

for (const [name, tok, code] of [
  ['bad signature', token({ sub: 'x', sid: tag }, { key: 'another-secret-another-secret-another' }), 'INVALID_TOKEN'],
  ['alg none', token({ sub: 'x', sid: tag }, { alg: 'none' }), 'INVALID_TOKEN'],
  ['expired', token({ sub: 'x', sid: tag, exp: Math.floor(Date.now() / 1000) - 60 }), 'TOKEN_EXPIRED'],
]) {
  await check(`handshake rejects ${name} with connect_error ${code}`, async () => {
    const err = await once(connect({ token: tok }), 'connect_error');
    expect(err.message === code, `message ${err.message}`);
  });
}

if (apiKey) {
  const post = (body, key = apiKey) => fetch(`${url}/api/call/token`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(WAIT_MS),
  }).then(async (res) => ({ status: res.status, json: await res.json() }));

  await check('POST /api/call/token → token that authenticates', async () => {
    const { status, json } = await post({ userId: 'dave', sessionId: tag, role: 'host' });
    expect(status === 200 && typeof json.token === 'string' && json.userId === 'dave' && json.sessionId === tag
      && json.role === 'host' && Number.isInteger(json.expiresAt) && Array.isArray(json.iceServers),
    `got ${status} ${JSON.stringify(json)}`);
    const claims = JSON.parse(Buffer.from(json.token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims.sub === 'dave' && claims.sid === tag && claims.role === 'host' && claims.exp === json.expiresAt
      && Number.isInteger(claims.iat) && typeof claims.jti === 'string', `claims ${JSON.stringify(claims)}`);
    const s = connect({ token: json.token });
    const v = await once(s, 'authenticated');
    expect(v.userId === 'dave' && v.sessionId === tag && v.role === 'host', JSON.stringify(v));
    s.disconnect();
  });

  await check('POST /api/call/token with a wrong API key → 401 UNAUTHENTICATED', async () => {
    const { status, json } = await post({ userId: 'dave', sessionId: tag }, `${apiKey}x`);
    expect(status === 401 && json.error?.code === 'UNAUTHENTICATED', `got ${status} ${JSON.stringify(json)}`);
  });

  for (const [name, body] of [
    ['without sessionId', { userId: 'dave' }],
    ['without userId', { sessionId: tag }],
    ['with a bad id', { userId: 'da ve', sessionId: tag }],
    ['with an unknown role', { userId: 'dave', sessionId: tag, role: 'admin' }],
  ]) {
    await check(`POST /api/call/token ${name} → 400 INVALID_PAYLOAD`, async () => {
      const { status, json } = await post(body);
      expect(status === 400 && json.error?.code === 'INVALID_PAYLOAD', `got ${status} ${JSON.stringify(json)}`);
    });
  }
}

const a = connect({ token: token({ sub: 'alice', sid: tag }) });
const b = connect({ token: token({ sub: 'bob', sid: tag }) });
await check('handshake token → authenticated', async () => {
  const [va, vb] = await Promise.all([once(a, 'authenticated'), once(b, 'authenticated')]);
  expect(va.userId === 'alice' && va.sessionId === tag && va.role === 'participant'
    && typeof va.expiresAt === 'number', JSON.stringify(va));
  expect(vb.userId === 'bob', JSON.stringify(vb));
});

await check('join_call for another session → FORBIDDEN', async () => {
  const r = await ack(a, 'join_call', { sessionId: `${tag}_other` });
  expect(r.ok === false && r.error?.code === 'FORBIDDEN', JSON.stringify(r));
});

await check('offer before joining → NOT_IN_CALL', async () => {
  const r = await ack(a, 'offer', { to: 'bob', sdp: { type: 'offer', sdp: 'v=0\r\n' } });
  expect(r.ok === false && r.error?.code === 'NOT_IN_CALL', JSON.stringify(r));
});

await check('join_call: ack, call_joined, participant_joined', async () => {
  const joinedA = once(a, 'call_joined');
  const ra = await ack(a, 'join_call', { sessionId: tag });
  expect(ra.ok === true && ra.sessionId === tag && ra.self?.userId === 'alice'
    && Array.isArray(ra.participants) && ra.participants.length === 0 && Array.isArray(ra.iceServers),
  JSON.stringify(ra));
  await joinedA;
  const pj = once(a, 'participant_joined');
  const rb = await ack(b, 'join_call', { sessionId: tag });
  expect(rb.ok === true && rb.participants.length === 1 && rb.participants[0].userId === 'alice',
    JSON.stringify(rb));
  const p = await pj;
  expect(p.sessionId === tag && p.participant?.userId === 'bob', JSON.stringify(p));
});

await check('join_call twice → ALREADY_IN_CALL', async () => {
  const r = await ack(a, 'join_call', { sessionId: tag });
  expect(r.ok === false && r.error?.code === 'ALREADY_IN_CALL', JSON.stringify(r));
});

await check('offer/answer/ice_candidate relayed with from and sessionId, in order', async () => {
  const offers = collect(b, 'offer', 500);
  for (let i = 0; i < 5; i++) {
    const r = await ack(a, 'offer', { to: 'bob', sdp: { type: 'offer', sdp: `v=0\r\no=- ${i}\r\n` } });
    expect(r.ok === true, JSON.stringify(r));
  }
  const got = await offers;
  expect(got.length === 5 && got.every((m, i) => m.from === 'alice' && m.sessionId === tag
    && m.sdp.type === 'offer' && m.sdp.sdp === `v=0\r\no=- ${i}\r\n`), JSON.stringify(got));
  const ans = once(a, 'answer');
  expect((await ack(b, 'answer', { to: 'alice', sdp: 'v=0\r\n' })).ok === true, 'answer ack');
  const m = await ans;
  expect(m.from === 'bob' && m.sdp.type === 'answer' && m.sdp.sdp === 'v=0\r\n', JSON.stringify(m));
  const cand = { candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host', sdpMid: '0', sdpMLineIndex: 0 };
  const ice = once(b, 'ice_candidate');
  expect((await ack(a, 'ice_candidate', { to: 'bob', candidate: cand })).ok === true, 'ice ack');
  const c = await ice;
  expect(c.from === 'alice' && c.candidate.candidate === cand.candidate, JSON.stringify(c));
});

await check('offer to a non-member → PARTICIPANT_NOT_FOUND', async () => {
  const r = await ack(a, 'offer', { to: 'mallory', sdp: { type: 'offer', sdp: 'v=0\r\n' } });
  expect(r.ok === false && r.error?.code === 'PARTICIPANT_NOT_FOUND', JSON.stringify(r));
});

await check('offer without `to` → INVALID_PAYLOAD', async () => {
  const r = await ack(a, 'offer', { sdp: { type: 'offer', sdp: 'v=0\r\n' } });
  expect(r.ok === false && r.error?.code === 'INVALID_PAYLOAD', JSON.stringify(r));
});

await check('failure without ack → call_error', async () => {
  const e = once(a, 'call_error');
  a.emit('offer', { to: 'mallory', sdp: 'v=0\r\n' });
  const v = await e;
  expect(v.event === 'offer' && v.code === 'PARTICIPANT_NOT_FOUND', JSON.stringify(v));
});

await check('leave_call → participant_left reason left', async () => {
  const left = once(a, 'participant_left');
  expect((await ack(b, 'leave_call', { sessionId: tag })).ok === true, 'leave ack');
  const v = await left;
  expect(v.sessionId === tag && v.userId === 'bob' && v.reason === 'left', JSON.stringify(v));
  expect((await ack(b, 'join_call', { sessionId: tag })).ok === true, 'rejoin');
});

await check('authenticate event without handshake token', async () => {
  const c = connect(undefined);
  await once(c, 'connect');
  const r = await ack(c, 'join_call', { sessionId: tag });
  expect(r.ok === false && r.error?.code === 'UNAUTHENTICATED', JSON.stringify(r));
  const authd = once(c, 'authenticated');
  c.emit('authenticate', { token: token({ sub: 'carol', sid: tag }) });
  const v = await authd;
  expect(v.userId === 'carol' && v.sessionId === tag, JSON.stringify(v));
  c.disconnect();
});

await check('socket drop → participant_left (after the server\'s reconnect grace, if any)', async () => {
  const left = new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no participant_left within 15 s')), 15_000);
    a.once('participant_left', (v) => {
      clearTimeout(t);
      resolve(v);
    });
  });
  b.disconnect();
  const v = await left;
  expect(v.userId === 'bob' && v.reason === 'disconnected', JSON.stringify(v));
});

for (const s of sockets) s.disconnect();
console.log(failures === 0 ? 'all checks passed' : `${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
