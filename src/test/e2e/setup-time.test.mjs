// Call setup time on the demo page: from clicking Join into a call someone is already in, to the
// first remote video frame (requestVideoFrameCallback). Writes target/e2e-artifacts/setup-time.json
// and prints the p50; docs/benchmarks.md records a run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, eventually, join, openDemo, startStack } from './helpers/browser.mjs';

const CALLS = Number(process.env.SECUREVOX_SETUP_CALLS || 10);
let stack;

before(async () => {
  stack = await startStack();
});

after(async () => {
  await stack?.stop();
});

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

test(`setup time over ${CALLS} two-party calls`, async () => {
  const host = await openDemo(stack);
  const guest = await openDemo(stack);
  const times = [];
  for (let i = 0; i < CALLS; i++) {
    const callId = `setup_${i}`;
    await join(host, 'Host', callId);
    await join(guest, 'Guest', callId);
    const ms = await eventually(
      () => guest.evaluate(() => (window.demo.firstRemoteFrameAt === null ? false : window.demo.firstRemoteFrameAt - window.demo.joinClickedAt)),
      `the first remote frame in call ${i}`,
      10_000,
    );
    times.push(Math.round(ms));
    await guest.click('#leave');
    await host.click('#leave');
    await host.waitForSelector('body[data-state="idle"]');
  }
  const sorted = [...times].sort((a, b) => a - b);
  const result = { calls: CALLS, msJoinToFirstRemoteFrame: times, p50: percentile(sorted, 50), p90: percentile(sorted, 90), max: sorted.at(-1) };
  writeFileSync(path.join(ARTIFACTS, 'setup-time.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`setup time (join click → first remote frame) over ${CALLS} calls: p50 ${result.p50} ms, p90 ${result.p90} ms, max ${result.max} ms`);
  assert.equal(times.length, CALLS);
});
