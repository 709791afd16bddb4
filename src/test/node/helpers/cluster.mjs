// Several server processes sharing calls through Redis, as docs/deploy.md "Several nodes" lays them out: a private
// redis-server on a free port (never the machine's shared one), optionally three Redis Sentinels monitoring it, a socat
// TCP relay per node in front of Redis that a test can cut and restore, N servers with distinct SECUREVOX_CALL_NODE_ID
// sharing one PostgreSQL database made for the run (dropped at the end), and Debian's nginx with the shipped site in
// front of them. Everything is stopped by stop(), and killed when the test process exits without it.
//
// Not a test file: only `*.test.mjs` files are picked up by `node --test src/test/node/`.

import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { claims, signJwt } from './client.mjs';
import { freePort, startNginx } from './nginx.mjs';
import { testCa } from './pki.mjs';
import { startServer, waitUntil } from './server.mjs';

// Process groups of the helpers' own children (redis, sentinels, socat and its forks), killed if the process exits
// before stop(): a failed test never leaves one behind.
const groups = new Set();
process.on('exit', () => {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** A child in a process group of its own (so its forks go with it), with its output kept. */
function spawnGroup(command, args) {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  groups.add(child.pid);
  const proc = { child, output: '', exited: undefined };
  child.stdout.on('data', (c) => { proc.output += c; });
  child.stderr.on('data', (c) => { proc.output += c; });
  proc.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      groups.delete(child.pid);
      resolve({ code, signal });
    });
    child.once('error', (err) => {
      groups.delete(child.pid);
      proc.output += `\n[spawn error] ${err.message}\n`;
      resolve({ code: null, signal: null, error: err });
    });
  });
  proc.alive = () => child.exitCode === null && child.signalCode === null;
  /** Kills the whole group (SIGKILL: a relay cut is abrupt) and resolves once the leader has exited. */
  proc.kill = async (signal = 'SIGKILL') => {
    if (proc.alive()) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    }
    await proc.exited;
  };
  return proc;
}

// ---- Redis, spoken directly (RESP2), so the test reads keys without a client library or redis-cli per sample ----

/** Parses one RESP2 reply from `buf` at `at`: [value, next] or undefined when incomplete. Errors come back as Error. */
function parseReply(buf, at = 0) {
  if (at >= buf.length) return undefined;
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[at]);
  const line = buf.toString('utf8', at + 1, eol);
  const next = eol + 2;
  switch (type) {
    case '+': return [line, next];
    case '-': return [new Error(line), next];
    case ':': return [Number(line), next];
    case '$': {
      const len = Number(line);
      if (len < 0) return [null, next];
      if (buf.length < next + len + 2) return undefined;
      return [buf.toString('utf8', next, next + len), next + len + 2];
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return [null, next];
      const items = [];
      let pos = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, pos);
        if (!item) return undefined;
        items.push(item[0]);
        pos = item[1];
      }
      return [items, pos];
    }
    default:
      throw new Error(`redis: reply type ${JSON.stringify(type)} (expected: one of +-:$*)`);
  }
}

/** One command on a connection of its own; resolves its reply (an Error reply rejects). Bounded by timeoutMs. */
export function redisCommand(port, args, { timeoutMs = 1_000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    const fail = (err) => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`redis ${args[0]} on port ${port}: no reply within ${timeoutMs} ms`)));
    socket.on('error', fail);
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const reply = parseReply(buf);
      if (!reply) return;
      socket.destroy();
      if (reply[0] instanceof Error) reject(reply[0]);
      else resolve(reply[0]);
    });
    const encoded = args.map((a) => {
      const s = Buffer.from(String(a), 'utf8');
      return `$${s.length}\r\n${s.toString('utf8')}\r\n`;
    });
    socket.write(`*${args.length}\r\n${encoded.join('')}`);
  });
}

/**
 * A private redis-server on a free port, without persistence: {port, url, command(...args), stop()}. With `replicaOf`
 * (a port), a replica of that primary, resolved once it has the primary's data.
 */
export async function startRedis({ replicaOf } = {}) {
  const port = await freePort();
  const replica = replicaOf ? ['--replicaof', '127.0.0.1', String(replicaOf)] : [];
  // A replica (and a primary that a failover makes one) writes the data it is sent to its working directory: one of
  // its own, never the test's.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'securevox-redis-'));
  const proc = spawnGroup('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...replica]);
  await waitUntil(async () => {
    assert.ok(proc.alive(), `redis-server exited:\n${proc.output}`);
    if (replicaOf) return /master_link_status:up/.test(await redisCommand(port, ['INFO', 'replication']).catch(() => ''));
    return (await redisCommand(port, ['PING']).catch(() => null)) === 'PONG';
  }, { timeoutMs: 10_000, message: `redis-server on port ${port}${replicaOf ? ` in sync with ${replicaOf}` : ''}` });
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    proc,
    command: (...args) => redisCommand(port, args),
    async stop() {
      await proc.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `count` Redis Sentinels (redis-server --sentinel) monitoring the primary on `primaryPort` as `master` (quorum: a
 * majority; a primary silent for 3 s is down). Resolves once each names the primary: {ports, url(db?) for SECUREVOX_CALL_REDIS_URL, stop()}.
 */
export async function startSentinels(primaryPort, master, count = 3) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'securevox-sentinel-'));
  const sentinels = [];
  try {
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      // Sentinel rewrites its configuration file: one each, in a directory of the test's own.
      const conf = path.join(dir, `sentinel-${i}.conf`);
      // A primary that does not answer for 3 s is down (the default, 30 s, would outlast every lease); a failover that
      // stalls is tried again after 10 s.
      writeFileSync(conf, [
        `sentinel monitor ${master} 127.0.0.1 ${primaryPort} ${Math.floor(count / 2) + 1}`,
        `sentinel down-after-milliseconds ${master} 3000`,
        `sentinel failover-timeout ${master} 10000`,
        '',
      ].join('\n'));
      const proc = spawnGroup('redis-server', [conf, '--sentinel', '--port', String(port), '--bind', '127.0.0.1']);
      sentinels.push({ port, proc });
    }
    for (const s of sentinels) {
      await waitUntil(async () => {
        assert.ok(s.proc.alive(), `sentinel exited:\n${s.proc.output}`);
        const addr = await redisCommand(s.port, ['SENTINEL', 'get-master-addr-by-name', master]).catch(() => null);
        return Array.isArray(addr) && addr[1] === String(primaryPort);
      }, { timeoutMs: 10_000, message: `sentinel on port ${s.port} naming the primary` });
    }
  } catch (e) {
    await Promise.all(sentinels.map((s) => s.proc.kill()));
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    ports: sentinels.map((s) => s.port),
    url: `redis-sentinel://${sentinels.map((s) => `127.0.0.1:${s.port}`).join(',')}/${master}`,
    async stop() {
      await Promise.all(sentinels.map((s) => s.proc.kill('SIGTERM')));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A socat relay on a free port to 127.0.0.1:targetPort: {port, url, cut(), restore(), stop()}. cut() kills socat and
 * every connection it forwards (the node sees its connections reset and new ones refused); restore() listens again on
 * the same port.
 */
export async function startRelay(targetPort) {
  const port = await freePort();
  let proc;
  const listen = async () => {
    proc = spawnGroup('socat', [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, `TCP:127.0.0.1:${targetPort}`]);
    await waitUntil(async () => {
      assert.ok(proc.alive(), `socat exited:\n${proc.output}`);
      return (await redisCommand(port, ['PING']).catch(() => null)) === 'PONG';
    }, { timeoutMs: 10_000, message: `socat relay on port ${port}` });
  };
  await listen();
  const relay = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async cut() {
      relay.isCut = true;
      await proc.kill();
    },
    async restore() {
      await listen();
      relay.isCut = false;
    },
    stop: () => proc.kill(),
    isCut: false,
  };
  return relay;
}

// ---- PostgreSQL: a database of the run's own in the machine's shared server (127.0.0.1:5432, trust) ----

function psql(sql) {
  execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-v', 'ON_ERROR_STOP=1', '-qc', sql], {
    stdio: 'pipe',
  });
}

/** A fresh database: {url (for SECUREVOX_CALL_DATABASE_URL), drop()} (dropped with whatever still uses it). */
export function createDatabase() {
  const name = `securevox_node_${randomBytes(6).toString('hex')}`;
  psql(`CREATE DATABASE ${name}`);
  return {
    name,
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    drop: () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

// ---- the cluster ----

/**
 * Starts `nodes` servers (node ids node-1 … node-N) behind nginx. With `sentinel`, the servers reach Redis through
 * three Sentinels (redis-sentinel://…) monitoring a primary (cluster.redis) and its replica (cluster.replica), as
 * docs/deploy.md lays them out, so a test can fail over; otherwise each through a relay of its own (cluster.relays[i]). `env` goes to
 * every server. Resolves {redis, sentinels, relays, db, pki, nginx, url, nodes: [{id, server, relay}], jwtSecret,
 * token(userId, sessionId), node(id), restart(id), stop()}.
 */
export async function startCluster({ nodes = 3, sentinel = false, env = {} } = {}) {
  const jwtSecret = `cluster-jwt-secret-${process.pid}-${randomBytes(8).toString('hex')}`;
  const apiKey = `cluster-api-key-${process.pid}-${randomBytes(4).toString('hex')}`;
  const cluster = {
    jwtSecret,
    apiKey,
    nodes: [],
    relays: [],
    token: (userId, sessionId) => signJwt(jwtSecret, claims(userId, sessionId)),
    node: (id) => cluster.nodes.find((n) => n.id === id),
  };
  const stoppers = [];
  cluster.stop = async () => {
    const errors = [];
    for (const stop of stoppers.reverse()) {
      try {
        await stop();
      } catch (e) {
        errors.push(e);
      }
    }
    stoppers.length = 0;
    if (errors.length) throw errors[0];
  };
  try {
    cluster.redis = await startRedis();
    stoppers.push(() => cluster.redis.stop());
    cluster.db = createDatabase();
    stoppers.push(() => cluster.db.drop());
    if (sentinel) {
      cluster.replica = await startRedis({ replicaOf: cluster.redis.port });
      // cluster.redis and cluster.replica trade places in a failover: stop whichever each is then.
      stoppers.push(() => cluster.replica.stop());
      cluster.sentinels = await startSentinels(cluster.redis.port, 'securevox');
      stoppers.push(() => cluster.sentinels.stop());
    }
    const nodeEnv = (id, redisUrl) => ({
      SECUREVOX_CALL_JWT_SECRET: jwtSecret,
      SECUREVOX_CALL_API_KEY: apiKey,
      SECUREVOX_CALL_BEHIND_PROXY: 'true',
      SECUREVOX_CALL_TRUSTED_PROXIES: '127.0.0.1/32',
      SECUREVOX_CALL_REDIS_URL: redisUrl,
      SECUREVOX_CALL_DATABASE_URL: cluster.db.url,
      SECUREVOX_CALL_NODE_ID: id,
      ...env,
    });
    for (let i = 0; i < nodes; i++) {
      const id = `node-${i + 1}`;
      let relay;
      if (!sentinel) {
        relay = await startRelay(cluster.redis.port);
        cluster.relays.push(relay);
        stoppers.push(() => relay.stop());
      }
      const node = { id, relay, env: nodeEnv(id, sentinel ? cluster.sentinels.url : relay.url) };
      cluster.nodes.push(node);
    }
    stoppers.push(() => Promise.all(cluster.nodes.map((n) => n.server?.stop())));
    // One after another, each given a minute: three JVMs starting at once on a busy machine may take longer than that.
    for (const node of cluster.nodes) {
      node.server = await startServer(node.env);
      node.port = node.server.port;
    }
    cluster.pki = testCa();
    stoppers.push(() => rmSync(cluster.pki.dir, { recursive: true, force: true }));
    cluster.nginx = await startNginx(cluster.nodes.map((n) => n.server), cluster.pki);
    stoppers.push(() => cluster.nginx.stop());
    cluster.url = cluster.nginx.url;
  } catch (e) {
    await cluster.stop().catch(() => {});
    throw e;
  }
  /** Starts node `id` again (after a kill) with its id, port and settings: nginx finds it where it was. */
  cluster.restart = async (id) => {
    const node = cluster.node(id);
    assert.ok(node.server.exitInfo, `${id} still runs (expected: stopped or killed first)`);
    node.server = await startServer({ ...node.env, SECUREVOX_CALL_PORT: String(node.port) });
  };
  return cluster;
}

/** The node's /health body (throws on a non-200 answer or none). */
export async function health(node) {
  const res = await node.server.health();
  assert.equal(res.status, 200, `${node.id} /health: ${res.status} ${res.text}`);
  return res.json;
}
