#!/usr/bin/env node
// SecureVOX Call load tool: connect/join throughput, memory per connection,
// signaling round-trip latency and server CPU cost, against any server that
// speaks the client contract (Socket.IO v4, websocket transport).
//
//   node load.mjs --url http://127.0.0.1:8002 --api-key "$API_KEY" --pid "$SERVER_PID" \
//       [--mint rest|local] [--secret "$SECRET"] [--connections 10000] [--pairs 50] [--messages 2000] \
//       [--concurrency 200] [--json]
//
// See README.md for what is measured and how.

import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';
import { ANSWER_SDP, OFFER_SDP } from './sdp.mjs';

// ---------------------------------------------------------------------------
// Options (command line wins over environment).

const OPTIONS = {
  url: { env: 'BENCH_URL', def: 'http://127.0.0.1:8002' },
  mint: { env: 'BENCH_MINT', def: 'rest' },
  'api-key': { env: 'SECUREVOX_CALL_API_KEY', def: undefined },
  'mint-sockets': { env: 'BENCH_MINT_SOCKETS', def: '50', int: true },
  secret: { env: 'SECUREVOX_CALL_JWT_SECRET', def: undefined },
  pid: { env: 'BENCH_PID', def: undefined, int: true },
  connections: { env: 'BENCH_CONNECTIONS', def: '10000', int: true },
  pairs: { env: 'BENCH_PAIRS', def: '50', int: true },
  messages: { env: 'BENCH_MESSAGES', def: '2000', int: true },
  concurrency: { env: 'BENCH_CONCURRENCY', def: '200', int: true },
  'idle-ms': { env: 'BENCH_IDLE_MS', def: '30000', int: true },
  'stall-timeout-ms': { env: 'BENCH_STALL_TIMEOUT_MS', def: '30000', int: true },
  'drain-timeout-ms': { env: 'BENCH_DRAIN_TIMEOUT_MS', def: '30000', int: true },
  'quiet-wait-ms': { env: 'BENCH_QUIET_WAIT_MS', def: '0', int: true },
  rate: { env: 'BENCH_RATE', def: '1000', int: true },
  'rate-seconds': { env: 'BENCH_RATE_SECONDS', def: '10', int: true },
};

const USAGE = `usage: node load.mjs --api-key <API key> [options]
       node load.mjs --mint local --secret <jwt secret> [options]
  --url URL               server base URL (default http://127.0.0.1:8002; env BENCH_URL)
  --mint rest|local       where each socket's call token comes from (env BENCH_MINT; default rest):
                          rest = POST /api/call/token with the API key before connecting, so the
                          connect phase (and its server CPU per join) includes the mint;
                          local = signed by this tool with --secret (no HTTP request)
  --api-key K             the server's API key, for --mint rest (env SECUREVOX_CALL_API_KEY)
  --mint-sockets S        keep-alive HTTP connections for the mint requests, at most (default 50)
  --secret S              HS256 call-token secret, for --mint local (env SECUREVOX_CALL_JWT_SECRET)
  --pid PID               server process id, for /proc CPU and RSS (env BENCH_PID;
                          without it server-side numbers are not reported)
  --connections N         sockets to connect and join, even (default 10000)
  --pairs M               ping-pong pairs (default 50)
  --messages K            offer/answer round trips per pair (default 2000)
  --concurrency C         connect+join operations in flight (default 200)
  --idle-ms MS            idle window after the joins, to measure the background CPU of the
                          idle connections (heartbeats); 0 skips it (default 30000, longer
                          than one 25 s Engine.IO ping interval)
  --stall-timeout-ms MS   abort a phase when it makes no progress for this long (default 30000)
  --drain-timeout-ms MS   how long to wait for /health to show the sockets gone (default 30000)
  --quiet-wait-ms MS      first wait up to MS for the machine to be quiet (other processes
                          under 15% of a core for 3 s in a row); 0 = don't wait (default)
  --rate R                open-loop phase after the ping-pong: the same pairs send offers at a fixed
                          total of R per second, whether or not answers came back, to measure the
                          server's latency well below saturation; 0 skips it (default 1000)
  --rate-seconds S        how long the open-loop phase sends (default 10)
  --json                  print one JSON line with every number on stdout (table goes to stderr)
  --quiet                 no progress lines
Every option also reads BENCH_<NAME> from the environment (e.g. BENCH_CONNECTIONS).`;

function parseOptions() {
  const spec = { json: { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };
  for (const name of Object.keys(OPTIONS)) spec[name] = { type: 'string' };
  const { values } = parseArgs({ options: spec, strict: true });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const opts = { json: !!values.json || process.env.BENCH_JSON === '1', quiet: !!values.quiet };
  for (const [name, o] of Object.entries(OPTIONS)) {
    const raw = values[name] ?? process.env[o.env] ?? o.def;
    const key = name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (raw === undefined) {
      opts[key] = undefined;
    } else if (o.int) {
      const n = Number(raw);
      if (!Number.isSafeInteger(n) || n < 0) die(`--${name} must be a non-negative integer, got ${raw}`);
      opts[key] = n;
    } else {
      opts[key] = raw;
    }
  }
  if (opts.mint !== 'rest' && opts.mint !== 'local') die(`--mint must be rest or local, got ${opts.mint}`);
  if (opts.mint === 'local' && !opts.secret) die('--mint local needs --secret (or SECUREVOX_CALL_JWT_SECRET)');
  if (opts.mint === 'rest' && !opts.apiKey) die('--mint rest needs --api-key (or SECUREVOX_CALL_API_KEY)');
  if (opts.mintSockets < 1) die('--mint-sockets must be >= 1');
  if (opts.connections < 2 || opts.connections % 2 !== 0) die('--connections must be even and >= 2');
  if (opts.pairs > opts.connections / 2) die('--pairs cannot exceed connections / 2');
  if (opts.concurrency < 1) die('--concurrency must be >= 1');
  opts.url = opts.url.replace(/\/+$/, '');
  return opts;
}

function die(msg) {
  console.error(`load.mjs: ${msg}\n\n${USAGE}`);
  process.exit(2);
}

const opts = parseOptions();
const out = opts.json ? console.error : console.log; // human-readable output
const progress = (msg) => { if (!opts.quiet) console.error(msg); };

// ---------------------------------------------------------------------------
// Call tokens: either asked for over REST (POST /api/call/token with the API key,
// as the product's backend does) or, with --mint local, HS256 minted here exactly
// as a trusted backend with the shared secret would.

function b64url(obj) {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

const TOKEN_HEADER = b64url({ alg: 'HS256', typ: 'JWT' });

function mintToken(userId, sessionId, nowSec) {
  const body = b64url({ sub: userId, sid: sessionId, role: 'participant', iat: nowSec, exp: nowSec + 4 * 3600 });
  const sig = createHmac('sha256', opts.secret).update(`${TOKEN_HEADER}.${body}`).digest('base64url');
  return `${TOKEN_HEADER}.${body}.${sig}`;
}

const userIdOf = (i) => `u${i}`;
const sessionIdOf = (i) => `bench_${Math.floor(i / 2)}`;

const tokenUrl = new URL('/api/call/token', `${opts.url}/`);
const httpModule = tokenUrl.protocol === 'https:' ? https : http;
// Keep-alive, bounded: a backend holds a small pool of connections to the server, not one per user.
let mintAgent = null;

/**
 * POST /api/call/token {userId, sessionId, role}; resolves with the token, or with {error} naming
 * what went wrong (status and error code, or the network error). No per-request timer: the
 * phase watchdog handles stalls.
 */
function restToken(userId, sessionId) {
  return new Promise((resolve) => {
    const body = JSON.stringify({ userId, sessionId, role: 'participant' });
    const req = httpModule.request(tokenUrl, {
      method: 'POST',
      agent: mintAgent,
      headers: {
        authorization: `Bearer ${opts.apiKey}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        accept: 'application/json',
      },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', (e) => resolve({ error: `response: ${e.code ?? e.message}` }));
      res.on('end', () => {
        let json;
        try {
          json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          resolve({ error: `HTTP ${res.statusCode} (not JSON)` });
          return;
        }
        if (res.statusCode !== 200) {
          resolve({ error: `HTTP ${res.statusCode} ${json?.error?.code ?? '?'}` });
        } else if (typeof json?.token !== 'string' || json.userId !== userId || json.sessionId !== sessionId
            || json.role !== 'participant' || !Number.isInteger(json.expiresAt) || !Array.isArray(json.iceServers)) {
          resolve({ error: 'HTTP 200 (unexpected body)' });
        } else {
          resolve({ token: json.token });
        }
      });
    });
    req.on('error', (e) => resolve({ error: `request: ${e.code ?? e.message}` }));
    req.end(body);
  });
}

// ---------------------------------------------------------------------------
// Server process metrics from /proc.

const CORES = os.availableParallelism();

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function readServer() {
  if (opts.pid === undefined) return null;
  const status = readFileSync(`/proc/${opts.pid}/status`, 'utf8');
  const kib = (field) => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) : NaN;
  };
  const stat = readFileSync(`/proc/${opts.pid}/stat`, 'utf8');
  // Fields after "(comm)": state is field 3; utime 14, stime 15, num_threads 20.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(f[11]);
  const stime = Number(f[12]);
  return {
    rssKiB: kib('VmRSS'),
    hwmKiB: kib('VmHWM'),
    threads: Number(f[17]),
    cpuSec: (utime + stime) / CLK_TCK,
    // The kernel share matters: on loopback a write also runs the receiver's TCP path, a floor
    // no server implementation can go below.
    sysSec: stime / CLK_TCK,
  };
}

/** Machine-wide busy fraction (all cores) from /proc/stat. */
function readMachine() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] || 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { idle, total, steal: v[7] || 0 };
}

/** Snapshot of everything measured around a phase. */
function snapshot() {
  return {
    t: performance.now(),
    server: readServer(),
    client: process.cpuUsage(),
    elu: performance.eventLoopUtilization(),
    machine: readMachine(),
  };
}

/** Deltas between two snapshots. */
function delta(a, b) {
  const wallSec = (b.t - a.t) / 1000;
  const clientCpuSec = (b.client.user - a.client.user + b.client.system - a.client.system) / 1e6;
  const elu = performance.eventLoopUtilization(b.elu, a.elu).utilization;
  const mTotal = b.machine.total - a.machine.total;
  const machineBusy = mTotal > 0 ? 1 - (b.machine.idle - a.machine.idle) / mTotal : NaN;
  const machineSteal = mTotal > 0 ? (b.machine.steal - a.machine.steal) / mTotal : NaN;
  const d = {
    wallSec,
    clientCpuSec,
    clientCpuPct: (100 * clientCpuSec) / wallSec,
    clientEluPct: 100 * elu,
    machineBusyPct: 100 * machineBusy,
    machineStealPct: 100 * machineSteal,
  };
  let serverCpuSec = 0;
  if (a.server && b.server) {
    d.serverCpuSec = b.server.cpuSec - a.server.cpuSec;
    d.serverCpuPct = (100 * d.serverCpuSec) / wallSec;
    d.serverSysSec = b.server.sysSec - a.server.sysSec;
    d.serverRssBeforeKiB = a.server.rssKiB;
    d.serverRssAfterKiB = b.server.rssKiB;
    d.serverHwmKiB = b.server.hwmKiB;
    d.serverThreads = b.server.threads;
    serverCpuSec = d.serverCpuSec;
  }
  // Everything else the machine did meanwhile (other processes, kernel work not
  // charged to either), in % of one core. Only meaningful when --pid is given.
  d.otherCpuPct = Math.max(0, machineBusy * CORES * 100 - d.clientCpuPct - (100 * serverCpuSec) / wallSec);
  return d;
}

function endSnapshot(start) {
  const end = snapshot();
  return { end, d: delta(start, end) };
}

const warnings = [];
function warn(msg) {
  warnings.push(msg);
  progress(`WARNING: ${msg}`);
}

function checkSaturation(phase, d) {
  if (d.wallSec < 0.5) return; // too short to judge
  if (d.clientEluPct >= 90 || d.clientCpuPct >= 90) {
    warn(`${phase}: the load client was saturated (event loop busy ${d.clientEluPct.toFixed(0)}% of the time, `
      + `${d.clientCpuPct.toFixed(0)}% of a core): its rate is bounded by the client (or by CPU contention), `
      + 'not only by the server; per-operation server CPU and RSS figures are unaffected');
  }
  if (d.machineBusyPct >= 90) {
    warn(`${phase}: the machine was ${d.machineBusyPct.toFixed(0)}% busy over ${CORES} cores; `
      + 'client and server competed for CPU, so rates and latencies are machine-bound');
  }
  if (opts.pid !== undefined && d.otherCpuPct >= 20) {
    warn(`${phase}: other processes used about ${d.otherCpuPct.toFixed(0)}% of a core; `
      + 'rates and latencies are disturbed (run on a quiet machine)');
  }
}

// ---------------------------------------------------------------------------
// Statistics.

function percentiles(values, count) {
  if (count === 0) return { p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const a = Float64Array.from(values.subarray(0, count)).sort();
  const pick = (p) => a[Math.min(count - 1, Math.ceil((p / 100) * count) - 1)];
  let sum = 0;
  for (let i = 0; i < count; i++) sum += a[i];
  return { p50: pick(50), p90: pick(90), p99: pick(99), max: a[count - 1], mean: sum / count };
}

function countInto(map, key) {
  map[key] = (map[key] ?? 0) + 1;
}

async function health() {
  try {
    const res = await fetch(`${opts.url}/health`, { signal: AbortSignal.timeout(3000) });
    return await res.json();
  } catch (e) {
    return { error: String(e?.message ?? e) };
  }
}

/**
 * Resolves when `done` settles, or when `progressOf()` stops moving for the
 * stall timeout. One interval for the whole phase (never one timer per socket).
 */
function watch(label, total, progressOf, done) {
  return new Promise((resolve) => {
    let last = -1;
    let lastMove = performance.now();
    const started = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const p = progressOf();
      if (p !== last) {
        last = p;
        lastMove = now;
      }
      progress(`  ${label}: ${p}/${total} after ${((now - started) / 1000).toFixed(1)} s`);
      if (now - lastMove > opts.stallTimeoutMs) {
        clearInterval(timer);
        resolve({ stalled: true });
      }
    }, 1000);
    done.then(() => {
      clearInterval(timer);
      resolve({ stalled: false });
    });
  });
}

// ---------------------------------------------------------------------------
// Phases.

const N = opts.connections;
const sockets = new Array(N);
const joined = new Uint8Array(N);
const connectMs = new Float64Array(N); // io() -> `authenticated`
const joinMs = new Float64Array(N); // join_call emit -> ack
const mintMs = new Float64Array(N); // POST /api/call/token -> response (--mint rest)
const errors = { mint: {}, connect: {}, join: {}, relay: {}, unexpectedDisconnect: {} };
const counters = { callJoined: 0, participantJoined: 0, badAuthenticated: 0 };
let closingAll = false;
let abort = false;

const SOCKET_OPTIONS = {
  transports: ['websocket'],
  path: '/socket.io/',
  forceNew: true, // one Manager (one connection) per socket
  reconnection: false,
  timeout: false, // no per-socket connect timer; the phase watchdog handles stalls
  // Both servers must do the same work: never negotiate permessage-deflate
  // (engine.io-client offers it by default; the Node server declines it, a
  // Netty server may accept it).
  perMessageDeflate: false,
};

let tokens;
let connectDone = 0;
let joinedCount = 0;
// The first joins are the cold start's hardest part (issue 17: "first 1,000 joins no slower than Node's"): when the
// FIRST_JOINS-th join was acknowledged, and which sockets were those first ones.
const FIRST_JOINS = Math.min(1000, N);
const firstJoined = new Int32Array(FIRST_JOINS);
let connectStart;
let firstJoinsAt;

async function connectAndJoin(i) {
  let token = tokens?.[i];
  if (opts.mint === 'rest') {
    const tm = performance.now();
    const r = await restToken(userIdOf(i), sessionIdOf(i));
    mintMs[i] = performance.now() - tm;
    if (r.error !== undefined) {
      countInto(errors.mint, r.error);
      connectDone++;
      return;
    }
    token = r.token;
  }
  return socketJoin(i, token);
}

function socketJoin(i, token) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const userId = userIdOf(i);
    const sessionId = sessionIdOf(i);
    const s = io(opts.url, { ...SOCKET_OPTIONS, auth: { token } });
    sockets[i] = s;
    let settled = false;
    const finish = (ok) => {
      if (settled) return;
      settled = true;
      if (ok) {
        joined[i] = 1;
        if (joinedCount < FIRST_JOINS) firstJoined[joinedCount] = i;
        joinedCount++;
        if (joinedCount === FIRST_JOINS) firstJoinsAt = snapshot();
      }
      connectDone++;
      resolve();
    };
    s.on('disconnect', (reason) => {
      if (!closingAll) countInto(errors.unexpectedDisconnect, reason);
      finish(false);
    });
    s.once('connect_error', (err) => {
      countInto(errors.connect, err?.message ?? String(err));
      s.close();
      finish(false);
    });
    s.on('call_joined', () => { counters.callJoined++; });
    s.on('participant_joined', () => { counters.participantJoined++; });
    s.once('authenticated', (a) => {
      const t1 = performance.now();
      connectMs[i] = t1 - t0;
      if (!a || a.userId !== userId || a.sessionId !== sessionId) counters.badAuthenticated++;
      s.emit('join_call', { sessionId }, (res) => {
        joinMs[i] = performance.now() - t1;
        if (res?.ok === true && res.sessionId === sessionId) {
          finish(true);
        } else {
          countInto(errors.join, res?.error?.code ?? 'BAD_ACK');
          finish(false);
        }
      });
    });
  });
}

async function phaseConnect() {
  if (opts.mint === 'local') {
    // Signed before the phase starts: the client's signing is not part of the measurement.
    const now = Math.floor(Date.now() / 1000);
    tokens = new Array(N);
    for (let i = 0; i < N; i++) tokens[i] = mintToken(userIdOf(i), sessionIdOf(i), now);
  } else {
    mintAgent = new httpModule.Agent({ keepAlive: true, maxSockets: opts.mintSockets });
  }

  let next = 0;
  const worker = async () => {
    while (!abort) {
      const i = next++;
      if (i >= N) return;
      await connectAndJoin(i);
    }
  };
  const start = snapshot();
  connectStart = start;
  const workers = Promise.all(Array.from({ length: Math.min(opts.concurrency, N) }, worker));
  const w = await watch(opts.mint === 'rest' ? 'mint+connect+join' : 'connect+join', N, () => connectDone, workers);
  const { d } = endSnapshot(start);
  // The backend's idle keep-alive connections are closed after the measurement, so they
  // are neither in this phase's numbers nor open during the later ones.
  mintAgent?.destroy();
  if (w.stalled) {
    abort = true;
    warn(`connect+join stalled at ${connectDone}/${N}: no progress for ${opts.stallTimeoutMs} ms`);
  }
  return d;
}

async function phaseIdle() {
  const start = snapshot();
  await new Promise((r) => setTimeout(r, opts.idleMs));
  return endSnapshot(start).d;
}

function choosePairs() {
  const calls = N / 2;
  const pairs = [];
  const used = new Uint8Array(calls);
  for (let j = 0; j < opts.pairs; j++) {
    // Spread the pairs over the whole range of calls; skip calls not fully joined.
    let c = Math.floor(((j + 0.5) * calls) / opts.pairs);
    for (let tries = 0; tries < calls; tries++, c = (c + 1) % calls) {
      if (!used[c] && joined[2 * c] && joined[2 * c + 1]) break;
    }
    if (used[c] || !joined[2 * c] || !joined[2 * c + 1]) break;
    used[c] = 1;
    pairs.push([2 * c, 2 * c + 1]);
  }
  return pairs;
}

const relay = { rtt: null, rttCount: 0, offersSent: 0, offersReceived: 0, answersReceived: 0, answerAcks: 0, badRelay: 0, pairsFailed: 0 };

function runPair(a, b, K) {
  const sa = sockets[a];
  const sb = sockets[b];
  const aId = userIdOf(a);
  const bId = userIdOf(b);
  const sessionId = sessionIdOf(a);
  const offerPayload = { to: bId, sdp: { type: 'offer', sdp: OFFER_SDP } };
  const answerPayload = { to: aId, sdp: { type: 'answer', sdp: ANSWER_SDP } };
  const onAnswerAck = (res) => {
    if (res?.ok === true) relay.answerAcks++;
    else countInto(errors.relay, `answer:${res?.error?.code ?? 'BAD_ACK'}`);
  };
  // B answers every offer it receives.
  sb.on('offer', (msg) => {
    relay.offersReceived++;
    if (msg?.from !== aId || msg.sessionId !== sessionId || msg.sdp?.type !== 'offer'
        || msg.sdp.sdp !== OFFER_SDP) relay.badRelay++;
    sb.emit('answer', answerPayload, onAnswerAck);
  });

  return new Promise((resolve) => {
    let k = 0;
    let t0 = 0;
    let pending = 0; // offer ack + answer still expected for the current round
    const round = () => {
      if (k >= K || abort) {
        resolve();
        return;
      }
      k++;
      pending = 2;
      t0 = performance.now();
      relay.offersSent++;
      sa.emit('offer', offerPayload, (res) => {
        if (res?.ok !== true) {
          countInto(errors.relay, `offer:${res?.error?.code ?? 'BAD_ACK'}`);
          relay.pairsFailed++;
          resolve(); // no answer will come; stop this pair
          return;
        }
        if (--pending === 0) round();
      });
    };
    sa.on('answer', (msg) => {
      relay.rtt[relay.rttCount++] = performance.now() - t0;
      relay.answersReceived++;
      if (msg?.from !== bId || msg.sessionId !== sessionId || msg.sdp?.type !== 'answer'
          || msg.sdp.sdp !== ANSWER_SDP) relay.badRelay++;
      if (--pending === 0) round();
    });
    round();
  });
}

async function phasePingPong() {
  const pairs = choosePairs();
  if (pairs.length < opts.pairs) {
    warn(`only ${pairs.length} of ${opts.pairs} pairs could be formed from fully joined calls`);
  }
  if (pairs.length === 0) return null;
  const K = opts.messages;
  relay.rtt = new Float64Array(pairs.length * K);
  const start = snapshot();
  const all = Promise.all(pairs.map(([a, b]) => runPair(a, b, K)));
  const total = pairs.length * K;
  const w = await watch('ping-pong', total, () => relay.answersReceived, all);
  const { d } = endSnapshot(start);
  if (w.stalled) {
    abort = true;
    warn(`ping-pong stalled at ${relay.answersReceived}/${total} answers: no progress for ${opts.stallTimeoutMs} ms`);
  }
  // Wait (bounded, outside the measurement) for the acks of the last answers.
  for (let i = 0; i < 100 && relay.answerAcks + sumErrors('answer:') < relay.answersReceived; i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  if (relay.answerAcks + sumErrors('answer:') < relay.answersReceived) {
    warn(`${relay.answersReceived - relay.answerAcks} answer acks never arrived`);
  }
  d.pairs = pairs.length;
  return d;
}

/**
 * Open loop: each pair's A sends an offer every pairs/rate seconds, not waiting for the answer
 * (B's ping-pong handler answers every offer); the round trip of each offer is taken from its send
 * time, answers arriving in order. Unlike the closed ping-pong, the load client's own queue does
 * not set the latency here, as long as the rate is well below what it and the server can do.
 */
async function phaseFixedRate(pairs) {
  const rtt = new Float64Array(Math.ceil(opts.rate * opts.rateSeconds * 1.1) + pairs.length * 2);
  let count = 0;
  let sent = 0;
  let late = 0;
  const intervalMs = (pairs.length * 1000) / opts.rate;
  const start = snapshot();
  const stops = [];
  const done = pairs.map(([a, b], index) => new Promise((resolve) => {
    const sa = sockets[a];
    const sent0 = [];
    const payload = { to: userIdOf(b), sdp: { type: 'offer', sdp: OFFER_SDP } };
    const onAnswer = () => {
      const t0 = sent0.shift();
      if (t0 !== undefined) rtt[count++] = performance.now() - t0;
      if (stopped && sent0.length === 0) finish();
    };
    let stopped = false;
    const finish = () => {
      sa.off('answer', onAnswer);
      resolve();
    };
    sa.on('answer', onAnswer);
    // Pairs start spread over one interval, so the sends are even over time.
    const begin = performance.now() + (index * intervalMs) / pairs.length;
    let next = begin;
    const tick = () => {
      if (stopped) return;
      const now = performance.now();
      if (now - next > intervalMs) late++;
      sent0.push(now);
      sent++;
      sa.emit('offer', payload, (res) => {
        if (res?.ok !== true) countInto(errors.relay, `rate-offer:${res?.error?.code ?? 'BAD_ACK'}`);
      });
      next += intervalMs;
      timer = setTimeout(tick, Math.max(0, next - performance.now()));
    };
    let timer = setTimeout(tick, Math.max(0, begin - performance.now()));
    stops.push(() => {
      stopped = true;
      clearTimeout(timer);
      if (sent0.length === 0) finish();
      // answers still due get a bounded wait
      setTimeout(finish, 5_000);
    });
  }));
  await new Promise((r) => setTimeout(r, opts.rateSeconds * 1000));
  const { d } = endSnapshot(start);
  for (const stop of stops) stop();
  await Promise.all(done);
  if (late > sent / 100) warn(`open loop: ${late} of ${sent} offers left more than an interval late (the client could not keep the rate)`);
  if (count < sent) warn(`open loop: ${sent - count} of ${sent} offers got no answer`);
  return { d, sent, answered: count, rttMs: percentiles(rtt, count), late };
}

async function phaseDisconnect() {
  closingAll = true;
  const start = snapshot();
  for (let i = 0; i < N; i++) sockets[i]?.disconnect();
  const deadline = performance.now() + opts.drainTimeoutMs;
  let h = await health();
  while (performance.now() < deadline && !(h.connectedUsers === 0 && h.activeCalls === 0)) {
    await new Promise((r) => setTimeout(r, 100));
    h = await health();
  }
  const { d } = endSnapshot(start);
  d.health = h;
  d.drained = h.connectedUsers === 0 && h.activeCalls === 0;
  if (!d.drained) {
    warn(`after disconnecting all sockets /health still reports connectedUsers=${h.connectedUsers} `
      + `activeCalls=${h.activeCalls} (waited ${opts.drainTimeoutMs} ms)`);
  }
  return d;
}

// ---------------------------------------------------------------------------
// Output.

const fmt = (v, digits = 1) => (v === undefined || v === null || Number.isNaN(v) ? 'n/a'
  : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const fmtInt = (v) => fmt(v, 0);
const mib = (kib) => (kib === undefined ? undefined : kib / 1024);

function table(title, rows) {
  const width = Math.max(...rows.map(([k]) => k.length));
  out(`\n${title}`);
  for (const [k, v] of rows) out(`  ${k.padEnd(width)}  ${v}`);
}

// ---------------------------------------------------------------------------
// Main.

async function main() {
  const meta = {
    tool: 'securevox-call-bench/load.mjs',
    date: new Date().toISOString(),
    node: process.version,
    socketIoClient: '4.8.4',
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model,
    memTotalGiB: os.totalmem() / 2 ** 30,
    clkTck: CLK_TCK,
    url: opts.url,
    pid: opts.pid ?? null,
    niceness: { client: os.getPriority(), server: opts.pid !== undefined ? safe(() => os.getPriority(opts.pid)) : null },
    connections: N,
    pairs: opts.pairs,
    messages: opts.messages,
    concurrency: opts.concurrency,
    mint: opts.mint,
    mintSockets: opts.mint === 'rest' ? opts.mintSockets : null,
    idleMs: opts.idleMs,
    sdpBytes: { offer: Buffer.byteLength(OFFER_SDP), answer: Buffer.byteLength(ANSWER_SDP) },
  };
  if (opts.pid !== undefined) {
    try {
      readServer();
    } catch (e) {
      die(`cannot read /proc/${opts.pid}: ${e.message}`);
    }
  }
  // One descriptor per connection on each side, plus a margin.
  const need = N + 256;
  const mine = openFilesLimit('self');
  if (mine !== null && mine < need) {
    die(`open-files limit ${mine} is below the ${need} this run needs; raise it (ulimit -n 65535)`);
  }
  const theirs = opts.pid !== undefined ? openFilesLimit(opts.pid) : null;
  if (theirs !== null && theirs < need) {
    warn(`the server's open-files limit is ${theirs}, below the ${need} this run needs`);
  }
  const h0 = await health();
  if (h0.error) die(`GET ${opts.url}/health failed: ${h0.error}`);
  if (h0.connectedUsers > 0 || h0.activeCalls > 0) {
    warn(`server is not idle at start: connectedUsers=${h0.connectedUsers} activeCalls=${h0.activeCalls}`);
  }

  // (a) baseline, and how quiet the machine is (1 s samples)
  const sampleQuiet = async () => {
    const q0 = snapshot();
    await new Promise((r) => setTimeout(r, 1000));
    return delta(q0, snapshot());
  };
  let quiet = await sampleQuiet();
  if (opts.quietWaitMs > 0) {
    const deadline = performance.now() + opts.quietWaitMs;
    for (let calm = 0; ;) {
      calm = quiet.otherCpuPct < 15 ? calm + 1 : 0;
      if (calm >= 3) break;
      if (performance.now() >= deadline) {
        warn(`the machine did not become quiet within ${opts.quietWaitMs} ms; starting anyway`);
        break;
      }
      if (calm === 0) progress(`    waiting for a quiet machine: other processes at ${quiet.otherCpuPct.toFixed(0)}% of a core`);
      quiet = await sampleQuiet();
    }
  }
  if (opts.pid !== undefined && quiet.otherCpuPct >= 20) {
    warn(`before start: other processes used about ${quiet.otherCpuPct.toFixed(0)}% of a core; `
      + 'the machine is not quiet');
  }
  const base = readServer();
  progress(`(a) baseline: server rss ${base ? fmt(mib(base.rssKiB)) + ' MiB' : 'n/a'}`);

  // (b) connect + authenticate + join
  progress(`(b) ${opts.mint === 'rest' ? `minting tokens over REST (${opts.mintSockets} keep-alive connections) and ` : ''}`
    + `connecting ${N} sockets, concurrency ${opts.concurrency}`);
  const connect = await phaseConnect();
  checkSaturation('connect+join', connect);
  const hJoined = await health();
  // Latencies of the sockets that joined.
  const okConnectMs = new Float64Array(joinedCount);
  const okJoinMs = new Float64Array(joinedCount);
  const okMintMs = new Float64Array(joinedCount);
  for (let i = 0, j = 0; i < N; i++) {
    if (joined[i]) {
      okConnectMs[j] = connectMs[i];
      okMintMs[j] = mintMs[i];
      okJoinMs[j++] = joinMs[i];
    }
  }
  const connectLat = percentiles(okConnectMs, joinedCount);
  const joinLat = percentiles(okJoinMs, joinedCount);
  const mintLat = opts.mint === 'rest' ? percentiles(okMintMs, joinedCount) : null;
  let first = null;
  if (firstJoinsAt) {
    const d = delta(connectStart, firstJoinsAt);
    const acks = new Float64Array(FIRST_JOINS);
    const connects = new Float64Array(FIRST_JOINS);
    for (let j = 0; j < FIRST_JOINS; j++) {
      acks[j] = joinMs[firstJoined[j]];
      connects[j] = connectMs[firstJoined[j]];
    }
    first = {
      joins: FIRST_JOINS,
      wallSec: d.wallSec,
      serverCpuSec: d.serverCpuSec,
      serverCpuMsPerJoin: d.serverCpuSec !== undefined ? (d.serverCpuSec * 1000) / FIRST_JOINS : undefined,
      connectMs: percentiles(connects, FIRST_JOINS),
      joinAckMs: percentiles(acks, FIRST_JOINS),
    };
  }
  const calls = N / 2;
  let fullCalls = 0;
  let liveCalls = 0;
  for (let i = 0; i < calls; i++) {
    if (joined[2 * i] && joined[2 * i + 1]) fullCalls++;
    if (joined[2 * i] || joined[2 * i + 1]) liveCalls++;
  }
  if (joinedCount < N) {
    warn(`${N - joinedCount} of ${N} sockets failed to ${opts.mint === 'rest' ? 'get a token, ' : ''}connect or join`);
  }
  if (counters.callJoined !== joinedCount) warn(`call_joined received ${counters.callJoined} times for ${joinedCount} joins`);
  if (counters.participantJoined !== fullCalls) {
    warn(`participant_joined received ${counters.participantJoined} times, expected ${fullCalls} (one per full call)`);
  }
  if (counters.badAuthenticated > 0) warn(`${counters.badAuthenticated} authenticated events had wrong userId/sessionId`);
  if (hJoined.connectedUsers !== joinedCount || hJoined.activeCalls !== liveCalls) {
    warn(`/health after joins: connectedUsers=${hJoined.connectedUsers} activeCalls=${hJoined.activeCalls}, `
      + `expected ${joinedCount} and ${liveCalls}`);
  }

  // idle window: background cost of N idle connections (heartbeats)
  let idle = null;
  if (!abort && opts.idleMs > 0) {
    progress(`    idle ${opts.idleMs} ms with ${joinedCount} connections`);
    idle = await phaseIdle();
  }

  // (c) ping-pong
  let pp = null;
  if (!abort && opts.pairs > 0 && opts.messages > 0) {
    progress(`(c) ping-pong: ${opts.pairs} pairs x ${opts.messages} offer/answer round trips`);
    pp = await phasePingPong();
    if (pp) checkSaturation('ping-pong', pp);
  }
  const rtt = percentiles(relay.rtt ?? new Float64Array(0), relay.rttCount);
  if (relay.badRelay > 0) warn(`${relay.badRelay} relayed messages had a wrong from/sessionId/sdp`);
  // The open loop reuses the pairs (and their answering handlers): the ping-pong's counts are kept as they were.
  const ppCounts = { ...relay };
  let fixed = null;
  if (pp && !abort && opts.rate > 0 && opts.rateSeconds > 0) {
    progress(`(c2) open loop: ${opts.rate} offers/s for ${opts.rateSeconds} s over ${pp.pairs} pairs`);
    fixed = await phaseFixedRate(choosePairs().slice(0, pp.pairs));
  }

  const dropped = Object.values(errors.unexpectedDisconnect).reduce((a, b) => a + b, 0);
  if (dropped > 0) warn(`${dropped} sockets were disconnected by the server or the network before phase (d)`);

  // (d) disconnect
  progress(`(d) disconnecting ${N} sockets`);
  const disc = await phaseDisconnect();

  // ----- numbers
  const perJoin = connect.serverCpuSec !== undefined && joinedCount > 0
    ? (connect.serverCpuSec * 1000) / joinedCount : undefined;
  const rssGrowthKiB = connect.serverRssAfterKiB !== undefined
    ? connect.serverRssAfterKiB - connect.serverRssBeforeKiB : undefined;
  const idleCpuRate = idle?.serverCpuSec !== undefined ? idle.serverCpuSec / idle.wallSec : undefined;
  // Relayed = delivered by the server to the other member, offers and answers alike.
  const relayedOk = ppCounts.offersReceived + ppCounts.answersReceived;
  const result = {
    meta,
    server: {
      baseline: base,
      quietCheck: { machineBusyPct: quiet.machineBusyPct, otherCpuPct: quiet.otherCpuPct, serverCpuPct: quiet.serverCpuPct },
      health: { start: h0, afterJoin: hJoined, afterDisconnect: disc.health },
    },
    connect: {
      mint: opts.mint,
      mintMs: mintLat,
      attempted: N,
      joined: joinedCount,
      failed: N - joinedCount,
      fullCalls,
      wallSec: connect.wallSec,
      joinsPerSec: joinedCount / connect.wallSec,
      connectMs: connectLat,
      joinAckMs: joinLat,
      serverCpuSec: connect.serverCpuSec,
      serverCpuMsPerJoin: perJoin,
      serverSysMsPerJoin: connect.serverSysSec !== undefined && joinedCount > 0
        ? (connect.serverSysSec * 1000) / joinedCount : undefined,
      serverRssBeforeKiB: connect.serverRssBeforeKiB,
      serverRssAfterKiB: connect.serverRssAfterKiB,
      serverRssGrowthKiB: rssGrowthKiB,
      serverRssKiBPerConnection: rssGrowthKiB !== undefined && joinedCount > 0 ? rssGrowthKiB / joinedCount : undefined,
      serverThreads: connect.serverThreads,
      client: clientPart(connect),
      first,
    },
    idle: idle && {
      wallSec: idle.wallSec,
      connections: joinedCount,
      serverCpuSec: idle.serverCpuSec,
      serverCpuPct: idle.serverCpuPct,
      serverCpuUsPerConnectionSecond: idle.serverCpuSec !== undefined && joinedCount > 0
        ? (idle.serverCpuSec * 1e6) / (joinedCount * idle.wallSec) : undefined,
      serverRssKiB: idle.serverRssAfterKiB,
      client: clientPart(idle),
    },
    pingPong: pp && {
      pairs: pp.pairs,
      roundTripsPerPair: opts.messages,
      roundTrips: ppCounts.rttCount,
      relayedMessages: relayedOk,
      wallSec: pp.wallSec,
      relayedPerSec: relayedOk / pp.wallSec,
      roundTripsPerSec: ppCounts.rttCount / pp.wallSec,
      rttMs: rtt,
      serverCpuSec: pp.serverCpuSec,
      serverCpuPct: pp.serverCpuPct,
      serverCpuUsPerMessage: pp.serverCpuSec !== undefined && relayedOk > 0 ? (pp.serverCpuSec * 1e6) / relayedOk : undefined,
      serverSysUsPerMessage: pp.serverSysSec !== undefined && relayedOk > 0 ? (pp.serverSysSec * 1e6) / relayedOk : undefined,
      serverCpuUsPerMessageNetOfIdle: pp.serverCpuSec !== undefined && idleCpuRate !== undefined && relayedOk > 0
        ? ((pp.serverCpuSec - idleCpuRate * pp.wallSec) * 1e6) / relayedOk : undefined,
      serverRssKiB: pp.serverRssAfterKiB,
      badRelay: ppCounts.badRelay,
      client: clientPart(pp),
    },
    openLoop: fixed && {
      offersPerSec: opts.rate,
      seconds: opts.rateSeconds,
      offersSent: fixed.sent,
      answered: fixed.answered,
      lateSends: fixed.late,
      rttMs: fixed.rttMs,
      serverCpuPct: fixed.d.serverCpuPct,
      serverCpuUsPerMessage: fixed.d.serverCpuSec !== undefined && fixed.answered > 0
        ? (fixed.d.serverCpuSec * 1e6) / (2 * fixed.answered) : undefined,
      serverSysUsPerMessage: fixed.d.serverSysSec !== undefined && fixed.answered > 0
        ? (fixed.d.serverSysSec * 1e6) / (2 * fixed.answered) : undefined,
      client: clientPart(fixed.d),
    },
    disconnect: {
      wallSec: disc.wallSec,
      drained: disc.drained,
      serverCpuSec: disc.serverCpuSec,
      serverRssAfterKiB: disc.serverRssAfterKiB,
      serverHwmKiB: disc.serverHwmKiB,
      client: clientPart(disc),
    },
    errors,
    warnings,
  };

  printTable(result);
  if (opts.json) console.log(JSON.stringify(result));
  const ok = joinedCount === N && !abort && dropped === 0 && (pp === null || (ppCounts.rttCount === pp.pairs * opts.messages
    && Object.keys(errors.relay).length === 0 && ppCounts.badRelay === 0 && pp.pairs === opts.pairs))
    && (fixed === null || fixed.answered === fixed.sent);
  return ok ? 0 : 1;
}

/** Soft "Max open files" of a process, or null when unknown/unlimited. */
function openFilesLimit(pid) {
  const text = safe(() => readFileSync(`/proc/${pid}/limits`, 'utf8'));
  const m = text && /^Max open files\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : null;
}

function safe(fn) {
  try {
    return fn();
  } catch {
    return null;
  }
}

function sumErrors(prefix) {
  let n = 0;
  for (const [k, v] of Object.entries(errors.relay)) if (k.startsWith(prefix)) n += v;
  return n;
}

function clientPart(d) {
  return {
    cpuSec: d.clientCpuSec,
    cpuPct: d.clientCpuPct,
    eventLoopPct: d.clientEluPct,
    machineBusyPct: d.machineBusyPct,
    machineStealPct: d.machineStealPct,
    otherProcessesCpuPct: d.otherCpuPct,
  };
}

function loadRows(c) {
  return [
    ['client CPU / event loop busy', `${fmt(c.cpuPct, 0)}% of a core / ${fmt(c.eventLoopPct, 0)}%`],
    ['machine busy (all cores)', `${fmt(c.machineBusyPct, 0)}%  (other processes ${opts.pid !== undefined
      ? `${fmt(c.otherProcessesCpuPct, 0)}% of a core` : 'n/a'}${c.machineStealPct >= 0.5
      ? `, hypervisor steal ${fmt(c.machineStealPct, 1)}%` : ''})`],
  ];
}

function printTable(r) {
  const m = r.meta;
  out(`\nSecureVOX Call load — ${m.date}`);
  out(`  target ${m.url}  server pid ${m.pid ?? 'n/a'}  node ${m.node}  ${m.cpus} cpus (${m.cpuModel})  `
    + `${fmt(m.memTotalGiB)} GiB`);
  if (m.niceness.client !== 0 || (m.niceness.server ?? 0) !== 0) {
    out(`  niceness: client ${m.niceness.client}, server ${m.niceness.server ?? 'n/a'}`);
  }
  out(`  connections ${m.connections}  pairs ${m.pairs}  messages/pair ${m.messages}  concurrency ${m.concurrency}  `
    + `sdp ${m.sdpBytes.offer}/${m.sdpBytes.answer} B`);
  out(`  tokens: ${m.mint === 'rest'
    ? `minted by the server, POST /api/call/token (${m.mintSockets} keep-alive connections)`
    : 'signed locally by the load tool (no mint request)'}`);
  const c = r.connect;
  const base = r.server.baseline;
  table('(a) baseline', [
    ['server RSS', base ? `${fmt(mib(base.rssKiB))} MiB` : 'n/a'],
    ['server CPU time so far', base ? `${fmt(base.cpuSec, 2)} s` : 'n/a'],
    ['server threads', base ? `${base.threads}` : 'n/a'],
    ['machine busy before start', `${fmt(r.server.quietCheck.machineBusyPct, 0)}%  (other processes ${opts.pid !== undefined
      ? `${fmt(r.server.quietCheck.otherCpuPct, 0)}% of a core` : 'n/a'})`],
  ]);
  const rest = c.mint === 'rest';
  table(rest ? '(b) token mint (REST) + connect + authenticate + join_call'
    : '(b) connect + authenticate + join_call (tokens signed locally)', [
    ['token mint', rest ? 'rest: POST /api/call/token per join' : 'local: no mint request'],
    ['joined / attempted', `${c.joined} / ${c.attempted}  (${c.fullCalls} full calls)`],
    ['wall time', `${fmt(c.wallSec, 2)} s`],
    ['joins/s', fmtInt(c.joinsPerSec)],
    ...(rest ? [['token mint ms p50 / p99', `${fmt(c.mintMs.p50, 2)} / ${fmt(c.mintMs.p99, 2)}`]] : []),
    ['connect→authenticated ms p50 / p99', `${fmt(c.connectMs.p50, 2)} / ${fmt(c.connectMs.p99, 2)}`],
    ['join ack ms p50 / p99', `${fmt(c.joinAckMs.p50, 2)} / ${fmt(c.joinAckMs.p99, 2)}`],
    ['server CPU', c.serverCpuSec !== undefined ? `${fmt(c.serverCpuSec, 2)} s` : 'n/a'],
    ['server CPU per join', c.serverCpuMsPerJoin !== undefined
      ? `${fmt(c.serverCpuMsPerJoin, 3)} ms (${rest ? 'mint included' : 'no mint'})` : 'n/a'],
    ['  … of which in the kernel', c.serverSysMsPerJoin !== undefined ? `${fmt(c.serverSysMsPerJoin, 3)} ms` : 'n/a'],
    ['server RSS before → after', c.serverRssBeforeKiB !== undefined
      ? `${fmt(mib(c.serverRssBeforeKiB))} → ${fmt(mib(c.serverRssAfterKiB))} MiB` : 'n/a'],
    ['server RSS growth per connection', c.serverRssKiBPerConnection !== undefined
      ? `${fmt(c.serverRssKiBPerConnection, 2)} KiB` : 'n/a'],
    ['server threads', c.serverThreads ?? 'n/a'],
    ...(c.first ? [
      [`first ${fmtInt(c.first.joins)} joins: wall time`, `${fmt(c.first.wallSec, 2)} s`],
      [`  … server CPU per join`, c.first.serverCpuMsPerJoin !== undefined ? `${fmt(c.first.serverCpuMsPerJoin, 3)} ms` : 'n/a'],
      [`  … connect→authenticated ms p50 / p99`, `${fmt(c.first.connectMs.p50, 2)} / ${fmt(c.first.connectMs.p99, 2)}`],
      [`  … join ack ms p50 / p99`, `${fmt(c.first.joinAckMs.p50, 2)} / ${fmt(c.first.joinAckMs.p99, 2)}`],
    ] : []),
    ...loadRows(c.client),
  ]);
  if (r.idle) {
    const i = r.idle;
    table(`    idle window (${fmt(i.wallSec, 1)} s, ${i.connections} connections)`, [
      ['server CPU (heartbeats etc.)', i.serverCpuPct !== undefined
        ? `${fmt(i.serverCpuPct, 1)}% of a core (${fmt(i.serverCpuSec, 2)} s)` : 'n/a'],
      ['server RSS', i.serverRssKiB !== undefined ? `${fmt(mib(i.serverRssKiB))} MiB` : 'n/a'],
    ]);
  }
  if (r.pingPong) {
    const p = r.pingPong;
    table('(c) offer/answer ping-pong', [
      ['pairs × round trips', `${p.pairs} × ${p.roundTripsPerPair} = ${p.roundTrips} round trips`],
      ['relayed messages (offer + answer)', fmtInt(p.relayedMessages)],
      ['wall time', `${fmt(p.wallSec, 2)} s`],
      ['relayed messages/s', fmtInt(p.relayedPerSec)],
      ['RTT ms p50 / p90 / p99 / max', `${fmt(p.rttMs.p50, 2)} / ${fmt(p.rttMs.p90, 2)} / ${fmt(p.rttMs.p99, 2)} / ${fmt(p.rttMs.max, 2)}`],
      ['server CPU', p.serverCpuSec !== undefined ? `${fmt(p.serverCpuSec, 2)} s (${fmt(p.serverCpuPct, 0)}% of a core)` : 'n/a'],
      ['server CPU per relayed message', p.serverCpuUsPerMessage !== undefined ? `${fmt(p.serverCpuUsPerMessage, 1)} µs` : 'n/a'],
      ['  … of which in the kernel', p.serverSysUsPerMessage !== undefined ? `${fmt(p.serverSysUsPerMessage, 1)} µs` : 'n/a'],
      ['  … net of idle background', p.serverCpuUsPerMessageNetOfIdle !== undefined ? `${fmt(p.serverCpuUsPerMessageNetOfIdle, 1)} µs` : 'n/a'],
      ['server RSS', p.serverRssKiB !== undefined ? `${fmt(mib(p.serverRssKiB))} MiB` : 'n/a'],
      ...loadRows(p.client),
    ]);
  }
  if (r.openLoop) {
    const o = r.openLoop;
    table(`(c2) open loop: ${fmtInt(o.offersPerSec)} offers/s for ${o.seconds} s`, [
      ['offers sent / answered', `${fmtInt(o.offersSent)} / ${fmtInt(o.answered)}${o.lateSends ? ` (${o.lateSends} sent late)` : ''}`],
      ['RTT ms p50 / p90 / p99 / max', `${fmt(o.rttMs.p50, 2)} / ${fmt(o.rttMs.p90, 2)} / ${fmt(o.rttMs.p99, 2)} / ${fmt(o.rttMs.max, 2)}`],
      ['server CPU', o.serverCpuPct !== undefined ? `${fmt(o.serverCpuPct, 0)}% of a core` : 'n/a'],
      ['server CPU per relayed message', o.serverCpuUsPerMessage !== undefined ? `${fmt(o.serverCpuUsPerMessage, 1)} µs` : 'n/a'],
      ['  … of which in the kernel', o.serverSysUsPerMessage !== undefined ? `${fmt(o.serverSysUsPerMessage, 1)} µs` : 'n/a'],
      ...loadRows(o.client),
    ]);
  }
  const d = r.disconnect;
  table('(d) disconnect all', [
    ['until /health shows none', `${fmt(d.wallSec, 2)} s${d.drained ? '' : ' (NOT drained)'}`],
    ['server CPU', d.serverCpuSec !== undefined ? `${fmt(d.serverCpuSec, 2)} s` : 'n/a'],
    ['server RSS after / peak (VmHWM)', d.serverRssAfterKiB !== undefined
      ? `${fmt(mib(d.serverRssAfterKiB))} / ${fmt(mib(d.serverHwmKiB))} MiB` : 'n/a'],
  ]);
  const errs = Object.entries(r.errors).filter(([, v]) => Object.keys(v).length > 0);
  if (errs.length > 0) {
    out('\nerrors');
    for (const [k, v] of errs) out(`  ${k}: ${JSON.stringify(v)}`);
  }
  if (r.warnings.length > 0) {
    out('\nwarnings');
    for (const w of r.warnings) out(`  - ${w}`);
  }
  out('');
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
