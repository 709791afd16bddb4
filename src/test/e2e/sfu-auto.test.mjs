// SECUREVOX_CALL_MEDIA=auto (the default): two people talk peer to peer, the third moves the call to
// the SFU with a short gap in the first two's pictures (measured and reported), and a client that
// knows only the mesh keeps a call on the mesh, or brings one back to it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS, eventually, expectMediaFlowing, expectMediaMode, expectNoMeshPeers, join, openDemo, startSfuStack,
} from './helpers/browser.mjs';

let stack;

before(async () => {
  stack = await startSfuStack();
});

after(async () => {
  await stack?.stop();
});

const statsOf = async (sessionId) => {
  const res = await stack.server.http('GET', '/api/call/stats', { headers: { Authorization: `Bearer ${stack.server.apiKey}` } });
  return res.json.activeCalls.find((c) => c.sessionId === sessionId);
};

/** Records when each picture of `userId`'s camera tile is presented, across changes of its source. */
function watchFrames(page, userId) {
  return page.evaluate((id) => {
    const video = document.querySelector(`.tile[data-user-id="${id}"][data-kind="camera"] video`);
    window.frameTimes = [];
    const loop = (now) => {
      window.frameTimes.push(now);
      video.requestVideoFrameCallback(loop);
    };
    video.requestVideoFrameCallback(loop);
    window.switchedAt = null;
    window.demo.call.on('mediaMode', (mode) => { if (mode === 'sfu') window.switchedAt = performance.now(); });
  }, userId);
}

/** The longest time without a new picture from a second before the switch to the end of the record. */
function longestGap(page) {
  return page.evaluate(() => {
    const from = window.switchedAt - 1000;
    const times = window.frameTimes.filter((t) => t >= from);
    let gap = 0;
    for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i] - times[i - 1]);
    return { gap: Math.round(gap), frames: times.length, after: Math.round(times.at(-1) - window.switchedAt) };
  });
}

test('two talk peer to peer; the third moves the call to the SFU, and the first two\'s pictures barely pause', async () => {
  const ann = await openDemo(stack);
  const bob = await openDemo(stack);
  const annId = await join(ann, 'Ann', 'auto_call');
  const bobId = await join(bob, 'Bob', 'auto_call');
  await expectMediaMode([ann, bob], 'mesh');
  await expectMediaFlowing([ann, bob], 1);
  assert.equal((await statsOf('auto_call')).media, 'mesh');
  await watchFrames(ann, bobId);
  await watchFrames(bob, annId);

  const cleo = await openDemo(stack);
  await join(cleo, 'Cleo', 'auto_call');
  const pages = [ann, bob, cleo];
  await expectMediaMode(pages, 'sfu');
  await expectNoMeshPeers(pages);
  await expectMediaFlowing(pages, 2);
  assert.equal((await statsOf('auto_call')).media, 'sfu');
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // pictures after the move, too

  const gaps = { ann: await longestGap(ann), bob: await longestGap(bob) };
  writeFileSync(path.join(ARTIFACTS, 'sfu-switch-gap.json'), `${JSON.stringify(gaps, null, 2)}\n`);
  console.log(`# media gap moving to the SFU (ms): Ann sees Bob ${gaps.ann.gap}, Bob sees Ann ${gaps.bob.gap}`);
  // The aim is under 1 s (150–333 ms measured, docs/benchmarks.md); the bound is wider for a loaded two-core machine
  // running other suites, and the gap is reported above either way.
  for (const [who, g] of Object.entries(gaps)) {
    assert.ok(g.after > 1_500, `${who}: pictures keep coming after the move (${JSON.stringify(g)})`);
    assert.ok(g.gap < 3_000, `${who}: the picture paused ${g.gap} ms moving to the SFU (${JSON.stringify(g)})`);
  }

  // On the SFU the SDK reports its two connections with it; the server takes them (a point with a MOS from the
  // subscriber's audio after the reports say "sfu").
  const sfuReportAt = await cleo.evaluate(() => new Promise((resolve) => {
    window.demo.call.on('qualityreport', (report) => {
      if (report.connections.some((c) => c.peer === 'sfu')) resolve(Date.now());
    });
  }));
  await eventually(async () => {
    const res = await stack.server.http('GET', '/api/calls/auto_call/quality', { headers: { Authorization: `Bearer ${stack.server.apiKey}` } });
    const points = (res.json?.participants ?? []).flatMap((p) => p.points);
    return points.some((point) => point.at >= sfuReportAt - 1_000 && point.mos !== null) || { ok: false, text: res.text };
  }, 'a point from an SFU report', 20_000);

  // A client that knows only the mesh joins: the call goes back to the mesh, and everyone sees everyone.
  const legacy = await openDemo(stack, '&sfu=0');
  await join(legacy, 'Dana', 'auto_call');
  await expectMediaMode(pages, 'mesh');
  await expectMediaFlowing([...pages, legacy], 3);
  assert.equal((await statsOf('auto_call')).media, 'mesh');
  assert.deepEqual([...pages, legacy].flatMap((p) => p.errors), []);
  for (const page of [...pages, legacy]) await page.context().close();
});

test('a client that knows only the mesh keeps a call of three on the mesh', async () => {
  const pages = [await openDemo(stack), await openDemo(stack, '&sfu=0'), await openDemo(stack)];
  await join(pages[0], 'Eve', 'legacy_call');
  await join(pages[1], 'Finn', 'legacy_call');
  await join(pages[2], 'Gus', 'legacy_call');
  await expectMediaFlowing(pages, 2);
  await expectMediaMode([pages[0], pages[2]], 'mesh');
  assert.equal((await statsOf('legacy_call')).media, 'mesh');
  assert.equal(await pages[1].evaluate(() => window.demo.call.mediaMode), 'mesh');
  await eventually(async () => (await pages[0].locator('#media-mode').textContent()) === '· media peer to peer', 'mode shown');
  for (const page of pages) await page.context().close();
});
