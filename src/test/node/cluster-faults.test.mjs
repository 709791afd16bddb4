// Issue 15's fault suite on three nodes: three servers sharing a private Redis (each through a socat relay of its own,
// which a scenario can cut) and one PostgreSQL database, behind Debian's nginx with the shipped site; clients connect
// through nginx with ?call=, as the SDK does. During each scenario the owner sampler (helpers/owners.mjs) watches the
// call's lease in Redis and every node's leases every ~50 ms, and sequence-numbered signals (helpers/signals.mjs) flow
// both ways between the call's two participants; every scenario asserts that no two nodes acted as the call's owner at
// once, that its epoch only grew, and that no acknowledged signal was lost, duplicated or reordered.
//
// The scenarios share one cluster and run in this order: (b) Redis unreachable for every node, (d) the owner alone
// cut off from Redis, (a) kill -9 of the owner, (c) a drain of the owner that hands the call over (each of the last
// two starts its node again at its end). Each begins with callInProgress() and ends with assertSignals() and
// assertOneOwnerAtATime(); afterEach ends the scenario's calls on every node, so the next one starts with no lease
// held anywhere (the sampler counts leases per node).
//
// One scenario comes with the feature it tests:
// - members of one call on different nodes (edge <-> owner forwarding): place each participant on a node of its own
//   with participant(cluster, user, sessionId, { url: node.server.url, ca: undefined }) (nodeOf() tells where a
//   socket joined), stream both ways as callInProgress() does, and assert with assertSignals() and
//   assertOneOwnerAtATime(); run the faults above once more with the members spread out (kill the edge, then the
//   owner; cut the edge's relay, then the owner's).

import { strict as assert } from 'node:assert';
import { setTimeout as delay } from 'node:timers/promises';
import { after, afterEach, before, describe, it } from 'node:test';

import { close, connect, emitAck, uid, waitFor } from './helpers/client.mjs';
import { health, startCluster } from './helpers/cluster.mjs';
import { parseOwner, sampleOwners, stopSamplers } from './helpers/owners.mjs';
import { SignalStream, closeParticipants, participant } from './helpers/signals.mjs';
import { waitUntil } from './helpers/server.mjs';

// Long enough for a dead owner's lease to lapse (10 s) and its clients to come back elsewhere.
const GRACE_S = 30;
const OUTAGE_MS = 15_000;

describe('three nodes on Redis behind nginx, under faults', { timeout: 300_000 }, () => {
  let cluster;

  before(async () => {
    cluster = await startCluster({ nodes: 3, env: { SECUREVOX_CALL_RECONNECT_GRACE: `${GRACE_S}s` } });
  });

  // The calls of the scenario that ran: ended on every node afterwards, also after a failure, so that the next
  // scenario's sampler finds no other lease (members closed here would keep a call for their reconnect grace).
  const scenarioCalls = [];
  afterEach(async () => {
    stopSamplers();
    closeParticipants();
    for (const sessionId of scenarioCalls.splice(0)) {
      for (const node of cluster.nodes.filter((n) => !n.server.exitInfo)) {
        await node.server.http('POST', `/api/calls/${sessionId}/end`, { headers: { Authorization: `Bearer ${cluster.apiKey}` } });
      }
    }
  });

  after(async () => {
    stopSamplers();
    closeParticipants();
    await cluster?.stop();
  });

  const ownerOf = async (sessionId) => {
    const value = await cluster.redis.command('GET', `{call:${sessionId}}:owner`);
    return value === null ? null : parseOwner(value);
  };
  /**
   * The node whose log has the join of the participant's current socket (the line may follow the ack by a moment).
   */
  const nodeOf = (p) => waitUntil(
    () => cluster.nodes.find((n) => n.server.output.includes(`join connection=${p.socket.id} `)),
    { message: `the log line of ${p.userId}'s join` },
  ).catch(() => undefined);
  const others = (ack) => ack.participants.map((x) => x.userId);

  /**
   * Two participants of a new call through nginx, signals flowing both ways, and the sampler on. The sampler reads how
   * many calls each node acts as owner of, so the call under test must be the only one with a lease: every earlier
   * call has ended.
   */
  async function callInProgress(prefix) {
    await waitUntil(async () => {
      for (const node of cluster.nodes) if (!node.server.exitInfo && (await health(node)).leases !== 0) return false;
      return true;
    }, { timeoutMs: 10_000, message: 'no node holding a lease before the scenario' });
    const sessionId = uid(prefix);
    scenarioCalls.push(sessionId);
    const alice = await participant(cluster, 'alice', sessionId);
    const bob = await participant(cluster, 'bob', sessionId);
    const owner = await ownerOf(sessionId);
    assert.ok(owner, `${sessionId}: no lease in redis after both joined`);
    assert.equal((await nodeOf(alice))?.id, owner.node, 'alice on the owner (routed by ?call=)');
    assert.equal((await nodeOf(bob))?.id, owner.node, 'bob on the owner (routed by ?call=)');
    const sampler = sampleOwners(cluster, sessionId);
    const streams = [new SignalStream(alice, bob).start(), new SignalStream(bob, alice).start()];
    // some traffic before the fault
    await waitUntil(() => streams.every((s) => s.report().acked >= 10), { timeoutMs: 10_000, message: '10 acked each way' });
    return { sessionId, alice, bob, owner, sampler, streams };
  }

  /** Stops the streams, waits for what was acknowledged, and asserts none lost (from `from`), duplicated, reordered. */
  async function assertSignals(t, streams, { from = [1, 1] } = {}) {
    await Promise.all(streams.map((s) => s.stop()));
    await Promise.all(streams.map((s, i) => s.settle({ from: from[i] })));
    for (const [i, s] of streams.entries()) {
      const r = s.report({ from: from[i] });
      const what = `${s.sender.userId} -> ${s.receiver.userId}: ${JSON.stringify(r)}`;
      assert.ok(r.acked > 0, `nothing acknowledged: ${what}`);
      assert.equal(r.lost, 0, `acknowledged signals lost: ${what}`);
      assert.equal(r.duplicated, 0, `signals duplicated: ${what}`);
      assert.equal(r.reordered, 0, `signals reordered: ${what}`);
      t.diagnostic(`signals ${what}`);
    }
  }

  async function assertOneOwnerAtATime(t, sampler) {
    const samples = await sampler.stop();
    const { decisive, of } = sampler.decisive();
    const spanS = (samples.at(-1).at - samples[0].at) / 1000;
    // Dense and quick enough to see the call change hands: most rounds within the lease's 0.5 s margin.
    assert.ok(of >= spanS * 2 && decisive >= of / 2, `${of} rounds in ${spanS} s, ${decisive} of them within 0.5 s`);
    assert.deepEqual(sampler.violations(), [], `owners sampled: ${sampler.owners().join(' -> ')}`);
    t.diagnostic(`owners ${sampler.owners().join(' -> ')}: ${of} rounds in ${spanS} s, ${decisive} within 0.5 s, no violation`);
  }

  const leftTold = (...ps) => ps.flatMap((p) => p.told.filter((t) => t.event === 'participant_left').map((t) => `${p.userId}: ${JSON.stringify(t.payload)}`));

  it('(b) Redis unreachable for 15 s: the call goes on, /health says degraded, /ready stays 200, all recovers', async (t) => {
    const { sessionId, alice, bob, owner, sampler, streams } = await callInProgress('outage');
    const relays = cluster.relays;
    await Promise.all(relays.map((r) => r.cut()));
    const cutAt = Date.now();

    await waitUntil(async () => {
      for (const node of cluster.nodes) {
        const h = await health(node);
        if (!(h.degraded === true && h.redis.status === 'unreachable')) return false;
      }
      return true;
    }, { timeoutMs: 10_000, message: 'every node: /health degraded, redis unreachable' });
    for (const node of cluster.nodes) {
      const ready = await node.server.http('GET', '/ready');
      assert.equal(ready.status, 200, `${node.id} /ready during the outage: ${ready.text}`);
    }
    // A new call cannot be placed while no node can settle which one serves it.
    const fresh = uid('new');
    const newcomer = connect(cluster.nodes[0].server.url, { token: cluster.token('dave', fresh), name: 'dave' });
    await waitFor(newcomer, 'authenticated');
    const refused = await emitAck(newcomer, 'join_call', { sessionId: fresh });
    close(newcomer);
    assert.equal(refused.error?.code, 'UNAVAILABLE', `a new call during the outage: ${JSON.stringify(refused)}`);

    // The outage lasts past the lease's 10 s time to live: Redis forgets the owner, the owner stops acting as one.
    await delay(Math.max(0, cutAt + OUTAGE_MS - Date.now()));
    const duringOutage = streams.map((s) => [...s.sent.values()].filter((e) => e.outcome === 'acked' && e.at > cutAt).length);
    await Promise.all(relays.map((r) => r.restore()));

    await waitUntil(async () => {
      for (const node of cluster.nodes) {
        const h = await health(node);
        if (!(h.degraded === false && h.redis.status === 'ok')) return false;
      }
      return true;
    }, { timeoutMs: 15_000, message: 'every node: /health ok again' });
    // The call's node takes its lease back, under a new epoch.
    await waitUntil(async () => {
      const now = await ownerOf(sessionId);
      return now && now.node === owner.node && now.epoch > owner.epoch;
    }, { timeoutMs: 10_000, message: `${owner.node} holding ${sessionId} again` });

    await assertSignals(t, streams);
    assert.ok(duringOutage.every((n) => n > 0), `signals acknowledged during the outage: ${duringOutage}`);
    assert.deepEqual(leftTold(alice, bob), [], 'nobody told anyone left');
    await assertOneOwnerAtATime(t, sampler);
    assert.ok(sampler.samples.some((s) => s.owner === null), 'the lease lapsed in redis during the outage');
    await alice.leave();
    await bob.leave();

    // Every node starts new calls again.
    for (const node of cluster.nodes) {
      const fresh = uid(`after-${node.id}`);
      scenarioCalls.push(fresh);
      const p = await participant(cluster, 'erin', fresh, { url: node.server.url, ca: undefined });
      assert.equal((await nodeOf(p))?.id, node.id);
      await p.leave();
    }
  });

  it('(d) the owner alone cut off from Redis stops acting as owner when its lease lapses; another node takes the call', async (t) => {
    const { sessionId, alice, bob, owner, sampler, streams } = await callInProgress('cutoff');
    const cut = cluster.node(owner.node);
    const other = cluster.nodes.find((n) => n.id !== cut.id);
    await cut.relay.cut();

    // Its lease's local deadline (9.5 s after its last renewal) passes before Redis forgets the lease (10 s).
    await waitUntil(async () => (await health(cut)).leases === 0, { timeoutMs: 15_000, message: `${cut.id} acting on no call` });
    const h = await health(cut);
    assert.equal(h.degraded, true, `${cut.id} /health: ${JSON.stringify(h)}`);
    assert.equal((await cut.server.http('GET', '/ready')).status, 200);
    await waitUntil(async () => (await ownerOf(sessionId)) === null, { timeoutMs: 5_000, message: 'the lease lapsed in redis' });

    // A member that reaches another node takes the call there, under the next epoch, with the state its owner kept.
    const carol = await participant(cluster, 'carol', sessionId, { url: other.server.url, ca: undefined });
    const taken = await ownerOf(sessionId);
    assert.deepEqual(taken, { node: other.id, epoch: owner.epoch + 1 });
    assert.deepEqual(others(carol.joins.at(-1).ack).sort(), ['alice', 'bob'], 'carol finds the call as its owner left it');
    assert.equal((await health(other)).leases, 1);
    assert.equal((await health(cut)).leases, 0, `${cut.id} still acts on no call`);

    // The cut-off node's members go on there, apart from carol, until calls are forwarded between nodes.
    const mark = streams.map((s) => s.mark());
    await waitUntil(() => streams.every((s, i) => s.report({ from: mark[i] }).acked >= 10), { timeoutMs: 10_000, message: 'signals on the cut-off node' });

    // Back in touch with Redis, it tries to take its call back, finds it served by the other node, and keeps off it.
    await cut.relay.restore();
    await waitUntil(async () => (await health(cut)).degraded === false, { timeoutMs: 10_000, message: `${cut.id} reaching redis again` });
    await waitUntil(
      () => cut.server.output.includes(`call served elsewhere while it goes on here sessionId=${sessionId}`),
      { timeoutMs: 20_000, message: `${cut.id} finding ${sessionId} served by ${other.id}` },
    );
    assert.equal((await health(cut)).leases, 0);
    assert.deepEqual(await ownerOf(sessionId), taken);
    // What changes on the cut-off node is not written over the state the new owner keeps (writes are fenced by the
    // owner's <node>:<epoch>).
    assert.equal((await alice.socket.timeout(5_000).emitWithAck('mute_audio', { muted: true })).ok, true);
    assert.match(await cluster.redis.command('GET', `{call:${sessionId}}:state`), /"carol"/);

    await assertSignals(t, streams);
    assert.deepEqual(leftTold(alice, bob), [], 'nobody on the cut-off node told anyone left');
    await assertOneOwnerAtATime(t, sampler);
    assert.deepEqual(sampler.owners(), [`${owner.node}:${owner.epoch}`, `${other.id}:${owner.epoch + 1}`]);
    await Promise.all([alice.leave(), bob.leave(), carol.leave()]);
    // On the other node alice and bob are members in their reconnect grace (restored from the state): the backend
    // ends the call there rather than the next scenario waiting out the grace.
    const ended = await other.server.http('POST', `/api/calls/${sessionId}/end`, {
      headers: { Authorization: `Bearer ${cluster.apiKey}` },
    });
    assert.equal(ended.status, 200, ended.text);
  });

  it('(a) kill -9 of the owner: the clients reconnect through nginx and the call goes on on another node', async (t) => {
    const { sessionId, alice, bob, owner, sampler, streams } = await callInProgress('kill');
    const victim = cluster.node(owner.node);
    const killedAt = Date.now();
    victim.server.signal('SIGKILL');
    await victim.server.waitExit();

    // socket.io-client reconnects by itself; nginx sends both to the same next node (hash on ?call=), whose joins wait
    // for the dead node's lease to lapse and then resume the call from the state it kept in Redis.
    await Promise.all([alice, bob].map((p) => p.untilJoined({ after: killedAt, timeoutMs: GRACE_S * 1000 })));
    const resumedAt = Date.now();
    assert.ok(resumedAt - killedAt < GRACE_S * 1000, `resumed ${resumedAt - killedAt} ms after the kill (grace ${GRACE_S} s)`);
    const taken = await ownerOf(sessionId);
    assert.notEqual(taken.node, owner.node);
    assert.equal(taken.epoch, owner.epoch + 1);
    assert.equal((await nodeOf(alice))?.id, taken.node, 'alice on the new owner');
    assert.equal((await nodeOf(bob))?.id, taken.node, 'bob on the new owner');
    assert.deepEqual(others(alice.joins.at(-1).ack), ['bob'], 'alice finds bob in the call');
    assert.deepEqual(others(bob.joins.at(-1).ack), ['alice'], 'bob finds alice in the call');

    // Everything acknowledged after the takeover arrives.
    const mark = streams.map((s) => s.mark());
    await waitUntil(() => streams.every((s, i) => s.report({ from: mark[i] }).acked >= 20), { timeoutMs: 10_000, message: 'signals after the takeover' });
    await assertSignals(t, streams, { from: mark });
    assert.deepEqual(leftTold(alice, bob), [], 'a reconnection tells nobody anyone left');
    await assertOneOwnerAtATime(t, sampler);
    assert.deepEqual(sampler.owners(), [`${owner.node}:${owner.epoch}`, `${taken.node}:${taken.epoch}`]);
    await Promise.all([alice.leave(), bob.leave()]);

    // The killed node starts again where nginx expects it and is one of the three again, for whatever runs next.
    await cluster.restart(victim.id);
    for (const node of cluster.nodes) {
      await waitUntil(async () => (await health(node)).nodes.length === 3, { timeoutMs: 15_000, message: `${node.id} listing 3 nodes` });
    }
  });

  it('(c) drain of the owner (SIGTERM): it hands the call over at once, the clients rejoin on another node', async (t) => {
    const { sessionId, alice, bob, owner, sampler, streams } = await callInProgress('drain');
    const drained = cluster.node(owner.node);
    const drainedAt = Date.now();
    drained.server.signal('SIGTERM');

    // The draining node keeps the call's state in Redis, cuts its sockets (no Socket.IO disconnect) and gives the lease
    // up; socket.io-client reconnects by itself, nginx retries the next node on the draining one's 503, and the joins
    // there take the free lease and resume the call.
    await Promise.all([alice, bob].map((p) => p.untilJoined({ after: drainedAt, timeoutMs: 20_000 })));
    const taken = await ownerOf(sessionId);
    assert.notEqual(taken.node, owner.node);
    assert.equal(taken.epoch, owner.epoch + 1);
    assert.equal((await nodeOf(alice))?.id, taken.node, 'alice on the new owner');
    assert.equal((await nodeOf(bob))?.id, taken.node, 'bob on the new owner');
    assert.deepEqual(others(alice.joins.at(-1).ack), ['bob'], 'alice finds bob in the call');
    assert.deepEqual(others(bob.joins.at(-1).ack), ['alice'], 'bob finds alice in the call');
    // Handed over, not held for the drain timeout (30 s): the node exits on its own, well within it.
    assert.equal(await drained.server.waitExit(20_000), 0);
    assert.ok(drained.server.output.includes(`call handed over sessionId=${sessionId} `), 'the hand-off logged');

    // Everything acknowledged after the hand-off arrives.
    const mark = streams.map((s) => s.mark());
    await waitUntil(() => streams.every((s, i) => s.report({ from: mark[i] }).acked >= 20), { timeoutMs: 10_000, message: 'signals after the hand-off' });
    await assertSignals(t, streams, { from: mark });
    assert.deepEqual(leftTold(alice, bob), [], 'a hand-off tells nobody anyone left');
    await assertOneOwnerAtATime(t, sampler);
    assert.deepEqual(sampler.owners(), [`${owner.node}:${owner.epoch}`, `${taken.node}:${taken.epoch}`]);
    await Promise.all([alice.leave(), bob.leave()]);

    await cluster.restart(drained.id);
    for (const node of cluster.nodes) {
      await waitUntil(async () => (await health(node)).nodes.length === 3, { timeoutMs: 15_000, message: `${node.id} listing 3 nodes` });
    }
  });
});
