// Recovery after kill -9 of the node serving a call (issue 15, fault (a)): two servers on a private redis-server and a
// fresh PostgreSQL database, a two-party call on node A, `kill -9` of A, and both clients reconnecting to node B at
// once and joining again, as a client behind nginx's consistent hash would. Recovery is the time from the kill to the
// later of the two join acknowledgements on B (B waits for A's lease to lapse, then resumes the call from its state in
// Redis). Repeated --runs times; prints each run and p50/max as JSON.
//
//   cd bench && npm ci && node takeover.mjs --runs 7
//
// Needs target/securevox-call.jar (make build), redis-server, psql, and PostgreSQL on 127.0.0.1:5432 (trust).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';

const here = path.dirname(fileURLToPath(import.meta.url));
const jar = path.resolve(here, '../target/securevox-call.jar');
const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin/java') : 'java';
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 5) || 5;
const JWT = 'bench-jwt-secret-0123456789-0123456789-abcdef';
const API_KEY = 'bench-api-key-0123456789abcdef';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` every 50 ms until it is true, failing after `ms`. */
async function until(check, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await pause(50);
  }
}

function psql(sql) {
  execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-qc', sql], { stdio: 'ignore' });
}

function redisCli(port, ...command) {
  return execFileSync('redis-cli', ['-p', String(port), ...command], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

async function startNode(id, env) {
  const port = await freePort();
  const child = spawn(java, ['-Xmx256m', '-jar', jar], {
    env: {
      PATH: process.env.PATH,
      SECUREVOX_CALL_ENV: 'production',
      SECUREVOX_CALL_HOST: '127.0.0.1',
      SECUREVOX_CALL_PORT: String(port),
      SECUREVOX_CALL_JWT_SECRET: JWT,
      SECUREVOX_CALL_API_KEY: API_KEY,
      SECUREVOX_CALL_SFU: 'off',
      SECUREVOX_CALL_NODE_ID: id,
      ...env,
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await until(async () => (await fetch(`${url}/health`)).ok, 30_000, `${id} up`);
  return { id, url, child };
}

async function token(node, userId, sessionId) {
  const response = await fetch(`${node.url}/api/call/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ userId, sessionId, role: 'participant' }),
  });
  if (!response.ok) throw new Error(`token: ${response.status} ${await response.text()}`);
  return (await response.json()).token;
}

/** Connects to `node` and joins; resolves with the socket and the join's ack once it is ok. */
function joined(node, sessionId, auth) {
  return new Promise((resolve, reject) => {
    const socket = io(node.url, { transports: ['websocket'], auth: { token: auth }, query: { call: sessionId }, reconnection: false });
    socket.once('connect_error', reject);
    socket.once('authenticated', () => {
      socket.timeout(30_000).emit('join_call', { sessionId }, (err, ack) => {
        if (err) reject(err);
        else if (!ack.ok) reject(new Error(`join_call: ${JSON.stringify(ack)}`));
        else resolve({ socket, ack });
      });
    });
  });
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'securevox-takeover-'));
const redisPort = await freePort();
const redis = spawn('redis-server', ['--port', String(redisPort), '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
await until(() => redisCli(redisPort, 'PING') === 'PONG', 10_000, 'redis-server');
const database = `securevox_bench_${process.pid}`;
psql(`CREATE DATABASE ${database}`);
const env = {
  SECUREVOX_CALL_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
  SECUREVOX_CALL_DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}`,
};

const results = [];
try {
  for (let run = 1; run <= runs; run++) {
    const a = await startNode(`bench-a-${run}`, env);
    const b = await startNode(`bench-b-${run}`, env);
    const call = `bench_call_${run}`;
    const tokens = [await token(a, 'alice', call), await token(a, 'bob', call)];
    const first = [await joined(a, call, tokens[0]), await joined(a, call, tokens[1])];
    // A kill lands anywhere between two renewals of the lease, as a crash would.
    await pause(Math.random() * 3_000);
    const killedAt = performance.now();
    a.child.kill('SIGKILL');
    for (const { socket } of first) socket.close();
    const back = await Promise.all(tokens.map(async (t) => {
      const rejoined = await joined(b, call, t);
      const ms = performance.now() - killedAt;
      rejoined.socket.close();
      return { ms, participants: rejoined.ack.participants.length };
    }));
    const ms = Math.max(...back.map((r) => r.ms));
    results.push(ms);
    console.error(`run ${run}: ${ms.toFixed(0)} ms (participants seen on B: ${back.map((r) => r.participants).join(', ')})`);
    b.child.kill('SIGKILL');
    await until(() => a.child.exitCode !== null || a.child.signalCode !== null, 10_000, 'node A gone');
    await until(() => b.child.exitCode !== null || b.child.signalCode !== null, 10_000, 'node B gone');
    redisCli(redisPort, 'FLUSHALL');
  }
} finally {
  redis.kill('SIGKILL');
  try {
    psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } catch {
    // the database may never have been made
  }
  rmSync(dir, { recursive: true, force: true });
}
const sorted = [...results].sort((x, y) => x - y);
const p50 = sorted[Math.floor((sorted.length - 1) / 2)];
console.log(JSON.stringify({ runs, recoveryMs: results.map(Math.round), p50Ms: Math.round(p50), maxMs: Math.round(sorted.at(-1)) }));
