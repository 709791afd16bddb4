// A production server shows the demo only with SECUREVOX_CALL_DEMO=1, and never mints dev tokens:
// the page then joins with a token from the backend's API, handed in the URL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../node/helpers/server.mjs';
import { join, openDemo, startStack } from './helpers/browser.mjs';

let stack;

before(async () => {
  stack = await startStack({ SECUREVOX_CALL_ENV: 'production', SECUREVOX_CALL_DEMO: '1' });
});

after(async () => {
  await stack?.stop();
});

test('without SECUREVOX_CALL_DEMO a production server has no demo page, and never a dev token route', async () => {
  const plain = await startServer();
  try {
    const page = await plain.http('GET', '/');
    assert.equal(page.status, 404);
    assert.equal(page.json.error.code, 'NOT_FOUND');
    const sdk = await plain.http('GET', '/sdk/securevox-call.js');
    assert.equal(sdk.status, 200);
    assert.match(sdk.headers['content-type'], /^text\/javascript/);
  } finally {
    await plain.stop();
  }
  const devToken = await stack.server.http('POST', '/api/dev/token', {
    body: { userId: 'ann', sessionId: 'prod_call' },
  });
  assert.equal(devToken.status, 404);
});

test('with SECUREVOX_CALL_DEMO=1 the page joins with a backend token given in the URL', async () => {
  const minted = await stack.server.http('POST', '/api/call/token', {
    headers: { Authorization: `Bearer ${stack.server.apiKey}` },
    body: { userId: 'ann', sessionId: 'prod_call' },
  });
  assert.equal(minted.status, 200);
  const { token } = minted.json;
  const page = await openDemo(stack, `&token=${encodeURIComponent(token)}`);

  assert.equal(await join(page, 'Ann', 'prod_call'), 'ann');
  assert.deepEqual(page.errors, []);
});

test('calling a person: without a user token the page says it is development-only; with ?userToken= it is reachable', async () => {
  const plain = await openDemo(stack, '&name=Ann');
  await plain.waitForSelector('body[data-device="unavailable"]', { timeout: 10_000 });
  assert.match(await plain.locator('#device-status').textContent(), /development only.*\?userToken=/);
  assert.equal(await plain.locator('#call-video').isDisabled(), true);

  const minted = await stack.server.http('POST', '/api/user/token', {
    headers: { Authorization: `Bearer ${stack.server.apiKey}` },
    body: { userId: 'bob' },
  });
  assert.equal(minted.status, 200);
  const page = await openDemo(stack, `&name=Bob&userToken=${encodeURIComponent(minted.json.token)}`);
  await page.waitForSelector('body[data-device="online"]', { timeout: 10_000 });
  assert.equal(await page.locator('#device-status').textContent(), 'Others can call you as “bob”.');
  assert.deepEqual([...plain.errors, ...page.errors], []);
});
