// The owner sampler of issue 15's fault suite: while a scenario runs, every ~50 ms it asks every node how many calls
// it acts as the owner of (/health `leases`: the leases it holds within their local deadline, the very test the
// server applies before acting as owner), and then reads the call's lease in the private Redis ({call:<id>}:owner =
// "<node>:<epoch>", see cluster/RedisCallOwnership). The count is per node, not per call, so a scenario samples while
// the call under test is the only one with a lease.
//
// The readings of one round are taken one after another, not at one instant, so a round proves something only when it
// is short: a node stops acting as owner at its lease's local deadline, at least MARGIN_MS before Redis forgets the
// lease and another node can take the call. Within a round no longer than that, two nodes both acting, or a node
// acting and then Redis naming another, cannot come from a clean hand-over. violations() lists every such round, and
// every round whose epoch went backwards or whose new owner did not get a higher epoch; decisive() tells how many rounds
// were short enough to judge.
//
// Not a test file: only `*.test.mjs` files are picked up by `node --test src/test/node/`.

import { redisCommand } from './cluster.mjs';

/** How many calls the node acts as owner of now, or undefined when it does not answer (killed, or starting). */
async function leasesActing(node) {
  if (!node.server || node.server.exitInfo) return undefined;
  try {
    const res = await node.server.http('GET', '/health', { timeoutMs: 1_000 });
    return res.status === 200 && Number.isInteger(res.json?.leases) ? res.json.leases : undefined;
  } catch {
    return undefined;
  }
}

// LeaseTimes: a 10 s time to live in Redis, acted on for 9.5 s from before the command was sent.
const MARGIN_MS = 500;
const running = new Set();

/** Stops every sampler still running (for afterEach(), also after a failure). */
export function stopSamplers() {
  for (const stop of running) stop();
  running.clear();
}

/** "<node>:<epoch>" as {node, epoch}; the epoch is the part after the last colon. */
export function parseOwner(value) {
  const at = value.lastIndexOf(':');
  return { node: value.slice(0, at), epoch: Number(value.slice(at + 1)) };
}

/**
 * Starts sampling `sessionId` on `cluster` (helpers/cluster.mjs) every `intervalMs`; stop() ends it and resolves the
 * samples: [{at, owner: {node, epoch} | null (no lease) | undefined (Redis did not answer), acting: {nodeId: count |
 * undefined}}].
 */
export function sampleOwners(cluster, sessionId, { intervalMs = 50 } = {}) {
  const samples = [];
  let on = true;
  const key = `{call:${sessionId}}:owner`;
  const halt = () => { on = false; };
  running.add(halt);
  const loop = (async () => {
    while (on) {
      const started = Date.now();
      const counts = await Promise.all(cluster.nodes.map((n) => leasesActing(n)));
      // after every node answered: a node acting, then Redis naming another, is what a clean hand-over never shows
      const owner = await redisCommand(cluster.redis.port, ['GET', key], { timeoutMs: 500 }).then(
        (v) => (v === null ? null : parseOwner(v)),
        () => undefined,
      );
      const acting = {};
      cluster.nodes.forEach((n, i) => { acting[n.id] = counts[i]; });
      samples.push({ at: started, took: Date.now() - started, owner, acting });
      await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - started))));
    }
  })();
  return {
    samples,
    /** Stops sampling; resolves the samples once the last round is in. */
    async stop() {
      halt();
      running.delete(halt);
      await loop;
      return samples;
    },
    /** How many rounds were short enough to judge (see the file's comment), of how many. */
    decisive() {
      return { decisive: samples.filter((x) => x.took <= MARGIN_MS).length, of: samples.length };
    },
    /** The violations of one owner at a time and of growing epochs, each a line naming the sample. */
    violations() {
      return ownerViolations(samples);
    },
    /** The distinct owners Redis named, in order: ['node-1:1', 'node-2:2', …]. */
    owners() {
      const seen = [];
      for (const s of samples) {
        const v = s.owner && `${s.owner.node}:${s.owner.epoch}`;
        if (v && seen[seen.length - 1] !== v) seen.push(v);
      }
      return seen;
    },
  };
}

/** See sampleOwners: the lines that break the rules, empty when none does. */
export function ownerViolations(samples) {
  const out = [];
  let last;
  for (const s of samples) {
    const when = `${new Date(s.at).toISOString()} (+${s.took} ms)`;
    const acting = Object.entries(s.acting).filter(([, n]) => n > 0).map(([id]) => id);
    const decisive = s.took <= MARGIN_MS;
    if (decisive && acting.length > 1) {
      out.push(`${when}: ${acting.join(' and ')} act as owner at once (redis: ${show(s.owner)})`);
    }
    if (s.owner) {
      for (const id of acting) {
        if (decisive && id !== s.owner.node) out.push(`${when}: ${id} acts as owner, then redis names ${show(s.owner)}`);
      }
      if (last) {
        if (s.owner.epoch < last.epoch) out.push(`${when}: epoch went back from ${show(last)} to ${show(s.owner)}`);
        if (s.owner.epoch === last.epoch && s.owner.node !== last.node) {
          out.push(`${when}: ${show(last)} and ${show(s.owner)} share an epoch`);
        }
      }
      last = s.owner;
    }
  }
  return out;
}

function show(owner) {
  if (owner === null) return 'no owner';
  if (owner === undefined) return 'no answer';
  return `${owner.node}:${owner.epoch}`;
}

/**
 * sampleOwners for several calls at once (every other call having ended): each round reads every node's count, then
 * every call's lease in one MGET. /health counts leases per node, not per call, so a round cannot tell which calls a
 * node acts on; what it can tell is a node acting on more calls than Redis names it the owner of, plus the calls Redis
 * names nobody for (a call given up since the count was read). A node that acts on a call another node holds in Redis
 * shows as that, unless a call Redis names it for but it no longer acts on (its local deadline passed first) or one
 * it took a moment after the count hides it. Each call's epochs are held to ownerViolations' rules.
 * stop() resolves the samples: [{at, took, owners: {sessionId: {node, epoch} | null | undefined}, acting}].
 */
export function sampleOwnersOf(cluster, sessionIds, { intervalMs = 50 } = {}) {
  const samples = [];
  let on = true;
  const keys = sessionIds.map((id) => `{call:${id}}:owner`);
  const halt = () => { on = false; };
  running.add(halt);
  const loop = (async () => {
    while (on) {
      const started = Date.now();
      const counts = await Promise.all(cluster.nodes.map((n) => leasesActing(n)));
      const values = await redisCommand(cluster.redis.port, ['MGET', ...keys], { timeoutMs: 500 }).catch(() => undefined);
      const owners = {};
      sessionIds.forEach((id, i) => {
        owners[id] = values === undefined ? undefined : values[i] === null ? null : parseOwner(values[i]);
      });
      const acting = {};
      cluster.nodes.forEach((n, i) => { acting[n.id] = counts[i]; });
      samples.push({ at: started, took: Date.now() - started, owners, acting });
      await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - started))));
    }
  })();
  const ofCall = (id) => samples.map((s) => ({ at: s.at, took: s.took, owner: s.owners[id], acting: {} }));
  return {
    samples,
    async stop() {
      halt();
      running.delete(halt);
      await loop;
      return samples;
    },
    decisive() {
      return { decisive: samples.filter((x) => x.took <= MARGIN_MS).length, of: samples.length };
    },
    violations() {
      const out = [];
      for (const s of samples) {
        if (s.took > MARGIN_MS || Object.values(s.owners).includes(undefined)) continue;
        const when = `${new Date(s.at).toISOString()} (+${s.took} ms)`;
        const owned = Object.values(s.owners);
        const unowned = owned.filter((o) => o === null).length;
        const total = Object.values(s.acting).reduce((sum, n) => sum + (n ?? 0), 0);
        if (total > sessionIds.length) out.push(`${when}: ${JSON.stringify(s.acting)} act on ${total} calls of ${sessionIds.length}`);
        for (const [node, n] of Object.entries(s.acting)) {
          const named = owned.filter((o) => o?.node === node).length;
          if (n > named + unowned) {
            out.push(`${when}: ${node} acts as owner of ${n} calls, redis names it for ${named} and nobody for ${unowned}`);
          }
        }
      }
      for (const id of sessionIds) out.push(...ownerViolations(ofCall(id)).map((v) => `${id}: ${v}`));
      return out;
    },
    /** The distinct owners Redis named for `sessionId`, in order: ['node-1:1', 'node-2:2', …]. */
    owners(sessionId) {
      const seen = [];
      for (const s of samples) {
        const o = s.owners[sessionId];
        const v = o && `${o.node}:${o.epoch}`;
        if (v && seen[seen.length - 1] !== v) seen.push(v);
      }
      return seen;
    },
  };
}
