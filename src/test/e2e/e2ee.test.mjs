// End-to-end encryption on the demo page (?e2ee=<passphrase>): the SDK encrypts every frame in the
// browser. Through the SFU, pages with the same key see and hear each other, a page with another
// key decodes nothing while the packets reach it, and a key rotation mid-call keeps the pictures
// going. Peer to peer the same holds, with one page on each of the SDK's two transform paths.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, expectMediaFlowing, expectMediaMode, expectNoMeshPeers, join, openDemo, startStack } from './helpers/browser.mjs';

const PASSPHRASE = 'blue whale under the bridge';
const WRONG_PASSPHRASE = 'red fox over the fence';

/** Per remote participant: video frames decoded, video and audio bytes, decoded audio energy. */
function inbound(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const userId of window.demo.call.participants.keys()) {
      const totals = { framesDecoded: 0, videoBytes: 0, audioBytes: 0, audioEnergy: 0, codecs: [] };
      const report = await window.demo.call.getStats(userId);
      report.forEach((s) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'video') {
          totals.framesDecoded += s.framesDecoded ?? 0;
          totals.videoBytes += s.bytesReceived ?? 0;
          const codec = s.codecId && report.get(s.codecId)?.mimeType;
          if (codec && !totals.codecs.includes(codec)) totals.codecs.push(codec);
        } else if (s.kind === 'audio') {
          totals.audioBytes += s.bytesReceived ?? 0;
          totals.audioEnergy += s.totalAudioEnergy ?? 0;
        }
      });
      out[userId] = totals;
    }
    return out;
  });
}

const e2eeEvents = (page) => page.evaluate(() => window.demo.e2eeEvents);
const frameCounts = (page) => page.evaluate(() => window.demo.call.e2eeFrames);

/** Waits until `page` decodes no picture from `fromIds` while their video bytes keep arriving. */
async function expectUndecodable(page, fromIds) {
  const start = await inbound(page);
  await eventually(async () => {
    const now = await inbound(page);
    const lagging = fromIds.filter((id) => !(now[id]?.videoBytes > (start[id]?.videoBytes ?? 0) + 20_000));
    return lagging.length === 0 ? true : { ok: false, lagging, now };
  }, 'video bytes arriving from the others');
  const end = await inbound(page);
  for (const id of fromIds) assert.equal(end[id].framesDecoded, 0, `frames decoded from ${id}: ${JSON.stringify(end[id])}`);
}

/** Waits until `page` got an `e2ee` event with `state` for each of `userIds`. */
async function expectE2eeState(page, userIds, state) {
  await eventually(async () => {
    const latest = new Map((await e2eeEvents(page)).map((e) => [e.userId, e.state]));
    const missing = userIds.filter((id) => latest.get(id) !== state);
    return missing.length === 0 ? true : { ok: false, missing, latest: Object.fromEntries(latest) };
  }, `e2ee ${state} for ${userIds.join(', ')}`);
}

describe('through the SFU', () => {
  let stack;
  let pages;
  let ids;
  let dev;
  let devId;

  before(async () => {
    stack = await startStack({ SECUREVOX_CALL_SFU: 'managed', SECUREVOX_CALL_MEDIA: 'sfu' });
    pages = [];
    ids = [];
    for (const name of ['Ann', 'Bob', 'Cleo']) {
      const page = await openDemo(stack, `&e2ee=${encodeURIComponent(PASSPHRASE)}`);
      ids.push(await join(page, name, 'e2ee_sfu'));
      pages.push(page);
    }
  });

  after(async () => {
    await stack?.stop();
  });

  test('three pages with the same key decode each other\'s VP8 video and hear each other through the SFU', async () => {
    await expectMediaMode(pages, 'sfu');
    await expectNoMeshPeers(pages);
    await expectMediaFlowing(pages, 2);
    const before = await Promise.all(pages.map(inbound));
    await eventually(async () => {
      const now = await Promise.all(pages.map(inbound));
      const quiet = [];
      now.forEach((stats, i) => Object.entries(stats).forEach(([id, s]) => {
        if (!(s.audioEnergy > before[i][id].audioEnergy)) quiet.push(`page ${i} ← ${id}`);
      }));
      return quiet.length === 0 ? true : { ok: false, quiet };
    }, 'decoded audio with energy from everyone');
    for (const stats of before) for (const s of Object.values(stats)) assert.deepEqual(s.codecs, ['video/VP8']);
    for (const page of pages) {
      assert.equal(await page.evaluate(() => window.demo.call.e2ee), true);
      assert.equal(await page.locator('#e2ee').isVisible(), true, 'the lock shows');
      const transforms = await page.evaluate(() => {
        const { publisher, subscriber } = window.demo.call.sfuSession;
        const all = [...publisher.getSenders(), ...subscriber.getReceivers()];
        return all.map((x) => x.transform?.constructor.name ?? null);
      });
      assert.ok(transforms.length >= 4, JSON.stringify(transforms));
      assert.ok(transforms.every((t) => t === 'RTCRtpScriptTransform'), JSON.stringify(transforms));
    }
    await eventually(async () => {
      const counts = await Promise.all(pages.map(frameCounts));
      return counts.every((c) => c.encrypted > 100 && c.decrypted > 100) ? true : { ok: false, counts };
    }, 'frames counted by the encryption worker');
    assert.deepEqual((await e2eeEvents(pages[0])).sort(byUser), ids.slice(1).map((userId) => ({ userId, state: 'ok' })).sort(byUser),
      'the first decrypted frame of each sender reports ok, once');
  });

  test('a fourth page with another key decodes no picture, and says so; the others keep decoding each other', async () => {
    dev = await openDemo(stack, `&e2ee=${encodeURIComponent(WRONG_PASSPHRASE)}`);
    devId = await join(dev, 'Dev', 'e2ee_sfu');
    await expectMediaMode([dev], 'sfu');
    await expectE2eeState(dev, ids, 'decrypt-failed');
    await expectUndecodable(dev, ids);
    for (const page of pages) {
      await expectE2eeState(page, [devId], 'decrypt-failed');
      await expectUndecodable(page, [devId]);
    }
    const failed = await e2eeEvents(dev);
    assert.equal(failed.length, 3, `one event per sender, not one per frame: ${JSON.stringify(failed)}`);
    assert.ok(failed.every((e) => e.reason === 'authentication-failed'), JSON.stringify(failed));
    await dev.locator(`.tile[data-user-id="${ids[0]}"] .e2ee-failed`).waitFor({ state: 'visible', timeout: 5_000 });
    const before = await Promise.all(pages.map(inbound));
    await eventually(async () => {
      const now = await Promise.all(pages.map(inbound));
      const stalled = [];
      now.forEach((stats, i) => ids.filter((id) => id !== ids[i]).forEach((id) => {
        if (!(stats[id].framesDecoded > before[i][id].framesDecoded)) stalled.push(`page ${i} ← ${id}`);
      }));
      return stalled.length === 0 ? true : { ok: false, stalled };
    }, 'the three with the key still decoding each other');
  });

  test('a key rotation mid-call keeps the pictures going, and the rotated key is what the senders use', async () => {
    const ROTATED = 'the second key of the e2ee test, 32b';
    const before = await Promise.all(pages.map(inbound));
    await Promise.all(pages.map((page) => page.evaluate((key) => window.demo.call.setE2eeKey(key), ROTATED)));
    // Dev's key 0 is wrong; once it gets the rotated key (index 1) it decodes the others, so they send under index 1.
    await dev.evaluate((key) => window.demo.call.setE2eeKey(key, 1), ROTATED);
    await eventually(async () => {
      const now = await Promise.all(pages.map(inbound));
      const stalled = [];
      now.forEach((stats, i) => ids.filter((id) => id !== ids[i]).forEach((id) => {
        if (!(stats[id].framesDecoded > before[i][id].framesDecoded + 30)) stalled.push(`page ${i} ← ${id}`);
      }));
      return stalled.length === 0 ? true : { ok: false, stalled };
    }, 'frames decoded rising on every page after the rotation');
    await eventually(async () => {
      const stats = await inbound(dev);
      return ids.every((id) => stats[id].framesDecoded > 10) ? true : { ok: false, stats };
    }, 'the late page decoding everyone under the rotated key');
    await expectE2eeState(dev, ids, 'ok');
    for (const page of pages) await expectE2eeState(page, [devId], 'ok');
    await expectMediaFlowing([...pages, dev], 3);
    assert.deepEqual([...pages, dev].flatMap((p) => p.errors), []);
  });
});

describe('peer to peer', () => {
  let stack;

  before(async () => {
    stack = await startStack({ SECUREVOX_CALL_MEDIA: 'mesh' });
  });

  after(async () => {
    await stack?.stop();
  });

  test('two pages with the same key, one encrypting in a worker and one on the main thread, see and hear each other; a wrong key decodes nothing', async () => {
    const ann = await openDemo(stack, `&e2ee=${encodeURIComponent(PASSPHRASE)}`);
    const bob = await stack.browser.newContext({ viewport: { width: 1024, height: 720 } }).then((c) => c.newPage());
    bob.errors = [];
    bob.on('pageerror', (err) => bob.errors.push(err.message));
    // A browser without RTCRtpScriptTransform: the SDK falls back to createEncodedStreams.
    await bob.addInitScript(() => { delete window.RTCRtpScriptTransform; });
    await bob.goto(`${stack.server.url}/?res=160x120&e2ee=${encodeURIComponent(PASSPHRASE)}`);
    const annId = await join(ann, 'Ann', 'e2ee_mesh');
    const bobId = await join(bob, 'Bob', 'e2ee_mesh');
    await expectMediaMode([ann, bob], 'mesh');
    await expectMediaFlowing([ann, bob], 1);
    for (const [page, other] of [[ann, bobId], [bob, annId]]) {
      assert.deepEqual((await inbound(page))[other].codecs, ['video/VP8']);
      await expectE2eeState(page, [other], 'ok');
    }
    const paths = await Promise.all([[ann, bobId], [bob, annId]].map(([page, other]) => page.evaluate((id) => {
      const { pc } = window.demo.call.peer(id);
      return {
        insertable: pc.getConfiguration().encodedInsertableStreams === true,
        transforms: pc.getSenders().map((s) => s.transform?.constructor.name ?? null),
      };
    }, other)));
    assert.deepEqual(paths[0], { insertable: false, transforms: ['RTCRtpScriptTransform', 'RTCRtpScriptTransform'] });
    assert.equal(paths[1].insertable, true);
    await eventually(async () => {
      const counts = await frameCounts(bob);
      return counts.encrypted > 50 && counts.decrypted > 50 ? true : { ok: false, counts };
    }, 'frames counted on the main thread');

    const carl = await openDemo(stack, `&e2ee=${encodeURIComponent(WRONG_PASSPHRASE)}`);
    const carlId = await join(carl, 'Carl', 'e2ee_mesh');
    await expectE2eeState(carl, [annId, bobId], 'decrypt-failed');
    await expectUndecodable(carl, [annId, bobId]);
    await expectE2eeState(ann, [carlId], 'decrypt-failed');
    await expectE2eeState(bob, [carlId], 'decrypt-failed');
    await expectUndecodable(ann, [carlId]);
    await expectUndecodable(bob, [carlId]);
    assert.deepEqual([ann, bob, carl].flatMap((p) => p.errors), []);
  });
});

describe('a call that moves from peer to peer to the SFU', () => {
  let stack;

  before(async () => {
    stack = await startStack({ SECUREVOX_CALL_SFU: 'managed', SECUREVOX_CALL_MEDIA: 'auto' });
  });

  after(async () => {
    await stack?.stop();
  });

  test('stays encrypted: after the third joins, everyone decrypts everyone through the SFU', async () => {
    const pages = [];
    const ids = [];
    for (const name of ['Ann', 'Bob']) {
      const page = await openDemo(stack, `&e2ee=${encodeURIComponent(PASSPHRASE)}`);
      ids.push(await join(page, name, 'e2ee_move'));
      pages.push(page);
    }
    await expectMediaMode(pages, 'mesh');
    await expectE2eeState(pages[0], [ids[1]], 'ok');
    const cleo = await openDemo(stack, `&e2ee=${encodeURIComponent(PASSPHRASE)}`);
    ids.push(await join(cleo, 'Cleo', 'e2ee_move'));
    pages.push(cleo);
    await expectMediaMode(pages, 'sfu');
    await expectNoMeshPeers(pages, 30_000);
    const before = await Promise.all(pages.map(frameCounts));
    await expectMediaFlowing(pages, 2);
    for (const [i, page] of pages.entries()) {
      await expectE2eeState(page, ids.filter((id) => id !== ids[i]), 'ok');
      const transforms = await page.evaluate(() => {
        const { publisher, subscriber } = window.demo.call.sfuSession;
        return [...publisher.getSenders(), ...subscriber.getReceivers()].map((x) => x.transform?.constructor.name ?? null);
      });
      assert.ok(transforms.length >= 6 && transforms.every((t) => t === 'RTCRtpScriptTransform'), JSON.stringify(transforms));
    }
    await eventually(async () => {
      const now = await Promise.all(pages.map(frameCounts));
      return now.every((c, i) => c.decrypted > before[i].decrypted + 100) ? true : { ok: false, now };
    }, 'frames decrypted on every page through the SFU');
    assert.ok((await Promise.all(pages.map(e2eeEvents))).flat().every((e) => e.state === 'ok'), 'no frame failed across the move');
    assert.deepEqual(pages.flatMap((p) => p.errors), []);
  });
});

function byUser(a, b) {
  return a.userId < b.userId ? -1 : 1;
}
