// A call recorded through the SFU from start to end: three people on the demo page, a fourth who
// joins while it records, one who leaves early. The server makes one WebM per participant and a
// composed file; ffprobe and ffmpeg must find each decodable, with audio and video, as long as the
// participant was in the recording (within a second).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, expectMediaFlowing, expectMediaMode, join, openDemo, startSfuStack } from './helpers/browser.mjs';
import { decodeAll, download, probe, settled } from './helpers/media-files.mjs';

const CALL = 'recorded_call';
let stack;
let pages;
let ids;
const auth = () => ({ Authorization: `Bearer ${stack.server.apiKey}` });
const WEBHOOK_SECRET = 'recording-webhook-secret-0123456789';
/** Every webhook delivered, in arrival order, each checked against its signature on arrival. */
const hooks = [];
const badHooks = [];
let receiver;

/** Our receiver of the webhooks: answers 200 to each, after checking X-SecureVOX-Signature. */
function startReceiver() {
  receiver = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const header = req.headers['x-securevox-signature'] ?? '';
      const fields = Object.fromEntries(header.split(',').map((p) => p.split('=', 2)));
      const expected = createHmac('sha256', WEBHOOK_SECRET).update(`${fields.t}.`).update(body).digest();
      const given = Buffer.from(fields.v1 ?? '', 'hex');
      if (given.length === expected.length && timingSafeEqual(given, expected)) hooks.push(JSON.parse(body.toString()));
      else badHooks.push(header);
      res.writeHead(200).end();
    });
  });
  return new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(receiver.address().port)));
}

before(async () => {
  const port = await startReceiver();
  stack = await startSfuStack({
    SECUREVOX_CALL_RECORDING_COMPOSE: '1',
    SECUREVOX_CALL_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks`,
    SECUREVOX_CALL_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });
  pages = [];
  ids = [];
  for (const name of ['Ann', 'Bob', 'Cleo']) {
    const page = await openDemo(stack);
    ids.push(await join(page, name, CALL));
    pages.push(page);
  }
});

after(async () => {
  await stack?.stop();
  receiver?.close();
});

test('a participant cannot start a recording: FORBIDDEN', async () => {
  await expectMediaMode(pages, 'sfu');
  const refusal = await pages[0].evaluate(() => window.demo.call.startRecording().then(() => null, (err) => err));
  assert.equal(refusal?.code, 'FORBIDDEN', JSON.stringify(refusal));
});

test('a recorded call: everyone told, newcomers too; one playable file per participant and a composed one', async () => {
  await expectMediaFlowing(pages, 2);
  const started = await stack.server.http('POST', `/api/calls/${CALL}/recording`, { headers: auth() });
  assert.equal(started.status, 201, started.text);
  const recordingId = started.json.recordingId;
  const recordStart = Date.now();
  const times = new Map(ids.map((id) => [id, { from: recordStart }]));
  for (const page of pages) {
    await page.locator('#recording').waitFor({ state: 'visible', timeout: 5_000 });
    assert.deepEqual(await page.evaluate(() => window.demo.call.recording), { recording: true, by: 'api', recordingId });
  }
  const again = await stack.server.http('POST', `/api/calls/${CALL}/recording`, { headers: auth() });
  assert.equal(again.status, 409, again.text);

  await new Promise((r) => setTimeout(r, 2_000));
  const late = await openDemo(stack);
  const lateId = await join(late, 'Dev', CALL);
  times.set(lateId, { from: Date.now() });
  await late.locator('#recording').waitFor({ state: 'visible', timeout: 5_000 });
  pages.push(late);
  ids.push(lateId);
  await expectMediaFlowing(pages, 3);

  await new Promise((r) => setTimeout(r, 4_000));
  await pages[2].click('#leave');
  times.get(ids[2]).to = Date.now();
  await new Promise((r) => setTimeout(r, 3_000));
  for (const [i, page] of pages.entries()) {
    if (i === 2) continue;
    await page.click('#leave');
    times.get(ids[i]).to = Date.now();
  }
  const recordEnd = Date.now();

  const info = await settled(stack.server, recordingId);
  assert.equal(info.status, 'ready', JSON.stringify(info));
  assert.equal(info.partial, false, JSON.stringify(info));
  const listed = await stack.server.http('GET', `/api/recordings?sessionId=${CALL}`, { headers: auth() });
  assert.deepEqual(listed.json.recordings.map((r) => r.recordingId ?? r.id), [recordingId], listed.text);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'securevox-recording-'));
  const perUser = info.files.filter((f) => f.userId !== null);
  assert.deepEqual(perUser.map((f) => f.userId).sort(), [...ids].sort(), JSON.stringify(info.files));
  for (const f of perUser) {
    const file = await download(stack.server, recordingId, f.name, dir);
    const p = probe(file);
    assert.ok(p.streams.some((s) => s.codec_type === 'audio' && s.codec_name === 'opus'), `${f.name}: no Opus audio`);
    assert.ok(p.streams.some((s) => s.codec_type === 'video' && s.codec_name === 'vp8'), `${f.name}: no VP8 video`);
    decodeAll(file);
    const { from, to } = times.get(f.userId);
    const expected = (to - from) / 1000;
    const actual = Number(p.format.duration);
    assert.ok(Math.abs(actual - expected) <= 1, `${f.name} (${f.userId}): ${actual} s, in the recording ${expected} s`);
    assert.ok(Math.abs(f.durationMs / 1000 - actual) <= 0.1, `${f.name}: manifest ${f.durationMs} ms vs ${actual} s`);
    assert.ok(Math.abs(f.startOffsetMs - (from - recordStart)) <= 1_000, `${f.name}: starts at ${f.startOffsetMs} ms`);
    assert.equal(f.source, 'camera', JSON.stringify(f));
    assert.deepEqual(f.pieces, [{ startOffsetMs: f.startOffsetMs, durationMs: f.durationMs }], JSON.stringify(f));
  }
  const composed = info.files.find((f) => f.userId === null);
  assert.ok(composed, JSON.stringify(info.files));
  assert.equal(composed.source, 'composed');
  const file = await download(stack.server, recordingId, composed.name, dir);
  const p = probe(file);
  assert.ok(p.streams.some((s) => s.codec_type === 'audio'), 'composed: no audio');
  assert.ok(p.streams.some((s) => s.codec_type === 'video'), 'composed: no video');
  decodeAll(file);
  const expected = (recordEnd - recordStart) / 1000;
  assert.ok(Math.abs(Number(p.format.duration) - expected) <= 1, `composed: ${p.format.duration} s, call ${expected} s`);

  // The webhooks: all signed, the call's in order with no gap, the recording's last with its files.
  let events;
  await eventually(() => {
    events = hooks.filter((h) => h.sessionId === CALL);
    return events.at(-1)?.type === 'recording.ready' ? true : { ok: false, types: events.map((e) => e.type) };
  }, 'recording.ready delivered');
  assert.deepEqual(badHooks, []);
  assert.deepEqual(events.map((e) => e.sequence), events.map((_, i) => i + 1), JSON.stringify(events.map((e) => [e.sequence, e.type])));
  assert.equal(events[0].type, 'call.started');
  assert.equal(events.at(-2).type, 'call.ended');
  const ready = events.at(-1).data;
  assert.equal(ready.recordingId, recordingId);
  assert.equal(ready.startedBy, 'api');
  assert.equal(ready.partial, false);
  assert.deepEqual(ready.files.map((f) => f.name).sort(), info.files.map((f) => f.name).sort());
});
