// ffprobe and ffmpeg on the files a recording made, for the recording tests.
// Not a test file: only `*.test.mjs` files are picked up by `node --test src/test/e2e/`.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { eventually } from './browser.mjs';

/** ffprobe's view of a file: its streams and duration. */
export function probe(file) {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
  return JSON.parse(out.toString());
}

/** Decodes every frame; throws with ffmpeg's complaint when a frame does not decode. */
export function decodeAll(file) {
  execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-xerror', '-i', file, '-f', 'null', '-'], { stdio: 'pipe' });
}

/** Downloads a recording's file with the API key into `dir`; returns its path. */
export async function download(server, recordingId, name, dir) {
  const res = await fetch(`${server.url}/api/recordings/${recordingId}/files/${name}`, {
    headers: { Authorization: `Bearer ${server.apiKey}` },
  });
  if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`);
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

/** Waits (up to two minutes) until the recording is made or failed; resolves with its description. */
export async function settled(server, recordingId) {
  let info;
  await eventually(async () => {
    const res = await server.http('GET', `/api/recordings/${recordingId}`, {
      headers: { Authorization: `Bearer ${server.apiKey}` },
    });
    info = res.json;
    return info?.status === 'ready' || info?.status === 'failed' ? true : { ok: false, info };
  }, 'the recording made', 120_000);
  return info;
}
