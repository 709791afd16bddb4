// The admin dashboard in headless Chromium: signing in (a wrong key refused), the live calls page showing a call of
// two demo pages within 2 s and a participant who leaves disappearing live, the health view, signing out; at a
// laptop's and a phone's width, with screenshots of each, nothing to scroll sideways and no layout shift (by the
// browser's own measure) as the numbers update; the host controls (mute, remove, end); a dead webhook delivery
// retried with its button.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, eventually, join, openDemo, startStack } from './helpers/browser.mjs';

const CALL = `admin_dash_${process.pid}`;
let stack;

before(async () => {
  // Webhooks to a port nobody listens on, retried for a second only: every event ends dead-lettered, for the Retry
  // button to put back.
  stack = await startStack({
    SECUREVOX_CALL_WEBHOOK_URL: 'http://127.0.0.1:9/hooks',
    SECUREVOX_CALL_WEBHOOK_SECRET: 'admin-dashboard-webhook-secret-0123',
    SECUREVOX_CALL_WEBHOOK_RETRY_WINDOW: '1s',
  });
});

after(async () => {
  await stack?.stop();
});

/** A new browser context (the operator's), on the sign-in page. */
async function openSignIn(viewport) {
  const context = await stack.browser.newContext({ viewport });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  const response = await page.goto(`${stack.server.url}/admin`);
  assert.equal(new URL(page.url()).pathname, '/admin/sign-in', 'an operator without a session lands on the sign-in page');
  assert.equal(response.status(), 200);
  return page;
}

async function signIn(page, secret) {
  await page.getByLabel('API key or admin password').fill(secret);
  await page.keyboard.press('Enter');
}

/** A new browser context (the operator's), signed in, on the dashboard with its live stream open. */
async function openDashboard(viewport) {
  const page = await openSignIn(viewport);
  await signIn(page, stack.server.apiKey);
  await page.waitForSelector('body[data-stream="open"]', { timeout: 10_000 });
  return page;
}

const row = (page) => page.locator(`#calls-body tr[data-session-id="${CALL}"]`);

/**
 * Opens the call's charts and waits for that render, so that what is checked next is not replaced by the late
 * answer of an earlier click.
 */
/**
 * A locator's box. The dashboard rebuilds its rows on every live update, so a box read from a row just replaced comes
 * back null: read it again from the new row.
 */
async function boxOf(locator) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const box = await locator.boundingBox();
    if (box) return box;
    if (Date.now() > deadline) throw new Error(`no box for ${locator} within 5 s`);
  }
}

async function showCharts(page) {
  const renders = Number((await page.locator('#quality-events-body').getAttribute('data-renders')) ?? 0);
  await row(page).getByRole('button', { name: `Quality charts of ${CALL}` }).click();
  await page.waitForFunction(
    (n) => Number(document.getElementById('quality-events-body').dataset.renders ?? 0) > n,
    renders,
    { timeout: 10_000 },
  );
}

/**
 * What a reader would have to scroll sideways to read: the page itself wider than the window, or any box that
 * scrolls its content sideways (a table's wrapper), named by id or class.
 */
const sidewaysScrolling = (page) => page.evaluate(() => {
  const found = document.documentElement.scrollWidth > window.innerWidth ? ['the page'] : [];
  for (const el of document.body.querySelectorAll('*')) {
    const { overflowX } = getComputedStyle(el);
    if ((overflowX === 'auto' || overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
      found.push(`${el.id || el.className || el.nodeName}: ${el.scrollWidth} px in ${el.clientWidth} px`);
    }
  }
  return found;
});

test('an operator signs in, sees a call live, sees a participant leave, and signs out', async () => {
  const admin = await openSignIn({ width: 1280, height: 800 });

  await signIn(admin, 'not-the-api-key');
  await admin.locator('#sign-in-error').waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await admin.textContent('#sign-in-error'), 'Wrong API key or password.');
  assert.equal(new URL(admin.url()).pathname, '/admin/sign-in');
  assert.deepEqual(await admin.context().cookies(), [], 'no cookie after a wrong key');

  await signIn(admin, stack.server.apiKey);
  await admin.waitForURL(`${stack.server.url}/admin`, { timeout: 10_000 });
  await admin.waitForSelector('body[data-stream="open"]', { timeout: 10_000 });
  const [cookie] = await admin.context().cookies();
  assert.equal(cookie.name, 'securevox_admin');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(cookie.path, '/admin');
  assert.equal(await admin.evaluate(() => document.cookie), '', 'no script can read the session cookie');
  assert.equal(await admin.textContent('#call-count'), '0');

  const ann = await openDemo(stack);
  const bob = await openDemo(stack);
  const annId = await join(ann, 'Ann', CALL);
  const bobId = await join(bob, 'Bob', CALL);
  const joined = Date.now();
  await row(admin).locator('.participant', { hasText: bobId }).waitFor({ timeout: 2_000 });
  const shownAfter = Date.now() - joined;
  assert.ok(shownAfter < 2_000, `the call shown ${shownAfter} ms after the second join (expected: < 2 s)`);

  assert.equal(await admin.textContent('#call-count'), '1');
  assert.deepEqual(await row(admin).locator('.participant-name').allTextContents(), [annId, bobId]);
  assert.equal(await row(admin).locator('.participant-count').textContent(), '2');
  assert.equal(await row(admin).locator('th .call-id').textContent(), CALL);
  assert.equal(await row(admin).locator('.media').textContent(), 'mesh');
  assert.match(await row(admin).locator('.duration').textContent(), /^0:00:0\d$/);
  assert.equal(await admin.isVisible('#no-calls'), false);
  await admin.waitForFunction(
    (call) => document.querySelector(`tr[data-session-id="${call}"] .duration`).textContent !== '0:00:00',
    CALL,
    { timeout: 5_000 },
  );
  const health = admin.locator('#health-list');
  await health.locator('dd[data-key="version"]').waitFor({ timeout: 10_000 });
  assert.equal(await health.locator('dd[data-key="status"]').textContent(), 'healthy');
  await admin.waitForFunction(
    () => document.querySelector('#health-list dd[data-key="activeCalls"]')?.textContent === '1',
    null,
    { timeout: 5_000 },
  );
  assert.match(await health.locator('dd[data-key="sfu"]').textContent(), /mode: /);
  assert.match(
    await health.locator('dd[data-key="database"]').textContent(),
    /^kind: (sqlite|postgresql), status: up, failedWrites: 0, queued: \d+, dropped: 0$/,
  );
  assert.match(await health.locator('dd[data-key="turn"]').textContent(), /^configured: /);
  assert.equal(await admin.isVisible('#node-health-wrap'), false, 'a lone server has no rows per node');
  // The SDK reports every 5 s; two pages on one machine grade excellent or good, shown per participant and for the
  // call, with the grade's word for those who do not see the colour.
  await admin.waitForFunction(
    (call) => document.querySelectorAll(`tr[data-session-id="${call}"] .participant .grade:not(.grade-none)`).length === 2,
    CALL,
    { timeout: 20_000 },
  );
  const callGrade = row(admin).locator('th .grade');
  await callGrade.and(admin.locator(':not(.grade-none)')).waitFor({ timeout: 10_000 });
  assert.match(await callGrade.textContent(), /^(excellent|good)$/);
  assert.match(await callGrade.getAttribute('aria-label'), /^Call quality: (excellent|good)$/);
  for (const badge of await row(admin).locator('.participant .grade').all()) {
    assert.match(await badge.textContent(), /^(excellent|good)$/);
  }
  // Bob mutes and unmutes: events the server records, marked on the charts' time axis and listed in a table.
  await bob.click('#mute-audio');
  await bob.waitForSelector('#mute-audio[aria-pressed="true"]', { timeout: 5_000 });
  await bob.click('#mute-audio');
  await bob.waitForSelector('#mute-audio[aria-pressed="false"]', { timeout: 5_000 });
  // The call's charts: a metric each, a line per participant, filled from the stored timeline (a point per 5 s).
  const status = admin.locator('#quality-status');
  await eventually(async () => {
    await row(admin).getByRole('button', { name: `Quality charts of ${CALL}` }).click();
    const text = await status.textContent();
    const points = Number((text.match(/(\d+) points\.$/) || [])[1] ?? 0);
    return points >= 2 ? true : { ok: false, text };
  }, 'a stored quality point of each participant', 30_000);
  assert.match(await status.textContent(), new RegExp(`^${CALL}: grade (excellent|good), 2 participants, \\d+ points\\.$`));
  const charts = admin.locator(`#quality-charts[data-session-id="${CALL}"] figure.chart`);
  assert.equal(await charts.count(), 6);
  assert.deepEqual(
    await charts.locator('figcaption').allTextContents(),
    ['MOS', 'Round-trip time (ms)', 'Packet loss (%)', 'Jitter (ms)', 'Sent (kbit/s)', 'Received (kbit/s)'],
  );
  for (const chart of await charts.all()) {
    assert.equal(await chart.locator('canvas').count(), 1);
    const legend = await chart.locator('.u-legend').textContent();
    assert.ok(legend.includes(annId) && legend.includes(bobId), `a line per participant: ${legend}`);
  }
  // The events, in order, in the table a keyboard reaches; as many markers on every chart as events.
  const events = admin.locator('#quality-events-body tr');
  await eventually(async () => {
    await showCharts(admin);
    const kinds = await events.evaluateAll((rows) => rows.map((r) => `${r.dataset.userId} ${r.dataset.kind}`));
    return kinds.includes(`${bobId} audio_unmuted`) ? true : { ok: false, kinds };
  }, 'the mute and unmute among the events', 15_000);
  assert.deepEqual(
    await events.evaluateAll((rows) => rows.map((r) => `${r.dataset.userId} ${r.dataset.kind}`)),
    [`${annId} joined`, `${bobId} joined`, `${bobId} audio_muted`, `${bobId} audio_unmuted`],
  );
  assert.deepEqual(
    await events.locator('.event-kind').allTextContents(),
    ['joined', 'joined', 'muted audio', 'unmuted audio'],
  );
  for (const chart of await charts.all()) {
    assert.equal(await chart.getAttribute('data-markers'), '4');
  }
  await events.nth(2).focus();
  assert.equal(await admin.evaluate(() => document.activeElement.dataset.kind), 'audio_muted');
  assert.equal(await events.nth(2).getAttribute('class'), 'current');
  // Each participant's connection path: the selected candidate pair's type and protocol from its reports.
  for (const id of [annId, bobId]) {
    const path = admin.locator(`#quality-paths-body tr[data-user-id="${id}"]`);
    assert.match(await path.locator('.path-now').textContent(), /^(host|srflx|prflx|relay)\/(udp|tcp)$/);
    assert.match(await path.locator('.path-changes').textContent(), /^(host|srflx|prflx|relay)\/(udp|tcp) from /);
  }
  assert.deepEqual(await sidewaysScrolling(admin), [], 'at a laptop\'s 1280 px, with a call and its charts shown');
  await admin.screenshot({ path: path.join(ARTIFACTS, 'admin-live-call.png'), fullPage: true });

  await bob.click('#leave');
  await row(admin).locator('.participant', { hasText: bobId }).waitFor({ state: 'detached', timeout: 5_000 });
  assert.deepEqual(await row(admin).locator('.participant-name').allTextContents(), [annId]);
  assert.equal(await row(admin).locator('.participant-count').textContent(), '1');

  await ann.click('#leave');
  await row(admin).waitFor({ state: 'detached', timeout: 5_000 });
  assert.equal(await admin.textContent('#call-count'), '0');
  assert.equal(await admin.isVisible('#no-calls'), true);

  // The ended call is in the history, found by one of its users and today's date.
  await admin.fill('#history-user', annId);
  await admin.fill('#history-from', new Date().toLocaleDateString('en-CA'));
  await admin.click('#history-search');
  const past = admin.locator(`#history-body tr[data-session-id="${CALL}"]`);
  await past.waitFor({ timeout: 10_000 });
  assert.equal(await admin.locator('#history-body tr').count(), 1);
  assert.match(await past.locator('.participants').textContent(), new RegExp(`${annId}.*${bobId}`));
  assert.match(await admin.textContent('#history-status'), /^1 call found\.$/);
  await admin.fill('#history-user', 'nobody-here');
  await admin.click('#history-search');
  await past.waitFor({ state: 'detached', timeout: 10_000 });
  assert.match(await admin.textContent('#history-status'), /^0 calls found\.$/);
  assert.equal(await admin.isVisible('#webhooks-table'), true);
  await admin.screenshot({ path: path.join(ARTIFACTS, 'admin-no-calls.png'), fullPage: true });

  await admin.click('#sign-out');
  await admin.waitForURL(`${stack.server.url}/admin/sign-in`, { timeout: 10_000 });
  await admin.goto(`${stack.server.url}/admin`);
  assert.equal(new URL(admin.url()).pathname, '/admin/sign-in', 'signed out: the dashboard is closed again');
  assert.deepEqual(admin.errors, []);
  await Promise.all([ann, bob, admin].map((p) => p.context().close()));
});

test('on a phone the live calls, health and quality charts read without sideways scrolling, and nothing moves as numbers update', async () => {
  const phone = await openDashboard({ width: 390, height: 844 });
  // Two, so that there is a connection to report on and charts to draw.
  const ann = await openDemo(stack);
  const bob = await openDemo(stack);
  const annId = await join(ann, 'Ann', CALL);
  const bobId = await join(bob, 'Bob', CALL);
  await row(phone).locator('.participant', { hasText: bobId }).waitFor({ timeout: 5_000 });
  await phone.locator('#health-list dd[data-key="version"]').waitFor({ timeout: 10_000 });

  assert.deepEqual(await sidewaysScrolling(phone), [], 'at 390 px, with a call of two shown');
  const names = await row(phone).locator('.participant-name').evaluateAll((all) => all.map((name) => {
    const at = name.getBoundingClientRect();
    return { name: name.textContent, left: at.left, right: at.right };
  }));
  assert.equal(names.length, 2);
  for (const at of names) {
    assert.ok(at.left >= 0 && at.right <= 390, `a participant's name in sight: ${JSON.stringify(at)}`);
  }
  // Tabular numerals: the duration cell keeps its box while the seconds tick. Measured in the page in one go: a new
  // grade re-renders the row, and a handle held across that would be to the row replaced.
  const box = () => phone.evaluate((call) => {
    const at = document.querySelector(`tr[data-session-id="${call}"] .duration`).getBoundingClientRect();
    return { x: at.x, y: at.y, height: at.height };
  }, CALL);
  const first = await box();
  const text = await row(phone).locator('.duration').textContent();
  await phone.waitForFunction(
    ([call, was]) => document.querySelector(`tr[data-session-id="${call}"] .duration`).textContent !== was,
    [CALL, text],
    { timeout: 5_000 },
  );
  const second = await box();
  assert.deepEqual([second.x, second.y, second.height], [first.x, first.y, first.height]);
  assert.equal(
    await phone.evaluate(() => getComputedStyle(document.querySelector('.duration')).fontVariantNumeric),
    'tabular-nums',
  );
  // No layout shift as numbers update, by the browser's own measure (the Layout Instability API, no input meanwhile):
  // while the duration ticks, the reports come in and the health numbers are refreshed, nothing on the page moves.
  await phone.evaluate(() => {
    window.layoutShifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.value > 0) {
          window.layoutShifts.push({
            value: entry.value,
            moved: entry.sources.map((s) => s.node?.id || s.node?.className || s.node?.nodeName || '?'),
          });
        }
      }
    }).observe({ type: 'layout-shift' });
  });
  const uptime = await phone.textContent('#health-list dd[data-key="uptimeSeconds"]');
  await phone.waitForFunction(
    (was) => document.querySelector('#health-list dd[data-key="uptimeSeconds"]')?.textContent !== was,
    uptime,
    { timeout: 20_000 },
  );
  assert.deepEqual(await phone.evaluate(() => window.layoutShifts), [], 'layout shifts while the numbers updated');
  // The measure is live (so the above can fail): a banner pushed in at the top moves everything below it, and is seen.
  await phone.evaluate(() => {
    const banner = document.createElement('div');
    banner.id = 'shift-probe';
    banner.style.height = '40px';
    document.body.prepend(banner);
  });
  await phone.waitForFunction(() => window.layoutShifts.length > 0, null, { timeout: 5_000 });
  await phone.evaluate(() => document.getElementById('shift-probe').remove());
  // Keyboard: the navigation and the sign-out button are reachable with Tab.
  const focused = [];
  for (let i = 0; i < 6; i += 1) {
    await phone.keyboard.press('Tab');
    focused.push(await phone.evaluate(() => document.activeElement.id || document.activeElement.getAttribute('aria-label')));
  }
  assert.deepEqual(focused, [
    'nav-calls', 'nav-quality', 'nav-history', 'nav-webhooks', 'nav-health', 'sign-out',
  ]);
  // The quality charts read on a phone too: they fit the width, the legend names the participant.
  await eventually(async () => {
    await showCharts(phone);
    const text = await phone.textContent('#quality-status');
    return /, 2 participants, ([2-9]|\d\d+) points\.$/.test(text) ? true : { ok: false, text };
  }, 'a stored quality point of each participant', 30_000);
  const phoneCharts = phone.locator(`#quality-charts[data-session-id="${CALL}"] figure.chart`);
  assert.equal(await phoneCharts.count(), 6);
  for (const chart of await phoneCharts.all()) {
    const canvas = await chart.locator('canvas').boundingBox();
    assert.ok(canvas.x >= 0 && canvas.x + canvas.width <= 390, `a chart within the phone's width: ${JSON.stringify(canvas)}`);
    const legend = await chart.locator('.u-legend').textContent();
    assert.ok(legend.includes(annId) && legend.includes(bobId), `a line per participant: ${legend}`);
  }
  assert.deepEqual(await sidewaysScrolling(phone), [], 'at 390 px, with the charts shown');
  await phone.screenshot({ path: path.join(ARTIFACTS, 'admin-phone.png'), fullPage: true });
  await Promise.all([ann, bob].map((p) => p.click('#leave')));
  await Promise.all([ann, bob, phone].map((p) => p.context().close()));
});

test('the operator mutes a participant, removes one and ends a call from the dashboard (the last two after a confirming second click)', async () => {
  const call = `${CALL}_host`;
  const admin = await openDashboard({ width: 1280, height: 800 });
  const ann = await openDemo(stack);
  const bob = await openDemo(stack);
  const annId = await join(ann, 'Ann', call);
  const bobId = await join(bob, 'Bob', call);
  const callRow = admin.locator(`#calls-body tr[data-session-id="${call}"]`);
  await callRow.locator('.participant-name', { hasText: bobId }).waitFor({ timeout: 5_000 });

  // Mute, with the keyboard: one press acts (nothing is lost, the participant alone unmutes); the participant's page
  // mutes itself, and the dashboard shows the participant muted from the server's next event.
  const annEntry = callRow.locator(`.participant[data-user-id="${annId}"]`);
  assert.equal(await annEntry.getAttribute('data-audio-muted'), 'false');
  assert.equal(await annEntry.locator('.mute-state').isVisible(), false);
  const mute = admin.getByRole('button', { name: `Mute ${annId} in ${call}` });
  await mute.focus();
  await admin.keyboard.press('Enter');
  await ann.waitForSelector('#mute-audio[aria-pressed="true"]', { timeout: 10_000 });
  const place = await boxOf(annEntry);
  await callRow.locator(`.participant[data-user-id="${annId}"][data-audio-muted="true"]`).waitFor({ timeout: 5_000 });
  const mutedPlace = await boxOf(annEntry);
  assert.deepEqual([mutedPlace.x, mutedPlace.y, mutedPlace.width, mutedPlace.height], [place.x, place.y, place.width, place.height],
    'showing the muted state does not move or resize the participant');
  assert.equal(await annEntry.locator('.mute-state').textContent(), 'muted');
  assert.equal(await annEntry.locator('.mute-state').isVisible(), true);
  const muted = admin.getByRole('button', { name: `${annId} is muted in ${call}` });
  assert.equal(await muted.isDisabled(), true, 'a muted participant cannot be muted again');
  assert.equal(await muted.textContent(), 'Muted');
  assert.equal(await callRow.locator(`.participant[data-user-id="${bobId}"]`).getAttribute('data-audio-muted'), 'false');
  // Video beside audio, with the keyboard too: Bob's page turns its camera off, the dashboard shows it, nothing moves.
  const bobEntry = callRow.locator(`.participant[data-user-id="${bobId}"]`);
  assert.equal(await bobEntry.locator('.video-state').isVisible(), false);
  const bobPlace = await boxOf(bobEntry);
  const stopVideo = admin.getByRole('button', { name: `Mute ${bobId}'s video in ${call}` });
  assert.equal(await stopVideo.textContent(), 'Stop video');
  await stopVideo.focus();
  await admin.keyboard.press('Enter');
  await bob.waitForSelector('#mute-video[aria-pressed="true"]', { timeout: 10_000 });
  await callRow.locator(`.participant[data-user-id="${bobId}"][data-video-muted="true"]`).waitFor({ timeout: 5_000 });
  const bobMutedPlace = await boxOf(bobEntry);
  assert.deepEqual([bobMutedPlace.x, bobMutedPlace.y, bobMutedPlace.width, bobMutedPlace.height],
    [bobPlace.x, bobPlace.y, bobPlace.width, bobPlace.height], 'showing the video off does not move the participant');
  assert.equal(await bobEntry.locator('.video-state').isVisible(), true);
  assert.equal(await bobEntry.locator('.video-state').textContent(), 'no video');
  assert.equal(await bobEntry.getAttribute('data-audio-muted'), 'false', 'video only');
  const videoOff = admin.getByRole('button', { name: `${bobId}'s video is muted in ${call}` });
  assert.equal(await videoOff.isDisabled(), true);
  assert.equal(await videoOff.textContent(), 'Video off');
  await admin.screenshot({ path: path.join(ARTIFACTS, 'admin-muted.png'), fullPage: true });

  const remove = admin.getByRole('button', { name: `Remove ${bobId} from ${call}` });
  const box = await boxOf(remove);
  await remove.click();
  assert.equal(await remove.textContent(), 'Confirm?', 'the first click only arms it');
  const armed = await boxOf(remove);
  assert.equal(armed.width, box.width, 'arming does not resize the button');
  // A live update (Ann unmutes herself) rebuilds the rows: the armed button stays armed and keeps the focus.
  await ann.click('#mute-audio');
  await callRow.locator(`.participant[data-user-id="${annId}"][data-audio-muted="false"]`).waitFor({ timeout: 5_000 });
  assert.equal(await remove.textContent(), 'Confirm?', 'still armed after a live update');
  assert.equal(await admin.evaluate(() => document.activeElement?.getAttribute('aria-label')), `Remove ${bobId} from ${call}`,
    'the focus stays on the control after a live update');
  assert.equal(await bob.getAttribute('body', 'data-state'), 'joined');
  await remove.click();
  await bob.waitForSelector('body[data-state="idle"]', { timeout: 10_000 });
  assert.match(await bob.textContent('#error'), /removed you from the call/);
  await callRow.locator('.participant-name', { hasText: bobId }).waitFor({ state: 'detached', timeout: 5_000 });
  assert.deepEqual(await callRow.locator('.participant-name').allTextContents(), [annId]);

  const end = admin.getByRole('button', { name: `End call ${call} for everyone` });
  await end.focus();
  await admin.keyboard.press('Enter');
  await admin.keyboard.press('Enter');
  await ann.waitForSelector('body[data-state="idle"]', { timeout: 10_000 });
  assert.match(await ann.textContent('#error'), /ended the call for everyone/);
  await callRow.waitFor({ state: 'detached', timeout: 5_000 });
  assert.deepEqual(admin.errors, []);
  await Promise.all([ann, bob, admin].map((p) => p.context().close()));
});

test('a dead webhook delivery is put back in the queue with its Retry button, from the keyboard', async () => {
  const call = `${CALL}_hook`;
  const admin = await openDashboard({ width: 1280, height: 800 });
  const ann = await openDemo(stack);
  await join(ann, 'Ann', call);
  await ann.click('#leave');

  await admin.selectOption('#webhooks-status', 'dead');
  const retry = admin.getByRole('button', { name: `Retry call.ended of ${call}` });
  await eventually(async () => {
    await admin.click('#webhooks-load');
    await admin.waitForFunction(() => /deliver(y|ies)\.$/.test(document.getElementById('webhooks-status-line').textContent));
    return (await retry.count()) === 1 ? true : { ok: false, line: await admin.textContent('#webhooks-status-line') };
  }, `the dead-lettered call.ended of ${call}`, 30_000);
  const row = admin.locator('#webhooks-body tr', { has: retry });
  const id = await row.getAttribute('data-delivery-id');
  assert.equal(await row.locator('.delivery-status').textContent(), 'dead');

  await retry.focus();
  const [answer] = await Promise.all([
    admin.waitForResponse((r) => r.url().endsWith(`/admin/api/webhooks/deliveries/${id}/retry`)),
    admin.keyboard.press('Enter'),
  ]);
  assert.equal(answer.status(), 200);
  assert.deepEqual(await answer.json(), { id, status: 'pending' });
  await admin.waitForFunction(
    (want) => document.getElementById('webhooks-status-line').textContent.startsWith(want),
    `Delivery ${id} queued again.`,
    { timeout: 10_000 },
  );
  assert.deepEqual(admin.errors, []);
  await Promise.all([ann, admin].map((p) => p.context().close()));
});
