#!/usr/bin/env node
// Trains the JDK AOT cache (JEP 483/514/515) that bin/securevox-call starts the server with: `make build` and the
// Docker image run this after packaging the jar (docs/deploy.md, "The AOT cache").
//
//   node bench/aot-train.mjs [--launcher bin/securevox-call] [--jar target/securevox-call.jar]
//                            [--cache <jar without .jar>.aot] [--cycles 300] [--parallel 8]
//
// It starts the server through the launcher itself, so the training JVM gets exactly the flags production gets
// (deploy/jvm.options: the collector, compact object headers and module options must match, or the JVM refuses the
// cache), plus -XX:AOTCacheOutput. The server runs privately: production mode on 127.0.0.1, port 0, a throw-away
// SQLite directory, a random secret and API key, no SFU, none of the caller's SECUREVOX_CALL_* settings. The workload
// is what a freshly started server meets: REST token mints, then per call two sockets that connect (one authenticating
// in the handshake, one with the `authenticate` event), join, relay offer/answer/ICE, mute, leave and disconnect, over
// websocket, long-polling and polling upgraded to websocket in turn, plus the probes and the stats endpoints. Then
// SIGTERM: the server drains and exits, and the JVM writes the cache as it exits.
//
// The JVM does not notice when the jar beside a cache is rebuilt (JDK 25.0.3 loads the cached classes of a changed
// jar), so the trainer writes `cksum` of the jar to <cache>.jar-cksum, and the launcher uses the cache only while
// the jar still has that checksum.
//
// Exit status: 0 with the cache written; 1 when training failed (the server's output is kept and named).

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, renameSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import { ANSWER_SDP, OFFER_SDP } from './sdp.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');

const { values: args } = parseArgs({
  options: {
    launcher: { type: 'string', default: path.join(REPO, 'bin', 'securevox-call') },
    jar: { type: 'string', default: path.join(REPO, 'target', 'securevox-call.jar') },
    cache: { type: 'string' },
    cycles: { type: 'string', default: '300' },
    parallel: { type: 'string', default: '8' },
  },
});
const jar = path.resolve(args.jar);
const cache = path.resolve(args.cache ?? jar.replace(/\.jar$/, '') + '.aot');
const cycles = positive('cycles', args.cycles);
const parallel = positive('parallel', args.parallel);
// Deadlines, not speed goals: a shared two-core machine has taken 30 s to start a JVM.
const START_TIMEOUT_MS = 120_000;
const STEP_TIMEOUT_MS = 30_000;
// The drain, then the JVM assembling the cache in a child JVM (about 10 s on two idle cores).
const EXIT_TIMEOUT_MS = 300_000;
const TRANSPORTS = [['websocket'], ['polling'], ['polling', 'websocket']];

function positive(name, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) fail(`--${name}: '${text}' (expected: an integer > 0)`);
  return n;
}

function fail(message) {
  process.stderr.write(`aot-train: ${message}\n`);
  process.exit(1);
}

function deadline(ms, what) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

async function within(ms, what, promise) {
  const d = deadline(ms, what);
  try {
    return await Promise.race([promise, d.promise]);
  } finally {
    d.cancel();
  }
}

function request(url, { method = 'GET', apiKey, body } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { accept: 'application/json' };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/** Resolves with the first payload of `event` on `socket`, rejects on connect_error or after the step deadline. */
function next(socket, event, what) {
  return within(STEP_TIMEOUT_MS, what, new Promise((resolve, reject) => {
    socket.once(event, resolve);
    socket.once('connect_error', (e) => reject(new Error(`${what}: connect_error ${e?.message ?? e}`)));
  }));
}

/** Emits with an acknowledgement and resolves with it; a reply other than ok fails the step. */
function ask(socket, event, payload, what) {
  return within(STEP_TIMEOUT_MS, what, new Promise((resolve, reject) => {
    socket.emit(event, payload, (reply) => {
      if (reply?.ok === true) resolve(reply);
      else reject(new Error(`${what}: ${JSON.stringify(reply)}`));
    });
  }));
}

async function mint(url, apiKey, userId, sessionId) {
  const r = await request(`${url}/api/call/token`, {
    method: 'POST', apiKey, body: { userId, sessionId, role: 'participant' },
  });
  if (r.status !== 200) throw new Error(`POST /api/call/token: HTTP ${r.status} ${r.text}`);
  return JSON.parse(r.text).token;
}

async function cycle(url, apiKey, i) {
  const sessionId = `aot-train-${i}`;
  const a = `a-${i}`;
  const b = `b-${i}`;
  const [tokenA, tokenB] = await Promise.all([mint(url, apiKey, a, sessionId), mint(url, apiKey, b, sessionId)]);
  const options = { transports: TRANSPORTS[i % TRANSPORTS.length], forceNew: true, reconnection: false };
  const sa = io(url, { ...options, auth: { token: tokenA } });
  const sb = io(url, options);
  const aAuthenticated = next(sa, 'authenticated', 'a authenticated');
  const bConnected = next(sb, 'connect', 'b connected');
  try {
    await aAuthenticated;
    await bConnected;
    const bAuthenticated = next(sb, 'authenticated', 'b authenticated');
    sb.emit('authenticate', { token: tokenB });
    await bAuthenticated;

    await ask(sa, 'join_call', { sessionId, metadata: { name: 'A' } }, 'a join_call');
    const joined = next(sa, 'participant_joined', 'a sees b join');
    await ask(sb, 'join_call', { sessionId }, 'b join_call');
    await joined;

    const offer = next(sb, 'offer', 'b gets the offer');
    await ask(sa, 'offer', { to: b, sdp: { type: 'offer', sdp: OFFER_SDP } }, 'a offer');
    await offer;
    const answer = next(sa, 'answer', 'a gets the answer');
    await ask(sb, 'answer', { to: a, sdp: { type: 'answer', sdp: ANSWER_SDP } }, 'b answer');
    await answer;
    const candidate = next(sb, 'ice_candidate', 'b gets a candidate');
    await ask(sa, 'ice_candidate', {
      to: b, candidate: { candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host', sdpMid: '0', sdpMLineIndex: 0 },
    }, 'a ice_candidate');
    await candidate;
    const endOfCandidates = next(sa, 'ice_candidate', 'a gets the end of candidates');
    await ask(sb, 'ice_candidate', { to: a, candidate: null }, 'b ice_candidate');
    await endOfCandidates;
    const updated = next(sb, 'participant_updated', 'b sees a mute');
    await ask(sa, 'mute_audio', { muted: true }, 'a mute_audio');
    await updated;
    await ask(sa, 'mute_video', { muted: true }, 'a mute_video');

    const left = next(sb, 'participant_left', 'b sees a leave');
    await ask(sa, 'leave_call', { sessionId }, 'a leave_call');
    await left;
  } finally {
    sa.close();
    sb.close();
  }
  if (i % 25 === 0) {
    for (const route of ['/health', '/ready', '/metrics', '/api/call/stats', '/api/calls']) {
      const r = await request(`${url}${route}`, { apiKey });
      if (r.status !== 200) throw new Error(`GET ${route}: HTTP ${r.status} ${r.text}`);
    }
  }
}

async function workload(url, apiKey) {
  let nextCycle = 0;
  const worker = async () => {
    while (nextCycle < cycles) {
      const i = nextCycle++;
      await cycle(url, apiKey, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, cycles) }, worker));
}

async function main() {
  if (!existsSync(jar)) fail(`no jar at ${jar} (expected: the packaged server, \`make build\`)`);
  if (!existsSync(args.launcher)) fail(`no launcher at ${args.launcher}`);
  const started = Date.now();
  const work = mkdtempSync(path.join(os.tmpdir(), 'securevox-aot-'));
  const logPath = path.join(work, 'server.log');
  const partial = `${cache}.training`;
  // The checksum of the jar as it is now: what the launcher compares before it uses the cache.
  const fd = openSync(jar, 'r');
  const jarChecksum = execFileSync('cksum', [], { stdio: [fd, 'pipe', 'inherit'] }).toString('utf8').trim();
  closeSync(fd);
  for (const stale of [cache, `${cache}.jar-cksum`, partial, `${partial}.config`]) rmSync(stale, { force: true });

  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('SECUREVOX_CALL_') && k !== 'JAVA_OPTS' && k !== 'JAVA_TOOL_OPTIONS') env[k] = v;
  }
  const apiKey = randomBytes(24).toString('hex');
  Object.assign(env, {
    SECUREVOX_CALL_ENV: 'production',
    SECUREVOX_CALL_HOST: '127.0.0.1',
    SECUREVOX_CALL_PORT: '0',
    SECUREVOX_CALL_JWT_SECRET: randomBytes(32).toString('hex'),
    SECUREVOX_CALL_API_KEY: apiKey,
    SECUREVOX_CALL_DATA_DIR: path.join(work, 'data'),
    SECUREVOX_CALL_SFU: 'off',
    SECUREVOX_CALL_JAR: jar,
    // A name with no file: the training run must not start from an older cache.
    SECUREVOX_CALL_AOT_CACHE: partial,
    JAVA_OPTS: `-XX:AOTCacheOutput=${partial}`,
  });
  const log = createWriteStream(logPath);
  const server = spawn(args.launcher, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exited = null;
  const exit = new Promise((resolve) => server.on('exit', (code, signal) => {
    exited = { code, signal };
    resolve(exited);
  }));
  for (const stream of [server.stdout, server.stderr]) {
    stream.on('data', (chunk) => {
      log.write(chunk);
      if (output.length < 64 * 1024) output += chunk.toString('utf8');
    });
  }
  const giveUp = (message) => {
    if (exited === null) server.kill('SIGKILL');
    rmSync(partial, { force: true });
    rmSync(`${partial}.config`, { force: true });
    fail(`${message}; the server's output: ${logPath}`);
  };

  let url;
  try {
    url = await within(START_TIMEOUT_MS, 'the server to listen', new Promise((resolve, reject) => {
      const check = () => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (m) resolve(m[1]);
      };
      server.stdout.on('data', check);
      server.stderr.on('data', check);
      exit.then((e) => reject(new Error(`the server exited (${JSON.stringify(e)}) before it listened`)));
    }));
    const readyBy = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const r = await request(`${url}/ready`).catch(() => ({ status: 0 }));
      if (r.status === 200) break;
      if (exited !== null || Date.now() > readyBy) throw new Error('the server did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await workload(url, apiKey);
  } catch (e) {
    giveUp(`training failed: ${e.message}`);
  }
  agent.destroy();
  const workloadSeconds = (Date.now() - started) / 1000;

  server.kill('SIGTERM');
  const end = await within(EXIT_TIMEOUT_MS, 'the server to exit after SIGTERM', exit).catch((e) => giveUp(e.message));
  await new Promise((resolve) => log.end(resolve));
  if (end.code !== 0) giveUp(`the server exited with ${JSON.stringify(end)} after SIGTERM`);
  if (!existsSync(partial)) giveUp(`the JVM wrote no cache to ${partial}`);
  renameSync(partial, cache);
  writeFileSync(`${cache}.jar-cksum`, `${jarChecksum}\n`);
  rmSync(work, { recursive: true, force: true });
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`aot-train: ${cache} from ${cycles} calls over websocket and polling`
    + ` (workload ${workloadSeconds.toFixed(1)} s, with the cache written ${seconds.toFixed(1)} s)\n`);
}

await main();
