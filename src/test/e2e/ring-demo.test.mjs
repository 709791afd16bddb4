// Calling a person by name on the demo page: each page is a device connection of the name typed
// in it; one page rings another, the other shows a ringing screen and answers, and both join the
// call through the page's usual SecureVoxCall path (real WebRTC media in headless Chromium).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, expectMediaFlowing, mediaStats, openDemo, startStack } from './helpers/browser.mjs';

let stack;
const pages = [];

before(async () => {
  stack = await startStack();
});

after(async () => {
  await stack?.stop();
});

/** A page reachable as `name` (on `on`, the shared stack by default): typed into "Your name" like a person would, then online. */
async function person(name, on = stack) {
  const page = await openDemo(on);
  pages.push(page);
  await page.fill('#name', name);
  await page.waitForSelector('body[data-device="online"]', { timeout: 15_000 });
  return page;
}

async function closeAll() {
  for (const page of pages.splice(0)) {
    assert.deepEqual(page.errors, [], 'no uncaught error on the page');
    await page.context().close();
  }
}

async function call(page, name, media = 'video') {
  await page.fill('#callee', name);
  await page.click(media === 'audio' ? '#call-audio' : '#call-video');
}

const notice = (page) => page.locator('#ring-notice');
const ringing = (page) => page.locator('dialog#ringing[open]');

/** `caller` calls `name`; resolves once `callee`, a page of that person, shows its ringing screen. */
async function ring(caller, callee, name, media) {
  await call(caller, name, media);
  await ringing(callee).waitFor({ timeout: 10_000 });
}

/** Both pages end up in the call, each decoding the other's video and receiving its audio. */
async function expectInCallTogether(a, b) {
  for (const page of [a, b]) await page.waitForSelector('body[data-state="joined"]', { timeout: 15_000 });
  await expectMediaFlowing([a, b], 1);
}

test('Ann calls Bob by name: Bob\'s page rings with Ann\'s name, Bob accepts, and both see and hear each other', async () => {
  const ann = await person('Ann');
  const bob = await person('Bob');
  assert.equal(await ann.locator('#device-status').textContent(), 'Others can call you as “ann”.');

  await call(ann, 'Bob');
  await ann.locator('#outgoing-status', { hasText: 'Ringing Bob…' }).waitFor({ timeout: 10_000 });
  await ringing(bob).waitFor({ timeout: 10_000 });
  assert.equal(await bob.locator('#ringing-title').textContent(), 'Ann is calling');
  assert.equal(await bob.locator('#ringing-media').textContent(), 'Video call');
  assert.equal(await bob.evaluate(() => document.activeElement?.id), 'accept-call', 'the ringing screen takes the focus');
  assert.equal(await bob.getByRole('dialog', { name: 'Ann is calling' }).count(), 1);

  await bob.getByRole('button', { name: 'Accept the video call from Ann' }).click();
  await ringing(bob).waitFor({ state: 'detached', timeout: 5_000 });
  await expectInCallTogether(ann, bob);
  assert.equal(await ann.evaluate(() => window.demo.userId), 'ann');
  assert.equal(await bob.evaluate(() => window.demo.userId), 'bob');
  const callOf = async (page) => (await page.locator('#status').textContent()).match(/^In call (\S+) as /)?.[1];
  assert.match(await callOf(ann), /^[0-9a-f-]{36}$/, 'the call the caller named');
  assert.equal(await callOf(bob), await callOf(ann));
  assert.equal(await ann.locator('.tile[data-user-id="bob"] .name').textContent(), 'Bob');
  assert.equal(await bob.locator('.tile[data-user-id="ann"] .name').textContent(), 'Ann');

  // The call works like any other: leaving removes the tile on the other page.
  await bob.click('#leave');
  await ann.locator('.tile[data-user-id="bob"]').waitFor({ state: 'detached', timeout: 10_000 });
  await closeAll();
});

test('Bob declines: the caller is told it was declined, and can call again', async () => {
  const ann = await person('Ann');
  const bob = await person('Bob Two');

  await ring(ann, bob, 'Bob Two', 'audio');
  assert.equal(await bob.locator('#ringing-media').textContent(), 'Audio call');
  await bob.click('#decline-call');

  await eventually(async () => (await notice(ann).getAttribute('data-outcome')) === 'declined', 'the declined notice');
  assert.equal(await notice(ann).textContent(), 'Bob Two declined the call.');
  // Bob's page says so when its decline is acknowledged, which may come after Ann's page heard of it.
  await eventually(
    async () => (await notice(bob).textContent()) === 'You declined the call from Ann.',
    "Bob's declined notice",
  );
  assert.equal(await ann.locator('#outgoing').isVisible(), false);
  assert.equal(await ann.locator('#call-video').isEnabled(), true, 'ready for the next call');
  assert.equal(await ann.evaluate(() => window.demo.call), null, 'nobody joined');
  await closeAll();
});

test('the caller cancels: the callee\'s ringing screen goes away saying so; nobody online is unreachable', async () => {
  const ann = await person('Ann');
  const cy = await person('Cy');

  await ring(ann, cy, 'Cy');
  await ann.getByRole('button', { name: 'Cancel' }).click();
  await ringing(cy).waitFor({ state: 'detached', timeout: 5_000 });
  assert.equal(await notice(cy).textContent(), 'Ann cancelled the call.');
  await eventually(async () => (await notice(ann).getAttribute('data-outcome')) === 'cancelled', 'the cancelled notice');

  await call(ann, 'Nobody Here');
  await eventually(async () => (await notice(ann).getAttribute('data-outcome')) === 'unreachable', 'the unreachable notice');
  assert.match(await notice(ann).textContent(), /^Nobody Here is unreachable/);
  await closeAll();
});

test('Dan on two devices: both ring, the first accepts, the second stops ringing (answered elsewhere)', async () => {
  const ann = await person('Ann');
  const laptop = await person('Dan');
  const phone = await person('Dan');

  await ring(ann, laptop, 'Dan');
  await ringing(phone).waitFor({ timeout: 10_000 });
  await laptop.click('#accept-call');

  await ringing(phone).waitFor({ state: 'detached', timeout: 5_000 });
  assert.equal(await notice(phone).textContent(), 'The call from Ann was answered on another device.');
  assert.equal(await phone.evaluate(() => window.demo.call), null, 'the second device stays out of the call');
  await expectInCallTogether(ann, laptop);
  await closeAll();
});

test('glare: Eve calls Fay back while her page rings for Fay\'s call; the two become one call', async () => {
  const fay = await person('Fay');
  const eve = await person('Eve');

  await ring(fay, eve, 'Eve');
  // Eve pressed Video call just as Fay's call came in (the ringing dialog is modal, so the click is
  // played as the form's submission).
  await eve.evaluate(() => {
    document.getElementById('callee').value = 'Fay';
    document.getElementById('ring-form').requestSubmit(document.getElementById('call-video'));
  });

  await expectInCallTogether(fay, eve);
  assert.equal(await ringing(eve).count(), 0, 'the ringing screen went away');
  await closeAll();
});

test('with a 5 s ring: nobody answers, so both sides say missed; an audio call; someone in a call is busy', async () => {
  const quick = await startStack({ SECUREVOX_CALL_RING_TIMEOUT: '5s' });
  try {
    const hal = await person('Hal', quick);
    const ivy = await person('Ivy', quick);
    const jo = await person('Jo', quick);

    await ring(hal, ivy, 'Ivy');
    await ringing(ivy).waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await notice(ivy).textContent(), 'Missed call from Hal.');
    await eventually(async () => (await notice(hal).getAttribute('data-outcome')) === 'missed', 'the missed notice');
    assert.equal(await notice(hal).textContent(), 'Missed: Ivy did not answer.');

    await ring(hal, ivy, 'Ivy', 'audio');
    await ivy.click('#accept-call');
    for (const page of [hal, ivy]) await page.waitForSelector('body[data-state="joined"]', { timeout: 15_000 });
    await eventually(async () => {
      const stats = (await mediaStats(hal)).ivy;
      return stats?.audioBytes > 0 ? true : { ok: false, stats };
    }, 'Hal receiving Ivy\'s audio');
    for (const page of [hal, ivy]) {
      assert.equal(await page.evaluate(() => window.demo.call.localStream.getVideoTracks().length), 0, 'an audio call sends no video');
    }

    await call(jo, 'Ivy');
    await eventually(async () => (await notice(jo).getAttribute('data-outcome')) === 'busy', 'the busy notice');
    assert.equal(await notice(jo).textContent(), 'Ivy is busy in another call.');
    assert.equal(await ringing(ivy).count(), 0, 'a busy person is not rung');
    await closeAll();
  } finally {
    await quick.stop();
  }
});
