// Several nodes (issue 15): what clustering costs and what it buys, on a private redis-server and PostgreSQL database.
//
//   joins: two-party calls joined as fast as --concurrency allows, on one node and on three; each call's members go to
//          the node its id hashes to, as nginx's consistent hash on ?call= sends them. Joins/s and the CPU of every
//          server process and of Redis per join.
//   relay: --pairs two-party calls doing --rounds offer/answer rounds each (closed loop, ~2.4 KB SDPs), with both
//          members on the call's node ("same") and with the callee on another node ("cross": its events go through
//          the node bus). Round-trip p50/p99 and CPU (nodes + Redis) per relayed message.
//
// Each measurement follows a warm-up of --warmup calls (joined, then left) on every node: cold start is issue 17's.
//
//   cd bench && npm ci && node cluster.mjs [--calls 1000] [--warmup 500] [--concurrency 50] [--pairs 20] [--rounds 500]
//                                          [--only joins|relay]
import { cpuSeconds, joined, percentile, privateStore, startNode, token } from './cluster-nodes.mjs';
import { ANSWER_SDP, OFFER_SDP } from './sdp.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const calls = Number(option('calls', 1000));
const concurrency = Number(option('concurrency', 50));
const pairs = Number(option('pairs', 20));
const rounds = Number(option('rounds', 500));
const warmup = Number(option('warmup', 500));
const only = option('only', 'all');

/** CPU seconds of every process that serves: the nodes and Redis. */
function serverCpu(nodes, store) {
  return nodes.reduce((sum, n) => sum + cpuSeconds(n.child.pid), cpuSeconds(store.redisPid));
}

async function cluster(name, size) {
  const store = await privateStore(name);
  const nodes = [];
  for (let i = 0; i < size; i++) nodes.push(await startNode(`${name}-${i}`, store.env, ['-Xmx512m']));
  return {
    store,
    nodes,
    async close() {
      for (const n of nodes) await n.stop();
      store.close();
    },
  };
}

/** A stable spread of call ids over nodes (any even spread does; nginx's ketama hash is one). */
function nodeOf(sessionId, nodes) {
  let h = 0;
  for (const c of sessionId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return nodes[h % nodes.length];
}

/** Tokens for two members of each of `count` calls, each member bound for the node its call hashes to. */
async function joinWork(prefix, count, nodes) {
  const work = [];
  for (let i = 0; i < count; i++) {
    const sessionId = `${prefix}_${i}`;
    const node = nodeOf(sessionId, nodes);
    for (const user of ['alice', 'bob']) work.push({ node, sessionId, auth: await token(node, user, sessionId) });
  }
  return work;
}

/** Joins every item of `work`, --concurrency at a time; resolves with the joined sockets. */
async function joinAll(work) {
  const sockets = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < work.length) {
      const w = work[next++];
      sockets.push((await joined(w.node, w.sessionId, w.auth)).socket);
    }
  }));
  return sockets;
}

async function joinsOn(size) {
  const c = await cluster(`joins${size}`, size);
  try {
    for (const s of await joinAll(await joinWork(`bench_w${size}`, warmup * size, c.nodes))) s.close();
    const work = await joinWork(`bench_j${size}`, calls, c.nodes);
    const cpu0 = serverCpu(c.nodes, c.store);
    const t0 = performance.now();
    const sockets = await joinAll(work);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = serverCpu(c.nodes, c.store) - cpu0;
    for (const s of sockets) s.close();
    return {
      nodes: size,
      joins: work.length,
      joinsPerSecond: Math.round(work.length / seconds),
      cpuMsPerJoin: Number(((cpu * 1000) / work.length).toFixed(3)),
    };
  } finally {
    await c.close();
  }
}

/** Offer/answer rounds between two joined sockets; resolves with each round's round trip in ms. */
function pingPong(caller, callee, callerId, calleeId) {
  return new Promise((resolve, reject) => {
    const rtts = [];
    callee.on('offer', () => callee.emit('answer', { to: callerId, sdp: { type: 'answer', sdp: ANSWER_SDP } }));
    let t0 = 0;
    const round = () => {
      if (rtts.length === rounds) {
        resolve(rtts);
        return;
      }
      t0 = performance.now();
      caller.emit('offer', { to: calleeId, sdp: { type: 'offer', sdp: OFFER_SDP } }, (ack) => {
        if (ack?.ok !== true) reject(new Error(`offer: ${JSON.stringify(ack)}`));
      });
    };
    caller.on('answer', () => {
      rtts.push(performance.now() - t0);
      round();
    });
    round();
  });
}

/** Joins and relays on every node of the pair before anything is measured. */
async function warmRelay(a, b, placement) {
  for (let i = 0; i < Math.ceil(warmup / 50); i++) {
    const sessionId = `bench_rw_${placement}_${i}`;
    const caller = await joined(a, sessionId, await token(a, 'alice', sessionId));
    const calleeNode = placement === 'cross' ? b : a;
    const callee = await joined(calleeNode, sessionId, await token(calleeNode, 'bob', sessionId));
    await pingPong(caller.socket, callee.socket, 'alice', 'bob');
    caller.socket.close();
    callee.socket.close();
  }
}

async function relay(placement) {
  const c = await cluster(`relay${placement}`, 2);
  const [a, b] = c.nodes;
  try {
    await warmRelay(a, b, placement);
    const members = [];
    for (let i = 0; i < pairs; i++) {
      const sessionId = `bench_r_${placement}_${i}`;
      // The caller joins first on A, so A owns the call; the callee joins on A or on B.
      const caller = await joined(a, sessionId, await token(a, 'alice', sessionId));
      const calleeNode = placement === 'cross' ? b : a;
      const callee = await joined(calleeNode, sessionId, await token(calleeNode, 'bob', sessionId));
      members.push([caller.socket, callee.socket]);
    }
    const cpu0 = serverCpu(c.nodes, c.store);
    const t0 = performance.now();
    const rtts = (await Promise.all(members.map(([x, y]) => pingPong(x, y, 'alice', 'bob')))).flat();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = serverCpu(c.nodes, c.store) - cpu0;
    for (const pair of members) pair.forEach((s) => s.close());
    const messages = rtts.length * 2;
    return {
      placement,
      pairs,
      rounds,
      messagesPerSecond: Math.round(messages / seconds),
      rttP50Ms: Number(percentile(rtts, 50).toFixed(2)),
      rttP99Ms: Number(percentile(rtts, 99).toFixed(2)),
      cpuUsPerMessage: Math.round((cpu * 1e6) / messages),
    };
  } finally {
    await c.close();
  }
}

const result = { machine: { cpus: (await import('node:os')).availableParallelism() } };
if (only === 'all' || only === 'joins') result.joins = [await joinsOn(1), await joinsOn(3)];
if (only === 'all' || only === 'relay') result.relay = [await relay('same'), await relay('cross')];
console.log(JSON.stringify(result, null, 2));
