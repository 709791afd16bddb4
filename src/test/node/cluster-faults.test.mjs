// Issue 15's fault suite on three nodes: three servers sharing a private Redis (each through a socat relay of its own,
// which a scenario can cut) and one PostgreSQL database, behind Debian's nginx with the shipped site; clients connect
// through nginx with ?call=, as the SDK does. During each scenario the owner sampler (helpers/owners.mjs) watches the
// call's lease in Redis and every node's leases every ~50 ms, and sequence-numbered signals (helpers/signals.mjs) flow
// both ways between the call's two participants; every scenario asserts that no two nodes acted as the call's owner at
// once, that its epoch only grew, and that no acknowledged signal was lost, duplicated or reordered.
//
// The scenarios share one cluster and run in this order: (b) Redis unreachable for every node, (d) the owner alone
// cut off from Redis (it asks the others, finds them reaching Redis and lets its call go to them), (a) kill -9 of the owner, (c) a drain of the owner that hands the call over, and again with a
// member away at the drain (each of the last three starts its node again at its end), then the same faults with the members of one call on different nodes. Each
// begins with callInProgress() (crossCallInProgress()) and ends with assertSignals() and assertOneOwnerAtATime();
// afterEach ends the scenario's calls on every node, so the next one starts with no lease held anywhere (the sampler
// counts leases per node). With CLUSTER_LOG_DIR set, afterEach writes every node's log there; a scenario that fails
// writes them anyway (to CLUSTER_LOG_DIR, else target/cluster-faults-logs/) and prints where, with each node's last
// lines, on stderr, which the compact reporter shows with the failure.
//
// Members of one call on different nodes (edge <-> owner forwarding): alice connects through nginx, which routes her
// by ?call= to the call's owner and moves her to the next node when the owner goes; bob connects straight to another
// node (the edge), which proxies him to the owner over the node bus (connectedTo() tells where a socket is). A socket
// connected straight to a node reconnects to that node only, so the scenarios that stop the edge start it again for
// bob to come back to, as a client pinned to one server would. Steady state, then: kill -9 of the edge and of the
// owner; a drain of the owner and of the edge; the owner cut off from Redis; Redis unreachable for 15 s.
//
// Last, a rolling restart: six calls (two on each node as nginx's hash places them, two of them with bob straight on
// another node), and each node in turn drained, started again and waited for; its own sampler (sampleOwnersOf) holds
// every node to acting on no more calls than Redis names it for, and each call's epochs to growing.

import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { after, afterEach, before, describe, it } from 'node:test';

import { close, connect, emitAck, uid, waitFor } from './helpers/client.mjs';
import { health, startCluster } from './helpers/cluster.mjs';
import { parseOwner, sampleOwners, sampleOwnersOf, stopSamplers } from './helpers/owners.mjs';
import { SignalStream, closeParticipants, participant } from './helpers/signals.mjs';
import { waitUntil } from './helpers/server.mjs';

// Long enough for a dead owner's lease to lapse (10 s) and its clients to come back elsewhere.
const GRACE_S = 30;
const OUTAGE_MS = 15_000;
const TAIL_LINES = 60;
const FAILURE_LOG_DIR = process.env.CLUSTER_LOG_DIR
  ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../target/cluster-faults-logs');

describe('three nodes on Redis behind nginx, under faults', { timeout: 600_000 }, () => {
  let cluster;

  before(async () => {
    cluster = await startCluster({ nodes: 3, env: { SECUREVOX_CALL_RECONNECT_GRACE: `${GRACE_S}s` } });
  });

  // The calls of the scenario that ran: ended on every node afterwards, also after a failure, so that the next
  // scenario's sampler finds no other lease (members closed here would keep a call for their reconnect grace).
  const scenarioCalls = [];
  const failed = new Set();
  /** it() that remembers a failure, for afterEach to write the logs (node 20's test context does not say). */
  const scenario = (name, fn) => it(name, async (t) => {
    try {
      await fn(t);
    } catch (e) {
      failed.add(name);
      throw e;
    }
  });
  // The output of the processes a scenario stopped and started again ({id, output}), written with the logs of the
  // nodes' current processes: what a drained node did is in the process that drained.
  const stoppedOutputs = [];
  /** Writes every node's log, and nginx's, to `dir`; returns the nodes' files. */
  const writeLogs = (name, dir) => {
    mkdirSync(dir, { recursive: true });
    const prefix = path.join(dir, name.replace(/\W+/g, '_').slice(0, 40));
    writeFileSync(`${prefix}-nginx.log`, cluster.nginx.output);
    stoppedOutputs.forEach(({ id, output }, i) => writeFileSync(`${prefix}-${id}-stopped-${i + 1}.log`, output));
    return cluster.nodes.map((n) => {
      writeFileSync(`${prefix}-${n.id}.log`, n.server.output);
      return `${prefix}-${n.id}.log`;
    });
  };
  afterEach(async (t) => {
    if (process.env.CLUSTER_LOG_DIR) writeLogs(t.name, process.env.CLUSTER_LOG_DIR);
    if (failed.has(t.name)) {
      const files = writeLogs(t.name, FAILURE_LOG_DIR);
      // The servers' output is what tells which path lost a signal; a failure without it cannot be read afterwards.
      for (const [i, n] of cluster.nodes.entries()) {
        const tail = n.server.output.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
        process.stderr.write(`\n--- ${n.id} (${files[i]}), last ${TAIL_LINES} lines:\n${tail}\n`);
      }
    }
    stoppedOutputs.length = 0;
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
  /**
   * The node the participant's current socket is connected to: the edge that logged proxying it to the call's owner,
   * else the node whose log has its join (the owner logs the joins of proxied sockets too, under the same id).
   */
  const connectedTo = (p) => waitUntil(
    () => cluster.nodes.find((n) => n.server.output.includes(`proxied connection=${p.socket.id} userId=${p.userId} sessionId=${p.sessionId} owner=`))
      ?? cluster.nodes.find((n) => n.server.output.includes(`join connection=${p.socket.id} `)),
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
      const times = (p) => `${p.userId}'s joins ${JSON.stringify(p.joins.map((j) => [new Date(j.at).toISOString(), j.ack.ok]))}, `
        + `disconnects ${JSON.stringify(p.disconnects.map((d) => [new Date(d.at).toISOString(), d.reason]))}`;
      assert.equal(r.lost, 0, `acknowledged signals lost: ${what}; ${times(s.sender)}; ${times(s.receiver)}`);
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

  scenario('(b) Redis unreachable for 15 s: the call goes on, /health says degraded, /ready stays 200 naming redis, all recovers', async (t) => {
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
      assert.deepEqual(ready.json, { status: 'ready', degraded: ['redis'] }, `${node.id} /ready during the outage`);
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
    for (const node of cluster.nodes) {
      assert.deepEqual((await node.server.http('GET', '/ready')).json, { status: 'ready' }, `${node.id} /ready after the outage`);
    }
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

  scenario('(d) the owner alone cut off from Redis stops acting as owner when its lease lapses, finds the others reaching Redis and lets go; its members go on with carol on another node before the cut heals', async (t) => {
    const { sessionId, alice, bob, owner, sampler, streams } = await callInProgress('cutoff');
    const cut = cluster.node(owner.node);
    const cutAt = Date.now();
    await cut.relay.cut();

    // Its lease's local deadline (9.5 s after its last renewal) passes before Redis forgets the lease (10 s).
    await waitUntil(async () => (await health(cut)).leases === 0, { timeoutMs: 15_000, message: `${cut.id} acting on no call` });
    // Redis failed past a lease's local validity: it asks the other nodes, which reach Redis, so it is cut off alone.
    await waitUntil(async () => (await health(cut)).redis.status === 'cut-off', { timeoutMs: 15_000, message: `${cut.id} /health: redis cut-off` });
    const h = await health(cut);
    assert.equal(h.degraded, true, `${cut.id} /health: ${JSON.stringify(h)}`);
    const ready = await cut.server.http('GET', '/ready');
    assert.equal(ready.status, 503, `${cut.id} /ready: ${ready.text}`);
    assert.deepEqual(ready.json, { status: 'cut-off', degraded: ['redis'] }, `${cut.id} /ready cut off`);
    for (const other of cluster.nodes.filter((n) => n.id !== cut.id)) {
      assert.deepEqual((await other.server.http('GET', '/ready')).json, { status: 'ready' }, `${other.id} /ready, in touch with Redis`);
      assert.equal((await health(other)).redis.status, 'ok', `${other.id} /health redis`);
    }

    // It let go of the call (no leave, no end) and had its sockets reconnect; nginx passes them on from its 503 to the
    // next server, which takes the lapsed lease under the next epoch and resumes the call from the state kept in Redis.
    await Promise.all([alice, bob].map((p) => p.untilJoined({ after: cutAt, timeoutMs: 30_000 })));
    assert.ok(
      cut.server.output.includes(`call let go, this node is cut off from redis sessionId=${sessionId}`),
      `${cut.id} logged letting go of ${sessionId}`,
    );
    const taken = await ownerOf(sessionId);
    assert.ok(taken && taken.node !== cut.id, `${sessionId} owner after the rejoins: ${JSON.stringify(taken)}`);
    assert.equal(taken.epoch, owner.epoch + 1);
    assert.equal((await connectedTo(alice))?.id, taken.node, 'alice on the new owner (nginx passed her on)');
    assert.equal((await connectedTo(bob))?.id, taken.node, 'bob on the new owner (nginx passed him on)');
    assert.ok(alice.joins.at(-1).ack.participants.some((x) => x.userId === 'bob'), 'alice finds bob in the call');
    assert.ok(bob.joins.at(-1).ack.participants.some((x) => x.userId === 'alice'), 'bob finds alice in the call');

    // Carol, through nginx too, joins the same call there while the cut lasts: one call, one owner.
    const carol = await participant(cluster, 'carol', sessionId);
    assert.deepEqual(others(carol.joins.at(-1).ack).sort(), ['alice', 'bob'], 'carol finds alice and bob in the call');
    assert.deepEqual(await ownerOf(sessionId), taken);
    assert.equal((await health(cut)).redis.status, 'cut-off', `${cut.id} still cut off while the three are in one call`);
    assert.equal((await health(cut)).leases, 0, `${cut.id} still acts on no call`);
    const mark = streams.map((s) => s.mark());
    await waitUntil(() => streams.every((s, i) => s.report({ from: mark[i] }).acked >= 10), { timeoutMs: 10_000, message: 'signals on the new owner' });

    // Back in touch with Redis it serves again, and keeps off the call it let go.
    await cut.relay.restore();
    await waitUntil(async () => (await health(cut)).degraded === false, { timeoutMs: 10_000, message: `${cut.id} reaching redis again` });
    assert.equal((await health(cut)).redis.status, 'ok');
    assert.deepEqual((await cut.server.http('GET', '/ready')).json, { status: 'ready' }, `${cut.id} /ready after the cut`);
    assert.equal((await health(cut)).leases, 0);
    assert.deepEqual(await ownerOf(sessionId), taken);

    await assertSignals(t, streams);
    assert.deepEqual(leftTold(alice, bob, carol), [], 'nobody told anyone left');
    await assertOneOwnerAtATime(t, sampler);
    assert.deepEqual(sampler.owners(), [`${owner.node}:${owner.epoch}`, `${taken.node}:${taken.epoch}`]);
    await Promise.all([alice.leave(), bob.leave(), carol.leave()]);
    const served = cluster.node(taken.node);
    await waitUntil(async () => (await health(served)).leases === 0, { timeoutMs: 10_000, message: `${served.id} ending ${sessionId}` });
    const ended = await served.server.http('POST', `/api/calls/${sessionId}/end`, {
      headers: { Authorization: `Bearer ${cluster.apiKey}` },
    });
    assert.equal(ended.status, 404, ended.text);
  });

  scenario('(a) kill -9 of the owner: the clients reconnect through nginx and the call goes on on another node', async (t) => {
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

  scenario('(c) drain of the owner (SIGTERM): it hands the call over at once, the clients rejoin on another node', async (t) => {
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

    // Everything acknowledged arrives, from the first signal on: before, during and after the hand-off (what the
    // draining node acknowledged and kept for a member away is replayed by the next owner).
    const mark = streams.map((s) => s.mark());
    await waitUntil(() => streams.every((s, i) => s.report({ from: mark[i] }).acked >= 20), { timeoutMs: 10_000, message: 'signals after the hand-off' });
    await assertSignals(t, streams);
    assert.deepEqual(leftTold(alice, bob), [], 'a hand-off tells nobody anyone left');
    await assertOneOwnerAtATime(t, sampler);
    assert.deepEqual(sampler.owners(), [`${owner.node}:${owner.epoch}`, `${taken.node}:${taken.epoch}`]);
    await Promise.all([alice.leave(), bob.leave()]);

    await cluster.restart(drained.id);
    for (const node of cluster.nodes) {
      await waitUntil(async () => (await health(node)).nodes.length === 3, { timeoutMs: 15_000, message: `${node.id} listing 3 nodes` });
    }
  });

  scenario('(c) drain of the owner while a member is away: what the owner kept for it is replayed to it on the next owner', async (t) => {
    const { sessionId, alice, bob, owner, sampler, streams } = await callInProgress('drain-away');
    // bob's connection drops (no Socket.IO disconnect) and he stays away: the owner keeps alice's signals for him in
    // his reconnect grace and acknowledges them to her. His own stream pauses while he is not joined.
    bob.socket.io.reconnection(false);
    bob.socket.io.engine.close();
    await waitUntil(() => !bob.socket.connected, { timeoutMs: 5_000, message: 'bob disconnected' });
    const keptFrom = streams[0].mark();
    await waitUntil(() => streams[0].report({ from: keptFrom }).acked >= 5, { timeoutMs: 10_000, message: 'signals kept for bob on the owner' });

    const drained = cluster.node(owner.node);
    const drainedAt = Date.now();
    drained.server.signal('SIGTERM');
    await alice.untilJoined({ after: drainedAt, timeoutMs: 20_000 });
    assert.equal(await drained.server.waitExit(20_000), 0);
    const handedOver = new RegExp(`call handed over sessionId=${sessionId} .*held signals=(\\d+)`).exec(drained.server.output);
    assert.ok(handedOver && Number(handedOver[1]) >= 5, `the hand-off kept what was kept for bob: ${handedOver?.[0]}`);
    // bob comes back, through nginx, to the node that took the call: it replays what the drained node kept for him.
    bob.socket.io.reconnection(true);
    bob.socket.connect();
    await bob.untilJoined({ after: drainedAt, timeoutMs: 20_000 });
    const taken = await ownerOf(sessionId);
    assert.notEqual(taken.node, owner.node);
    assert.equal((await nodeOf(bob))?.id, taken.node, 'bob on the new owner');
    assert.deepEqual(others(bob.joins.at(-1).ack), ['alice'], 'bob finds alice in the call');

    // Every signal acknowledged, from the first on, arrives in order: those kept for bob on the drained node included.
    const mark = streams.map((s) => s.mark());
    await waitUntil(() => streams.every((s, i) => s.report({ from: mark[i] }).acked >= 20), { timeoutMs: 10_000, message: 'signals after bob came back' });
    await assertSignals(t, streams);
    assert.deepEqual(leftTold(alice, bob), [], 'nobody is told anyone left');
    await assertOneOwnerAtATime(t, sampler);
    assert.deepEqual(sampler.owners(), [`${owner.node}:${owner.epoch}`, `${taken.node}:${taken.epoch}`]);
    await Promise.all([alice.leave(), bob.leave()]);

    await cluster.restart(drained.id);
    for (const node of cluster.nodes) {
      await waitUntil(async () => (await health(node)).nodes.length === 3, { timeoutMs: 15_000, message: `${node.id} listing 3 nodes` });
    }
  });

  // ---- Members of one call on different nodes: alice through nginx (routed by ?call= to the call's owner, and moved by
  // nginx to the next node when that one goes), bob connected straight to another node, the edge, which proxies him to
  // the owner over the node bus. A socket connected straight to a node comes back to that node only, so a scenario that
  // stops the edge starts it again for bob to reconnect to (as a client behind a balancer that keeps its server would).

  /** A call with alice on its owner (through nginx) and bob on an edge (straight), signals flowing both ways. */
  async function crossCallInProgress(prefix) {
    await waitUntil(async () => {
      for (const node of cluster.nodes) if (!node.server.exitInfo && (await health(node)).leases !== 0) return false;
      return true;
    }, { timeoutMs: 10_000, message: 'no node holding a lease before the scenario' });
    const sessionId = uid(prefix);
    scenarioCalls.push(sessionId);
    const alice = await participant(cluster, 'alice', sessionId);
    const owner = await ownerOf(sessionId);
    assert.ok(owner, `${sessionId}: no lease in redis after alice joined`);
    const edge = cluster.nodes.find((n) => n.id !== owner.node);
    const bob = await participant(cluster, 'bob', sessionId, { url: edge.server.url, ca: undefined });
    assert.equal((await connectedTo(alice))?.id, owner.node, 'alice on the owner (routed by ?call=)');
    assert.equal((await connectedTo(bob))?.id, edge.id, 'bob on the edge');
    assert.deepEqual(await ownerOf(sessionId), owner, 'the edge serves the call through its owner');
    assert.equal((await health(edge)).leases, 0, `${edge.id} holds no lease`);
    assert.deepEqual(others(bob.joins.at(-1).ack), ['alice'], 'bob finds alice in the call');
    const sampler = sampleOwners(cluster, sessionId);
    const streams = [new SignalStream(alice, bob).start(), new SignalStream(bob, alice).start()];
    await waitUntil(() => streams.every((s) => s.report().acked >= 10), { timeoutMs: 10_000, message: '10 acked each way across nodes' });
    return { sessionId, alice, bob, owner, edge, sampler, streams };
  }

  /** Waits until `acked` more signals each way after the mark were acknowledged, then asserts them all arrived. */
  async function assertSignalsAfter(t, streams, what, acked = 20) {
    const mark = streams.map((s) => s.mark());
    await waitUntil(() => streams.every((s, i) => s.report({ from: mark[i] }).acked >= acked), { timeoutMs: 15_000, message: `signals ${what}` });
    await assertSignals(t, streams, { from: mark });
  }

  async function restartAll(...ids) {
    for (const id of ids) await cluster.restart(id);
    for (const node of cluster.nodes) {
      await waitUntil(async () => (await health(node)).nodes.length === 3, { timeoutMs: 15_000, message: `${node.id} listing 3 nodes` });
    }
  }

  scenario('across nodes, steady: every signal both ways arrives in order; a mute and a leave are seen across nodes', async (t) => {
    const { alice, bob, sampler, streams } = await crossCallInProgress('x-steady');
    await waitUntil(() => streams.every((s) => s.report().acked >= 60), { timeoutMs: 20_000, message: '60 acked each way' });
    await assertSignals(t, streams);
    for (const s of streams) {
      const types = new Set(s.inbox().map((m) => m.type));
      assert.deepEqual([...types].sort(), ['data', 'ice_candidate', 'offer'], `${s.sender.userId} -> ${s.receiver.userId}: every kind`);
    }
    const updated = new Promise((resolve) => alice.socket.once('participant_updated', resolve));
    assert.equal((await bob.socket.timeout(5_000).emitWithAck('mute_audio', { muted: true })).ok, true);
    const { participant: muted } = await updated;
    assert.equal(muted.userId, 'bob', 'alice (on the owner) sees bob (on the edge) mute');
    assert.equal(muted.audioMuted, true, JSON.stringify(muted));
    await assertOneOwnerAtATime(t, sampler);
    await bob.leave();
    await alice.until(() => alice.told.some((x) => x.event === 'participant_left' && x.payload.userId === 'bob'), 'bob left', 5_000);
    await alice.leave();
  });

  scenario('across nodes, (a) kill -9 of the edge: its member reconnects when it is back, nobody is told anyone left', async (t) => {
    const { alice, bob, owner, edge, sampler, streams } = await crossCallInProgress('x-kill-edge');
    const killedAt = Date.now();
    edge.server.signal('SIGKILL');
    await edge.server.waitExit();
    await cluster.restart(edge.id);
    await bob.untilJoined({ after: killedAt, timeoutMs: 30_000 });
    assert.equal((await connectedTo(bob))?.id, edge.id, 'bob back on the edge');
    assert.deepEqual(others(bob.joins.at(-1).ack), ['alice'], 'bob finds alice in the call');
    assert.deepEqual(await ownerOf(alice.sessionId), owner, 'the owner kept the call');
    await assertSignalsAfter(t, streams, 'after the edge came back');
    assert.deepEqual(leftTold(alice, bob), [], 'a reconnection tells nobody anyone left');
    await assertOneOwnerAtATime(t, sampler);
    assert.deepEqual(sampler.owners(), [`${owner.node}:${owner.epoch}`]);
    await Promise.all([alice.leave(), bob.leave()]);
    await restartAll();
  });

  scenario('across nodes, (a) kill -9 of the owner: the edge closes its member\'s transport, both rejoin under the next epoch', async (t) => {
    const { sessionId, alice, bob, owner, edge, sampler, streams } = await crossCallInProgress('x-kill-owner');
    const victim = cluster.node(owner.node);
    const killedAt = Date.now();
    victim.server.signal('SIGKILL');
    await victim.server.waitExit();
    await Promise.all([alice, bob].map((p) => p.untilJoined({ after: killedAt, timeoutMs: GRACE_S * 1000 })));
    assert.ok(bob.disconnects.some((d) => d.at >= killedAt && /transport/.test(d.reason)), `the edge closed bob's transport: ${JSON.stringify(bob.disconnects)}`);
    const taken = await ownerOf(sessionId);
    assert.notEqual(taken.node, owner.node);
    assert.equal(taken.epoch, owner.epoch + 1);
    assert.equal((await connectedTo(bob))?.id, edge.id, 'bob back on his node');
    assert.deepEqual(others(alice.joins.at(-1).ack), ['bob'], 'alice finds bob in the call');
    assert.deepEqual(others(bob.joins.at(-1).ack), ['alice'], 'bob finds alice in the call');
    await assertSignalsAfter(t, streams, 'after the takeover');
    assert.deepEqual(leftTold(alice, bob), [], 'a reconnection tells nobody anyone left');
    await assertOneOwnerAtATime(t, sampler);
    assert.deepEqual(sampler.owners(), [`${owner.node}:${owner.epoch}`, `${taken.node}:${taken.epoch}`]);
    await Promise.all([alice.leave(), bob.leave()]);
    await restartAll(victim.id);
  });

  scenario('across nodes, (c) drain of the owner: the call is handed over, both rejoin on another node, nobody left', async (t) => {
    const { sessionId, alice, bob, owner, edge, sampler, streams } = await crossCallInProgress('x-drain-owner');
    const drained = cluster.node(owner.node);
    const drainedAt = Date.now();
    drained.server.signal('SIGTERM');
    await Promise.all([alice, bob].map((p) => p.untilJoined({ after: drainedAt, timeoutMs: 20_000 })));
    const taken = await ownerOf(sessionId);
    assert.notEqual(taken.node, owner.node);
    assert.equal(taken.epoch, owner.epoch + 1);
    assert.equal((await connectedTo(bob))?.id, edge.id, 'bob back on his node');
    assert.deepEqual(others(alice.joins.at(-1).ack), ['bob'], 'alice finds bob in the call');
    assert.deepEqual(others(bob.joins.at(-1).ack), ['alice'], 'bob finds alice in the call');
    assert.equal(await drained.server.waitExit(20_000), 0);
    assert.ok(drained.server.output.includes(`call handed over sessionId=${sessionId} `), 'the hand-off logged');
    // From the first signal on, the hand-off's included, not only those after it.
    const mark = streams.map((s) => s.mark());
    await waitUntil(() => streams.every((s, i) => s.report({ from: mark[i] }).acked >= 20), { timeoutMs: 15_000, message: 'signals after the hand-off' });
    await assertSignals(t, streams);
    assert.deepEqual(leftTold(alice, bob), [], 'a hand-off tells nobody anyone left');
    await assertOneOwnerAtATime(t, sampler);
    assert.deepEqual(sampler.owners(), [`${owner.node}:${owner.epoch}`, `${taken.node}:${taken.epoch}`]);
    await Promise.all([alice.leave(), bob.leave()]);
    await restartAll(drained.id);
  });

  scenario('across nodes, (c) drain of the edge: its member reconnects when it is back and rejoins the call on its owner', async (t) => {
    const { sessionId, alice, bob, owner, edge, sampler, streams } = await crossCallInProgress('x-drain-edge');
    const drainedAt = Date.now();
    edge.server.signal('SIGTERM');
    assert.equal(await edge.server.waitExit(20_000), 0, 'the edge serves no call: it exits at once');
    await cluster.restart(edge.id);
    await bob.untilJoined({ after: drainedAt, timeoutMs: 30_000 });
    assert.equal((await connectedTo(bob))?.id, edge.id, 'bob back on the edge');
    assert.deepEqual(await ownerOf(sessionId), owner, 'the owner kept the call');
    assert.deepEqual(others(bob.joins.at(-1).ack), ['alice'], 'bob finds alice in the call');
    await assertSignalsAfter(t, streams, 'after the edge came back');
    assert.deepEqual(leftTold(alice, bob), [], 'a reconnection tells nobody anyone left');
    await assertOneOwnerAtATime(t, sampler);
    await Promise.all([alice.leave(), bob.leave()]);
    await restartAll();
  });

  scenario('across nodes, (d) the owner cut off from Redis while a member is on an edge: never two owners acting, one call again after', async (t) => {
    const { sessionId, alice, bob, owner, sampler, streams } = await crossCallInProgress('x-cutoff');
    const cut = cluster.node(owner.node);
    const cutAt = Date.now();
    await cut.relay.cut();
    // The cut-off node stops acting as owner at its lease's local deadline; meanwhile the edge no longer sees it live
    // and closes bob's transport, and bob's rejoin takes the call on the edge once the lease lapsed in Redis.
    await waitUntil(async () => (await health(cut)).leases === 0, { timeoutMs: 15_000, message: `${cut.id} acting on no call` });
    await bob.untilJoined({ after: cutAt, timeoutMs: 20_000 });
    const taken = await ownerOf(sessionId);
    // Bob's rejoin on the edge waits from the moment the edge stops listing the cut node, so it takes the call once the
    // lease lapsed; alice's, passed on by nginx once the cut node lets go, can only win that race by a poll (250 ms)
    // when the lapse comes late, and then the call is on her node and bob is proxied there: either way, the next epoch.
    assert.ok(taken && taken.node !== cut.id && taken.epoch === owner.epoch + 1, `the next owner: ${JSON.stringify(taken)}`);
    assert.ok(bob.disconnects.some((d) => d.at >= cutAt && /transport/.test(d.reason)), `the edge closed bob's transport: ${JSON.stringify(bob.disconnects)}`);
    // The cut-off node finds the other nodes reaching Redis, lets go of its copy and has alice's socket reconnect:
    // nginx passes her on from its 503 to the next server, which serves her in the call bob's node took (or proxies
    // her there), and the two are in one call again before the cut heals; everything acknowledged from then on arrives.
    await waitUntil(
      () => cut.server.output.includes(`call let go, this node is cut off from redis sessionId=${sessionId}`),
      { timeoutMs: 20_000, message: `${cut.id} letting go of ${sessionId}, cut off` },
    );
    await alice.untilJoined({ after: cutAt, timeoutMs: 30_000 });
    assert.equal((await health(cut)).redis.status, 'cut-off', `${cut.id} still cut off when alice rejoined`);
    await cut.relay.restore();
    await waitUntil(async () => (await health(cut)).degraded === false, { timeoutMs: 10_000, message: `${cut.id} reaching redis again` });
    assert.equal((await health(cut)).leases, 0, `${cut.id} keeps off the call`);
    assert.deepEqual(await ownerOf(sessionId), taken);
    assert.deepEqual(others(alice.joins.at(-1).ack), ['bob'], 'alice finds bob in the call');
    await assertSignalsAfter(t, streams, 'after the cut-off node let go');
    await assertOneOwnerAtATime(t, sampler);
    assert.deepEqual(sampler.owners(), [`${owner.node}:${owner.epoch}`, `${taken.node}:${taken.epoch}`]);
    assert.deepEqual(leftTold(alice, bob), [], 'nobody told anyone left');
    await Promise.all([alice.leave(), bob.leave()]);
  });

  scenario('across nodes, (b) Redis unreachable for 15 s: cross-node traffic resumes after, the edge\'s member is not acknowledged meanwhile', async (t) => {
    const { sessionId, alice, bob, sampler, streams } = await crossCallInProgress('x-outage');
    const cutMark = streams.map((s) => s.mark());
    const cutAt = Date.now();
    await Promise.all(cluster.relays.map((r) => r.cut()));
    await delay(OUTAGE_MS);
    await Promise.all(cluster.relays.map((r) => r.restore()));
    const restoredAt = Date.now();
    await waitUntil(async () => {
      for (const node of cluster.nodes) if ((await health(node)).degraded !== false) return false;
      return true;
    }, { timeoutMs: 15_000, message: 'every node: /health ok again' });
    await waitUntil(async () => (await ownerOf(sessionId)) !== null, { timeoutMs: 15_000, message: `${sessionId} served again` });
    await Promise.all([alice, bob].map((p) => p.untilJoined({ timeoutMs: 20_000 })));
    // After the outage the call's owner takes its lease back under a new epoch, the edge's proxy of bob is moved (or
    // closed: the owner's entry in the live nodes lapsed too), bob rejoins through the edge, and signals flow both ways.
    await assertSignalsAfter(t, streams, 'after the outage');
    // What bob (on the edge) sent meanwhile could not reach the owner and was not acknowledged (the ack timed out):
    // not counted as lost. What alice (on the owner) sent bob was acknowledged by the owner and handed to the node bus
    // for bob's proxied socket: what was in flight on the bus when Redis was cut, what the owner queued for the edge
    // during the outage, and what it sent between Redis answering again and bob's rejoin (while the owner took its
    // lease back and moved bob) must all arrive, in order, once the bus runs again and bob is back. So every signal
    // acknowledged either way is counted, from the first, after everything settled.
    await Promise.all(streams.map((s) => s.settle({ from: 1 })));
    const [, fromBob] = streams;
    const during = (s) => [...s.sent].filter(([seq, e]) => seq >= cutMark[streams.indexOf(s)] && e.sentAt < restoredAt);
    assert.ok(during(fromBob).some(([, e]) => e.outcome !== 'acked'), `bob's signals during the outage: ${JSON.stringify(during(fromBob))}`);
    // Where each lost signal was acknowledged, to tell the windows apart in a failure.
    const windowOf = (e) => (e.at < cutAt - 1_000 ? 'before the cut' : e.at < cutAt ? 'the last second before the cut'
      : e.sentAt < restoredAt ? 'during the outage' : 'after Redis answered again');
    for (const s of streams) {
      const d = during(s).map(([, e]) => e);
      t.diagnostic(`${s.sender.userId} -> ${s.receiver.userId} sent during the outage (from ${new Date(cutAt).toISOString()}): `
        + `${d.filter((e) => e.outcome === 'acked').length} acked, ${d.filter((e) => e.outcome === 'refused').length} refused, `
        + `${d.filter((e) => e.outcome === 'no-ack').length} not answered; `
        + `over the whole call ${JSON.stringify(s.report())}`);
    }
    for (const s of streams) {
      const lost = s.missing(1).map((seq) => `${seq} (${windowOf(s.sent.get(seq))})`);
      assert.deepEqual(lost, [], `${s.sender.userId} -> ${s.receiver.userId} acknowledged and not received, from seq 1: `
        + `${JSON.stringify(s.report())}; restored ${new Date(restoredAt).toISOString()}`);
      const r = s.report();
      assert.equal(r.duplicated, 0, JSON.stringify(r));
      assert.equal(r.reordered, 0, JSON.stringify(r));
    }
    assert.deepEqual(leftTold(alice, bob), [], 'nobody told anyone left');
    await assertOneOwnerAtATime(t, sampler);
    await Promise.all([alice.leave(), bob.leave()]);
  });

  // ---- A rolling restart: every node in turn drained (SIGTERM), started again with its id and port, and waited for,
  // as an operator restarts a cluster, while several calls go on; two of them have a member connected straight to a
  // node other than its call's (that member comes back when its node does, as in the drains of an edge above).

  const ROLLING_CALLS_PER_NODE = 2;
  // Far below the drain timeout (30 s): a node that held a call until then would fail.
  const ROLLING_EXIT_MS = 10_000;
  // The shipped reconnect grace (SECUREVOX_CALL_RECONNECT_GRACE's default): a member back later than that after its
  // socket was cut would have been reported as gone with the shipped settings (this suite runs with a longer grace).
  const SHIPPED_GRACE_MS = 10_000;

  /**
   * Calls with a first member through nginx, ROLLING_CALLS_PER_NODE on each node as nginx's hash of ?call= places
   * them: a new call whose node has its share is left again (it ends) and another id tried.
   */
  async function callsSpreadOverNodes() {
    const placed = new Map(cluster.nodes.map((n) => [n.id, []]));
    for (let tried = 0; [...placed.values()].some((l) => l.length < ROLLING_CALLS_PER_NODE); tried++) {
      assert.ok(tried < 60, `${tried} calls tried for ${ROLLING_CALLS_PER_NODE} on each node: ${JSON.stringify([...placed].map(([id, l]) => [id, l.length]))}`);
      const sessionId = uid('roll');
      scenarioCalls.push(sessionId);
      const i = tried;
      const alice = await participant(cluster, `alice${i}`, sessionId);
      const owner = await ownerOf(sessionId);
      assert.ok(owner, `${sessionId}: no lease in redis after alice${i} joined`);
      const share = placed.get(owner.node);
      if (share.length < ROLLING_CALLS_PER_NODE) share.push({ sessionId, i, alice, owner });
      else await alice.leave();
    }
    return [...placed.values()].flat();
  }

  /** assertOneOwnerAtATime for a sampleOwnersOf sampler: no violation, rounds dense and quick enough to judge. */
  async function assertOneOwnerAtATimeOf(t, sampler, sessionIds) {
    const samples = await sampler.stop();
    const { decisive, of } = sampler.decisive();
    const spanS = (samples.at(-1).at - samples[0].at) / 1000;
    assert.ok(of >= spanS * 2 && decisive >= of / 2, `${of} rounds in ${spanS} s, ${decisive} of them within 0.5 s`);
    const owners = sessionIds.map((id) => `${id}: ${sampler.owners(id).join(' -> ')}`);
    assert.deepEqual(sampler.violations(), [], `owners sampled: ${owners.join('; ')}`);
    t.diagnostic(`owners ${owners.join('; ')}: ${of} rounds in ${spanS} s, ${decisive} within 0.5 s, no violation`);
  }

  scenario('(c) rolling restart: each node drained and started again in turn, six calls go on with their members, nobody left, no drain waits its timeout', async (t) => {
    await waitUntil(async () => {
      for (const node of cluster.nodes) if (!node.server.exitInfo && (await health(node)).leases !== 0) return false;
      return true;
    }, { timeoutMs: 10_000, message: 'no node holding a lease before the scenario' });
    const startedAt = Date.now();
    const calls = await callsSpreadOverNodes();
    // The first call of the first and of the last node get their second member straight on the next node (an edge).
    const crossed = new Set([calls[0], calls.at(-ROLLING_CALLS_PER_NODE)]);
    const straight = new Map(); // member connected straight to a node (not through nginx) -> that node
    for (const call of calls) {
      const k = cluster.nodes.findIndex((n) => n.id === call.owner.node);
      const edge = crossed.has(call) ? cluster.nodes[(k + 1) % cluster.nodes.length] : undefined;
      call.bob = await participant(cluster, `bob${call.i}`, call.sessionId, edge && { url: edge.server.url, ca: undefined });
      if (edge) straight.set(call.bob, edge);
      call.members = [call.alice, call.bob];
      assert.deepEqual(others(call.bob.joins.at(-1).ack), [call.alice.userId], `${call.sessionId}: bob finds alice`);
      assert.equal((await connectedTo(call.bob))?.id, edge?.id ?? call.owner.node, `${call.bob.userId}'s node`);
      assert.deepEqual(await ownerOf(call.sessionId), call.owner, `${call.sessionId}: its owner kept it`);
    }
    const members = calls.flatMap((c) => c.members);
    const sessionIds = calls.map((c) => c.sessionId);
    const owners = async () => Object.fromEntries(await Promise.all(sessionIds.map(async (id) => [id, await ownerOf(id)])));
    const sampler = sampleOwnersOf(cluster, sessionIds);
    const streams = calls.flatMap(({ alice, bob }) => [new SignalStream(alice, bob, { gapMs: 100 }), new SignalStream(bob, alice, { gapMs: 100 })]);
    streams.forEach((s) => s.start());
    await waitUntil(() => streams.every((s) => s.report().acked >= 5), { timeoutMs: 15_000, message: '5 acked each way in every call' });

    const steps = [];
    let last = await owners();
    for (const node of cluster.nodes) {
      const held = sessionIds.filter((id) => last[id].node === node.id);
      const drained = node.server;
      const drainedAt = Date.now();
      stoppedOutputs.push({ id: node.id, get output() { return drained.output; } });
      drained.signal('SIGTERM');
      assert.equal(await drained.waitExit(ROLLING_EXIT_MS), 0, `${node.id} exits on its own after its drain`);
      const exitMs = Date.now() - drainedAt;
      for (const id of held) assert.ok(drained.output.includes(`call handed over sessionId=${id} `), `${node.id} handed ${id} over`);
      assert.ok(!drained.output.includes('call not handed over'), `${node.id} kept a call`);
      await cluster.restart(node.id);
      const restartedAt = Date.now();
      for (const n of cluster.nodes) {
        await waitUntil(async () => (await health(n)).nodes.length === 3, { timeoutMs: 15_000, message: `${n.id} listing 3 nodes` });
      }
      // Every member whose connection the drain cut is back in its call, which has the same two members: through
      // nginx within the shipped grace of the cut, straight to the restarted node within it of the node's start.
      const cut = members.filter((p) => p.disconnects.some((d) => d.at >= drainedAt));
      await Promise.all(cut.map((p) => p.untilJoined({ after: drainedAt, timeoutMs: 30_000 })));
      const rejoinedAt = Date.now();
      const late = cut.map((p) => {
        const cutAt = p.disconnects.find((d) => d.at >= drainedAt).at;
        const from = straight.get(p) === node ? Math.max(cutAt, restartedAt) : cutAt;
        return [p.userId, p.joins.find((j) => j.at >= drainedAt && j.ack.ok).at - from];
      }).filter(([, ms]) => ms > SHIPPED_GRACE_MS);
      assert.deepEqual(late, [], `members back more than ${SHIPPED_GRACE_MS} ms after ${node.id} cut them (or, straight to it, after its start)`);
      const slowest = Math.max(0, ...cut.filter((p) => !straight.has(p)).map((p) => p.joins.find((j) => j.at >= drainedAt && j.ack.ok).at
        - p.disconnects.find((d) => d.at >= drainedAt).at));
      for (const call of calls) {
        for (const [p, other] of [[call.alice, call.bob], [call.bob, call.alice]]) {
          assert.ok(p.joined, `${p.userId} in ${call.sessionId} after ${node.id}'s restart`);
          if (cut.includes(p)) assert.deepEqual(others(p.joins.at(-1).ack), [other.userId], `${p.userId} finds ${other.userId} in ${call.sessionId}`);
        }
      }
      // Each call is served, under a higher epoch where it changed hands, and not by the node that drained.
      const now = await owners();
      for (const id of sessionIds) {
        assert.ok(now[id], `${id} served after ${node.id}'s restart`);
        if (now[id].node !== last[id].node) assert.ok(now[id].epoch > last[id].epoch, `${id}: ${JSON.stringify(last[id])} -> ${JSON.stringify(now[id])}`);
        else assert.equal(now[id].epoch, last[id].epoch, `${id} kept by ${now[id].node}`);
      }
      for (const id of held) assert.notEqual(now[id].node, node.id, `${id} handed over by ${node.id}`);
      last = now;
      const mark = streams.map((s) => s.mark());
      await waitUntil(() => streams.every((s, i) => s.report({ from: mark[i] }).acked >= 5), { timeoutMs: 15_000, message: `signals in every call after ${node.id}'s restart` });
      steps.push({ node: node.id, held: held.length, exitMs, cut: cut.length, drainedAt, rejoinedAt });
      t.diagnostic(`${node.id}: handed ${held.length} calls over, exited in ${exitMs} ms; ${cut.length} members cut, `
        + `all back ${rejoinedAt - drainedAt} ms after its SIGTERM, those through nginx at most ${slowest} ms after their cut`);
    }
    assert.ok(steps.reduce((n, s) => n + s.held, 0) >= cluster.nodes.length, `calls handed over: ${JSON.stringify(steps)}`);

    await assertOneOwnerAtATimeOf(t, sampler, sessionIds);
    await Promise.all(streams.map((s) => s.stop()));
    await Promise.all(streams.map((s) => s.settle()));
    for (const s of streams) {
      const r = s.report();
      const what = `${s.sender.userId} -> ${s.receiver.userId}: ${JSON.stringify(r)}`;
      t.diagnostic(`signals ${what}`);
      assert.ok(r.acked > 0, `nothing acknowledged: ${what}`);
      assert.equal(r.lost, 0, `acknowledged signals lost: ${what}`);
      assert.equal(r.duplicated, 0, `signals duplicated: ${what}`);
      assert.equal(r.reordered, 0, `signals reordered: ${what}`);
    }
    assert.deepEqual(leftTold(...members), [], 'nobody told anyone left');

    // Each call ends when its two members leave, as the one call that began before the restarts.
    for (const { alice, bob } of calls) {
      await alice.leave();
      await bob.leave();
    }
    const api = (p) => cluster.nodes[0].server.http('GET', p, { headers: { Authorization: `Bearer ${cluster.apiKey}` } });
    for (const { sessionId, alice, bob } of calls) {
      let rows;
      await waitUntil(async () => {
        const res = await api(`/api/calls?userId=${bob.userId}&from=${startedAt}`);
        rows = res.json.calls.filter((c) => c.sessionId === sessionId);
        return rows.length > 0 && rows.every((c) => c.endedAt !== null);
      }, { timeoutMs: 10_000, message: `${sessionId} ended in the history` });
      assert.equal(rows.length, 1, `${sessionId}: one call in the history: ${JSON.stringify(rows)}`);
      const people = rows[0].participants.map((p) => [p.userId, p.leaveReason]).sort();
      assert.deepEqual(people, [[alice.userId, 'left'], [bob.userId, 'left']], `${sessionId}: ${JSON.stringify(rows[0])}`);
      assert.equal(rows[0].peakParticipants, 2);
    }
  });
});
