// Four people on the demo page: a full mesh of twelve media paths, and a screenshot to look at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, eventually, expectMediaFlowing, join, openDemo, startStack } from './helpers/browser.mjs';

const NAMES = ['Ann', 'Bob', 'Cleo', 'Dev'];
let stack;
let pages;

before(async () => {
  stack = await startStack();
  pages = [];
  for (const name of NAMES) {
    const page = await openDemo(stack);
    await join(page, name, 'four_party');
    pages.push(page);
  }
});

after(async () => {
  await stack?.stop();
});

test('every page decodes the three others\' video and receives their audio', async () => {
  await expectMediaFlowing(pages, 3);
});

test('every page shows four named tiles with playing video; a screenshot is saved', async () => {
  for (const page of pages) {
    await eventually(
      () => page.evaluate(() => [...document.querySelectorAll('.tile video')].every((v) => v.videoWidth > 0 && v.currentTime > 0)),
      'four playing videos',
    );
    const names = await page.locator('.tile[data-kind="camera"] .name').allTextContents();
    assert.equal(names.length, 4);
    const own = NAMES[pages.indexOf(page)];
    assert.deepEqual(names.map((n) => n.replace(' (you)', '')).sort(), [...NAMES].sort(), `names on ${own}'s page`);
    assert.equal(await page.locator('#join-form').isVisible(), false, 'the form gives way to the call');
    const states = await page.locator('.tile[data-local="false"] .state').allTextContents();
    assert.deepEqual(states, ['connected', 'connected', 'connected']);
  }
  await pages[0].screenshot({ path: path.join(ARTIFACTS, 'four-party.png') });
  assert.deepEqual(pages.flatMap((p) => p.errors), []);
});
