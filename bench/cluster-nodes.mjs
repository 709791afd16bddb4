// Server nodes on a private redis-server and a fresh PostgreSQL database, for the several-nodes benchmarks
// (takeover.mjs, cluster.mjs). Never the machine's shared Redis: a run flushes and kills its own.
//
// Needs target/securevox-call.jar (make build), redis-server, redis-cli, psql, and PostgreSQL on 127.0.0.1:5432 (trust).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';

const here = path.dirname(fileURLToPath(import.meta.url));
const jar = path.resolve(here, '../target/securevox-call.jar');
const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin/java') : 'java';
const JWT = 'bench-jwt-secret-0123456789-0123456789-abcdef';
const API_KEY = 'bench-api-key-0123456789abcdef';
const CLK_TCK = 100; // Linux's USER_HZ, what /proc/<pid>/stat counts in

export function freePort() {
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
export async function until(check, ms, what) {
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

export function redisCli(port, ...command) {
  return execFileSync('redis-cli', ['-p', String(port), ...command], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

/** CPU seconds a process has used so far (user + system), from /proc. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/**
 * A private redis-server and a fresh PostgreSQL database; `env` is what each node needs to cluster on them.
 * `close()` kills Redis and drops the database.
 */
export async function privateStore(name) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `securevox-${name}-`));
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  await until(() => redisCli(port, 'PING') === 'PONG', 10_000, 'redis-server');
  const database = `securevox_${name}_${process.pid}`;
  psql(`CREATE DATABASE ${database}`);
  return {
    redisPort: port,
    redisPid: redis.pid,
    env: {
      SECUREVOX_CALL_REDIS_URL: `redis://127.0.0.1:${port}`,
      SECUREVOX_CALL_DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}`,
    },
    flush: () => redisCli(port, 'FLUSHALL'),
    close() {
      redis.kill('SIGKILL');
      try {
        psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      } catch {
        // the database may never have been made
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts one server node with `env` on a free port; resolves once /health answers. */
export async function startNode(id, env, jvmFlags = ['-Xmx256m']) {
  const port = await freePort();
  const child = spawn(java, [...jvmFlags, '-jar', jar], {
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
  return {
    id,
    url,
    child,
    async stop() {
      child.kill('SIGKILL');
      await until(() => child.exitCode !== null || child.signalCode !== null, 10_000, `${id} gone`);
    },
  };
}

/** A call token for `userId` in `sessionId`, minted by `node`. */
export async function token(node, userId, sessionId) {
  const response = await fetch(`${node.url}/api/call/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ userId, sessionId, role: 'participant' }),
  });
  if (!response.ok) throw new Error(`token: ${response.status} ${await response.text()}`);
  return (await response.json()).token;
}

/** Connects to `node` and joins; resolves with the socket and the join's ack once it is ok. */
export function joined(node, sessionId, auth) {
  return new Promise((resolve, reject) => {
    const socket = io(node.url, {
      transports: ['websocket'],
      auth: { token: auth },
      query: { call: sessionId },
      reconnection: false,
    });
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

/** The p-th percentile (0..100) of `values`, nearest rank. */
export function percentile(values, p) {
  const sorted = [...values].sort((x, y) => x - y);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
