// The demo page's host controls and chat: a host mutes a participant from its tile, the two chat,
// the host removes a third and ends the call for everyone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, join, openDemo, startStack } from './helpers/browser.mjs';

const CALL = 'host_demo_call';
let stack;

before(async () => {
  stack = await startStack();
});

after(async () => {
  await stack?.stop();
});

test('a host mutes and removes from the tiles, chats, and ends the call for everyone', async () => {
  const host = await openDemo(stack);
  await host.check('#host');
  const hostId = await join(host, 'Hana', CALL);
  const ann = await openDemo(stack);
  const annId = await join(ann, 'Ann', CALL);
  const bob = await openDemo(stack);
  const bobId = await join(bob, 'Bob', CALL);
  assert.equal(await host.isVisible('#end-call'), true);
  assert.equal(await ann.isVisible('#end-call'), false);
  assert.equal(await ann.isVisible(`.tile[data-user-id="${hostId}"] .host-actions`), false, 'only a host has the buttons');

  await host.click(`.tile[data-user-id="${annId}"] .mute-them`);
  await ann.waitForSelector('#mute-audio[aria-pressed="true"]', { timeout: 10_000 });
  assert.match(await ann.textContent('#notice'), /Hana turned your microphone off/);
  assert.equal(await ann.evaluate(() => window.demo.call.localStream.getAudioTracks()[0].enabled), false);
  await host.waitForSelector(`.tile[data-user-id="${annId}"] .audio-muted:not([hidden])`, { timeout: 10_000 });

  await ann.fill('#chat-text', 'sorry, the dog');
  await ann.click('#chat-send');
  await eventually(async () => (await host.textContent('#chat-log')).includes('Ann: sorry, the dog'), 'the chat line on the host');
  assert.match(await bob.textContent('#chat-log'), /Ann: sorry, the dog/);

  await host.click(`.tile[data-user-id="${bobId}"] .remove-them`);
  await bob.waitForSelector('body[data-state="idle"]', { timeout: 10_000 });
  assert.match(await bob.textContent('#error'), /Hana removed you from the call/);
  await host.waitForSelector(`.tile[data-user-id="${bobId}"]`, { state: 'detached', timeout: 10_000 });

  await host.click('#end-call');
  for (const page of [host, ann]) await page.waitForSelector('body[data-state="idle"]', { timeout: 10_000 });
  assert.match(await ann.textContent('#error'), /Hana ended the call for everyone/);
  for (const page of [host, ann, bob]) assert.deepEqual(page.errors, []);
});
