// A recording is never lost silently to a full disk (issue 13). The server keeps
// SECUREVOX_CALL_RECORDING_MIN_FREE free on the file system of its recordings: here set to what is free now less
// 300 MB, so that a 600 MB file written during the call takes the disk below it. The recording in progress then stops
// by itself within seconds (everyone told), ends ready and partial with the reason naming the disk, and a new one is
// refused 507 INSUFFICIENT_STORAGE until there is room again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, expectMediaFlowing, expectMediaMode, join, openDemo, startSfuStack } from './helpers/browser.mjs';

const CALL = 'disk_call';
const MB = 1024 * 1024;
let stack;
let pages;
let recordings;
let filler;
const auth = () => ({ Authorization: `Bearer ${stack.server.apiKey}` });

/** The bytes an unprivileged process may still write on the file system holding `dir` (Java's getUsableSpace). */
function usable(dir) {
  const s = statfsSync(dir, { bigint: true });
  return Number(s.bavail * s.bsize);
}

/** Takes `bytes` of the file system for real: fallocate where it works, zeros written otherwise. */
function fill(file, bytes) {
  try {
    execFileSync('fallocate', ['-l', String(bytes), file], { stdio: 'pipe' });
    return;
  } catch {
    rmSync(file, { force: true });
  }
  const chunk = Buffer.alloc(8 * MB);
  const fd = openSync(file, 'w');
  try {
    for (let written = 0; written < bytes; written += chunk.length) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

before(async () => {
  recordings = mkdtempSync(path.join(os.tmpdir(), 'securevox-recdisk-'));
  filler = path.join(recordings, '..', `${path.basename(recordings)}-filler`);
  const minFree = Math.floor((usable(recordings) - 300 * MB) / MB);
  stack = await startSfuStack({
    SECUREVOX_CALL_MEDIA: 'sfu',
    SECUREVOX_CALL_RECORDINGS_DIR: recordings,
    SECUREVOX_CALL_RECORDING_MIN_FREE: `${minFree}MB`,
  });
  pages = [];
  for (const name of ['Ann', 'Bob']) {
    const page = await openDemo(stack);
    await join(page, name, CALL);
    pages.push(page);
  }
});

after(async () => {
  rmSync(filler, { force: true });
  await stack?.stop();
  rmSync(recordings, { recursive: true, force: true });
});

test('the disk filling up stops the recording, marked partial, and a new one is refused 507', async () => {
  try {
    await expectMediaMode(pages, 'sfu');
    await expectMediaFlowing(pages, 1);
    const started = await stack.server.http('POST', `/api/calls/${CALL}/recording`, { headers: auth() });
    assert.equal(started.status, 201, started.text);
    const recordingId = started.json.recordingId;
    for (const page of pages) await page.locator('#recording').waitFor({ state: 'visible', timeout: 5_000 });
    // Some media in the recording before the disk fills.
    await eventually(async () => {
      const info = (await stack.server.http('GET', `/api/recordings/${recordingId}`, { headers: auth() })).json;
      return info?.status === 'recording' ? true : { ok: false, info };
    }, 'the recording listed as recording');
    await new Promise((r) => setTimeout(r, 3_000));

    fill(filler, 600 * MB);
    const filledAt = Date.now();
    for (const page of pages) {
      await eventually(
        () => page.evaluate(() => window.demo.call.recording?.recording === false),
        'recording_state false on every page',
        10_000,
      );
    }
    assert.ok(Date.now() - filledAt < 10_000, 'stopped within seconds');

    let info;
    await eventually(async () => {
      info = (await stack.server.http('GET', `/api/recordings/${recordingId}`, { headers: auth() })).json;
      return info?.status === 'ready' || info?.status === 'failed' ? true : { ok: false, info };
    }, 'the recording made', 120_000);
    assert.equal(info.status, 'ready', JSON.stringify(info));
    assert.equal(info.partial, true, JSON.stringify(info));
    const lost = info.failure;
    assert.match(lost, /the disk holding .* has .* free \(expected: at least .*\): recording stopped/, JSON.stringify(info));
    assert.ok(lost.includes(recordings), `${lost} names ${recordings}`);

    const refused = await stack.server.http('POST', `/api/calls/${CALL}/recording`, { headers: auth() });
    assert.equal(refused.status, 507, refused.text);
    assert.equal(refused.json.error.code, 'INSUFFICIENT_STORAGE', refused.text);
    assert.match(refused.json.error.message, /the disk holding .* has .* free \(expected: at least .*\)/, refused.text);
  } finally {
    rmSync(filler, { force: true });
  }

  // Room again: recording works as before.
  let again;
  await eventually(async () => {
    again = await stack.server.http('POST', `/api/calls/${CALL}/recording`, { headers: auth() });
    return again.status === 201 ? true : { ok: false, status: again.status, text: again.text };
  }, 'a recording started once the disk has room');
});
