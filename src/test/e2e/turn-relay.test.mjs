// Media through coturn only: both pages use iceTransportPolicy 'relay' with the TURN credentials our
// server minted for them (in iceServers), so the selected candidate pair must be relay on both ends.
// The browsers and coturn are all on loopback, so this coturn is the shipped configuration plus
// the test-only permission to relay to 127.0.0.1 (which the shipped policy rightly denies).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectMediaFlowing, join, openDemo, startStack } from './helpers/browser.mjs';
import { shippedPolicy, startCoturn } from './helpers/coturn.mjs';

const SECRET = `e2e-turn-secret-${process.pid}-0123456789`;
let coturn;
let stack;
let ann;
let bob;
let annId;
let bobId;

before(async () => {
  coturn = await startCoturn({ secret: SECRET, directives: [...shippedPolicy(), 'allow-loopback-peers', 'allowed-peer-ip=127.0.0.1'] });
  stack = await startStack({ SECUREVOX_CALL_TURN_URLS: coturn.url, SECUREVOX_CALL_TURN_SECRET: SECRET });
  ann = await openDemo(stack, '&ice=relay');
  bob = await openDemo(stack, '&ice=relay');
  annId = await join(ann, 'Ann', 'relay_call');
  bobId = await join(bob, 'Bob', 'relay_call');
});

after(async () => {
  await stack?.stop();
  await coturn?.stop();
});

/** The selected candidate pair of the connection to `userId`, with both candidates' types. */
function selectedPair(page, userId) {
  return page.evaluate(async (id) => {
    const report = await window.demo.call.getStats(id);
    const stats = [...report.values()];
    const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
    const pair = transport ? report.get(transport.selectedCandidatePairId) : null;
    if (!pair) return null;
    const local = report.get(pair.localCandidateId);
    const remote = report.get(pair.remoteCandidateId);
    return {
      state: pair.state,
      local: local.candidateType,
      remote: remote.candidateType,
      localTypes: [...new Set(stats.filter((s) => s.type === 'local-candidate').map((s) => s.candidateType))],
      relayProtocol: local.relayProtocol,
    };
  }, userId);
}

test('the peer connections use the TURN entry of our iceServers, with credentials minted for each user', async () => {
  for (const [page, userId, otherId] of [[ann, annId, bobId], [bob, bobId, annId]]) {
    const config = await page.evaluate((id) => window.demo.call.peer(id).pc.getConfiguration(), otherId);
    assert.equal(config.iceTransportPolicy, 'relay');
    const turn = config.iceServers.find((s) => s.username);
    assert.ok(turn, `a TURN entry in ${JSON.stringify(config.iceServers)}`);
    assert.deepEqual(turn.urls, [coturn.url]);
    assert.match(turn.username, new RegExp(`^\\d+:${userId}$`));
    assert.ok(turn.credential.length > 20);
  }
});

test('media flows, and only through coturn: the selected candidate pair is relay on both pages', async () => {
  await expectMediaFlowing([ann, bob], 1);
  for (const [page, otherId] of [[ann, bobId], [bob, annId]]) {
    const pair = await selectedPair(page, otherId);
    assert.ok(pair, 'a selected candidate pair');
    assert.equal(pair.state, 'succeeded');
    assert.equal(pair.local, 'relay');
    assert.equal(pair.remote, 'relay');
    assert.equal(pair.relayProtocol, 'udp');
    assert.deepEqual(pair.localTypes, ['relay'], 'no host or srflx candidate was even gathered');
  }
});
