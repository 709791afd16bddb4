// Simulcast through the SFU: a 720p camera is published in three layers, and each subscriber gets
// the layer that fits the size it shows the picture at (the frame width its stats report).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, expectMediaMode, join, openDemo, startSfuStack } from './helpers/browser.mjs';

let stack;
let publisher;
let viewer;
let publisherId;

before(async () => {
  stack = await startSfuStack({ SECUREVOX_CALL_MEDIA: 'sfu' });
  publisher = await openDemo(stack, 'res=1280x720&views=0');
  viewer = await openDemo(stack, '&views=0');
  publisherId = await join(publisher, 'Pat', 'simulcast_call');
  await join(viewer, 'Vic', 'simulcast_call');
  await expectMediaMode([publisher, viewer], 'sfu');
});

after(async () => {
  await stack?.stop();
});

/** The width of the frames the viewer decodes from the publisher's camera now. */
function frameWidth() {
  return viewer.evaluate(async (id) => {
    let width = 0;
    (await window.demo.call.getStats(id)).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') width = Math.max(width, s.frameWidth ?? 0);
    });
    return width;
  }, publisherId);
}

async function show(height) {
  await viewer.evaluate(([id, h]) => window.demo.call.setViews([{ userId: id, width: Math.round((h * 16) / 9), height: h }]), [publisherId, height]);
}

test('the publisher sends three layers', async () => {
  const layers = await eventually(async () => {
    const rids = await publisher.evaluate(async () => {
      const sfu = window.demo.call.sfuSession;
      const report = await sfu.publisher.getStats();
      const active = [];
      report.forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video' && s.framesEncoded > 0) active.push(`${s.rid}:${s.frameWidth}`); });
      return active.sort();
    });
    return rids.length === 3 ? rids : { ok: false, rids };
  }, 'three simulcast layers encoded', 30_000);
  assert.deepEqual(layers.map((l) => l.split(':')[0]), ['h', 'l', 'm']);
});

/**
 * The layers the publisher encodes now, as `rid:width`, widest first: those whose encoded frame count grows over half a
 * second, with why the encoder holds back if it does. A loaded machine makes the browser scale its layers down (or
 * drop the top ones), so the test compares what the viewer gets with what is sent rather than with fixed sizes.
 */
async function sentLayers() {
  const sample = () => publisher.evaluate(async () => {
    const out = {};
    (await window.demo.call.sfuSession.publisher.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        out[s.rid] = { frames: s.framesEncoded ?? 0, width: s.frameWidth ?? 0, limit: s.qualityLimitationReason };
      }
    });
    return out;
  });
  const first = await sample();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const second = await sample();
  const active = Object.entries(second)
    .filter(([rid, s]) => s.frames > (first[rid]?.frames ?? 0) && s.width > 0)
    .map(([rid, s]) => ({ rid, width: s.width, limit: s.limit }))
    .sort((a, b) => b.width - a.width);
  return active;
}

test('a small tile gets the low layer, a large one the top layer the publisher sends', async () => {
  await show(120);
  const small = await eventually(async () => {
    const [width, layers] = [await frameWidth(), await sentLayers()];
    const low = layers.at(-1)?.width;
    return width > 0 && width === low ? width : { ok: false, width, layers };
  }, 'the low layer for a 120-pixel tile', 30_000);
  await show(720);
  const large = await eventually(async () => {
    const [width, layers] = [await frameWidth(), await sentLayers()];
    const top = layers[0]?.width;
    return width > small && width === top ? width : { ok: false, width, small, layers };
  }, 'the widest layer sent, wider than the low one, for a 720-pixel tile', 30_000);
  console.log(`# simulcast: a 120-pixel tile gets ${small}-pixel-wide frames, a 720-pixel tile ${large}`);
});

/** Video frames decoded and audio bytes received from the publisher so far. */
function received() {
  return viewer.evaluate(async (id) => {
    const out = { frames: 0, audio: 0 };
    (await window.demo.call.getStats(id)).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') out.frames += s.framesDecoded ?? 0;
      if (s.type === 'inbound-rtp' && s.kind === 'audio') out.audio += s.bytesReceived ?? 0;
    });
    return out;
  }, publisherId);
}

test('a tile not shown gets audio only, and its video back when shown again', async () => {
  await show(0);
  await eventually(async () => {
    const before = await received();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await received();
    return after.frames === before.frames && after.audio > before.audio ? true : { ok: false, before, after };
  }, 'no new video frames, audio still coming', 30_000);
  await show(360);
  await eventually(async () => {
    const before = await received();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await received();
    return after.frames > before.frames ? true : { ok: false, before, after };
  }, 'video frames again', 30_000);
  assert.deepEqual([...publisher.errors, ...viewer.errors], []);
});
