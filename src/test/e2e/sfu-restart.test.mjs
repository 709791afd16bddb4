// Janus killed with SIGKILL in the middle of a call: the server restarts it (managed mode), opens
// the call's room again and has the clients publish again; media comes back within seconds and
// nobody is told anyone left.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { eventually, expectMediaFlowing, expectMediaMode, join, openDemo, startSfuStack } from './helpers/browser.mjs';

let stack;
let pages;

before(async () => {
  stack = await startSfuStack({ SECUREVOX_CALL_MEDIA: 'sfu' });
  pages = [];
  for (const name of ['Ann', 'Bob', 'Cleo']) {
    const page = await openDemo(stack);
    await join(page, name, 'restart_call');
    await page.evaluate(() => {
      window.seenLeft = [];
      window.resets = 0;
      window.demo.call.on('participantleft', (e) => window.seenLeft.push(e));
      window.demo.call.on('sfureset', () => { window.resets += 1; });
    });
    pages.push(page);
  }
  await expectMediaMode(pages, 'sfu');
  await expectMediaFlowing(pages, 2);
});

after(async () => {
  await stack?.stop();
});

function janusPid() {
  const out = execFileSync('pgrep', ['-P', String(stack.server.child.pid), '-x', 'janus'], { encoding: 'utf8' }).trim();
  assert.match(out, /^\d+$/, `one janus child of the server, got: ${out}`);
  return Number(out);
}

test('Janus killed mid-call: restarted, media back within seconds, nobody reported as having left', async () => {
  const pid = janusPid();
  const killedAt = Date.now();
  process.kill(pid, 'SIGKILL');
  await eventually(async () => {
    const health = (await stack.server.health()).json;
    return health.sfu?.status === 'up' && health.sfu.restarts >= 1 ? true : { ok: false, sfu: health.sfu };
  }, 'the SFU restarted and up', 30_000);
  assert.notEqual(janusPid(), pid);
  for (const page of pages) await eventually(() => page.evaluate(() => window.resets === 1), 'sfu_reset on every page');
  await expectMediaFlowing(pages, 2);
  const recovered = Date.now() - killedAt;
  console.log(`# media flowing again ${recovered} ms after Janus was killed`);
  assert.ok(recovered < 20_000, `media back after ${recovered} ms`);
  await expectMediaMode(pages, 'sfu');
  for (const page of pages) assert.deepEqual(await page.evaluate(() => window.seenLeft), []);
  const stats = await stack.server.http('GET', '/api/call/stats', { headers: { Authorization: `Bearer ${stack.server.apiKey}` } });
  assert.equal(stats.json.activeCalls.find((c) => c.sessionId === 'restart_call')?.participantCount, 3);
  assert.deepEqual(pages.flatMap((p) => p.errors), []);
});
