// The three-node layout of docs/deploy.md "Several nodes": three servers on a redis-sentinel:// URL naming three
// Sentinels that monitor a private Redis, one PostgreSQL database, Debian's nginx with the shipped site in front.
// Calls through nginx land on one node each, the nodes see each other, and the owner of a call killed with kill -9
// hands the call to another node found through the Sentinels.

import { strict as assert } from 'node:assert';
import { after, afterEach, before, describe, it } from 'node:test';

import { uid } from './helpers/client.mjs';
import { health, startCluster } from './helpers/cluster.mjs';
import { parseOwner } from './helpers/owners.mjs';
import { closeParticipants, participant } from './helpers/signals.mjs';
import { waitUntil } from './helpers/server.mjs';

describe('three nodes on Redis Sentinel behind nginx', { timeout: 240_000 }, () => {
  let cluster;

  before(async () => {
    cluster = await startCluster({ nodes: 3, sentinel: true, env: { SECUREVOX_CALL_RECONNECT_GRACE: '30s' } });
  });

  afterEach(() => closeParticipants());

  after(async () => {
    closeParticipants();
    await cluster?.stop();
  });

  const ownerOf = async (sessionId) => {
    const value = await cluster.redis.command('GET', `{call:${sessionId}}:owner`);
    return value === null ? null : parseOwner(value);
  };

  it('lists the three nodes on each, with Redis found through the Sentinels', async () => {
    for (const node of cluster.nodes) {
      assert.match(node.env.SECUREVOX_CALL_REDIS_URL, /^redis-sentinel:\/\/127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+\/securevox$/);
      await waitUntil(async () => (await health(node)).nodes.length === 3, { timeoutMs: 10_000, message: `${node.id} listing 3 nodes` });
      const h = await health(node);
      assert.equal(h.node, node.id);
      assert.deepEqual(h.nodes.map((n) => n.id), ['node-1', 'node-2', 'node-3']);
      assert.deepEqual(h.redis.status, 'ok');
      assert.equal(h.degraded, false);
    }
  });

  it('serves calls through nginx, each on one node, and moves one whose node is killed', async () => {
    // Calls spread over the nodes by nginx's hash: enough of them that two nodes serve some.
    const calls = [];
    for (let i = 0; i < 6; i++) {
      const sessionId = uid('sentinel');
      const alice = await participant(cluster, 'alice', sessionId);
      const bob = await participant(cluster, 'bob', sessionId);
      calls.push({ sessionId, alice, bob, owner: await ownerOf(sessionId) });
    }
    const served = new Set(calls.map((c) => c.owner.node));
    assert.ok(served.size >= 2, `6 calls all on ${[...served]} (expected: nginx spreading them)`);

    const victim = cluster.node(calls[0].owner.node);
    const moved = calls.filter((c) => c.owner.node === victim.id);
    const killedAt = Date.now();
    victim.server.signal('SIGKILL');
    await victim.server.waitExit();
    for (const c of moved) {
      await Promise.all([c.alice, c.bob].map((p) => p.untilJoined({ after: killedAt, timeoutMs: 30_000 })));
      const now = await ownerOf(c.sessionId);
      assert.notEqual(now.node, victim.id);
      assert.equal(now.epoch, c.owner.epoch + 1);
    }
    // The others' calls never moved.
    for (const c of calls.filter((x) => !moved.includes(x))) assert.deepEqual(await ownerOf(c.sessionId), c.owner);
    await Promise.all(calls.flatMap((c) => [c.alice.leave(), c.bob.leave()]));
  });
});
