// Media to the SFU through our managed coturn only (iceTransportPolicy 'relay'): the shipped relay
// policy denies private and loopback peers, and the server adds Janus's media address as the one
// allowed peer (allowed-peer-ip), so relayed clients reach the SFU and nothing else on the network.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import os from 'node:os';
import { eventually, expectMediaFlowing, expectMediaMode, join, openDemo, startSfuStack } from './helpers/browser.mjs';

let stack;
let pages;

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

/** This machine's first non-loopback IPv4 address: the one Janus gathers on. */
function hostAddress() {
  const address = Object.values(os.networkInterfaces()).flat().find((a) => a.family === 'IPv4' && !a.internal);
  assert.ok(address, 'a non-loopback IPv4 address on this machine');
  return address.address;
}

before(async () => {
  // coturn relays from the host's address: a relay socket on loopback cannot reach Janus on another interface.
  stack = await startSfuStack({
    SECUREVOX_CALL_TURN_RELAY_IP: hostAddress(),
    SECUREVOX_CALL_MEDIA: 'sfu',
    SECUREVOX_CALL_TURN: 'managed',
    SECUREVOX_CALL_TURN_PORT: String(await freePort()),
  });
  pages = [await openDemo(stack, '&ice=relay'), await openDemo(stack, '&ice=relay')];
  await join(pages[0], 'Ann', 'sfu_relay_call');
  await join(pages[1], 'Bob', 'sfu_relay_call');
  await expectMediaMode(pages, 'sfu');
});

after(async () => {
  await stack?.stop();
});

test('media to and from the SFU flows only through coturn', async () => {
  await expectMediaFlowing(pages, 1);
  for (const page of pages) {
    // A selected pair reads 'in-progress' for a moment while a check on it is outstanding (consent freshness, the
    // subscriber's renegotiation); it is the pair in use all the same, so its state is awaited, not sampled once.
    const pairs = await eventually(async () => {
      const now = await page.evaluate(async () => {
        const out = [];
        for (const pc of [window.demo.call.sfuSession.publisher, window.demo.call.sfuSession.subscriber]) {
          const report = await pc.getStats();
          const transport = [...report.values()].find((s) => s.type === 'transport' && s.selectedCandidatePairId);
          const pair = report.get(transport.selectedCandidatePairId);
          out.push({
            policy: pc.getConfiguration().iceTransportPolicy,
            state: pair.state,
            local: report.get(pair.localCandidateId).candidateType,
            remote: report.get(pair.remoteCandidateId).address,
          });
        }
        return out;
      });
      return now.every((pair) => pair.state === 'succeeded') ? now : { ok: false, pairs: now };
    }, 'both selected candidate pairs succeeded', 10_000);
    for (const pair of pairs) {
      assert.equal(pair.policy, 'relay');
      assert.equal(pair.state, 'succeeded');
      assert.equal(pair.local, 'relay', JSON.stringify(pairs));
    }
  }
  assert.deepEqual(pages.flatMap((p) => p.errors), []);
});
