// The admin dashboard's charting library is uPlot vendored from npm: the files the server serves must be those of the
// version src/test/e2e/package-lock.json pins (installed by `npm ci`), licence included, so an upgrade is one
// `npm install --save-exact uplot@<version>` plus a copy, and a hand-edited or stale copy fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..', '..');
const VENDOR = path.join(REPO, 'src/main/resources/static/admin/vendor');
const PACKAGE = path.join(HERE, 'node_modules/uplot');

test('the vendored uPlot is the npm package of the version the lockfile pins, with its licence', () => {
  const lock = JSON.parse(readFileSync(path.join(HERE, 'package-lock.json'), 'utf8'));
  const locked = lock.packages['node_modules/uplot'];
  assert.ok(locked, 'uplot is in src/test/e2e/package-lock.json');
  const installed = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8'));
  assert.equal(installed.version, locked.version, 'node_modules holds the locked version (run npm ci)');
  assert.equal(installed.license, 'MIT');

  for (const [vendored, original] of [
    ['uPlot.esm.js', 'dist/uPlot.esm.js'],
    ['uPlot.min.css', 'dist/uPlot.min.css'],
    ['uPlot.LICENSE', 'LICENSE'],
  ]) {
    assert.ok(
      readFileSync(path.join(VENDOR, vendored)).equals(readFileSync(path.join(PACKAGE, original))),
      `${vendored} is uplot@${locked.version}'s ${original}, byte for byte`,
    );
  }
  assert.match(readFileSync(path.join(VENDOR, 'uPlot.esm.js'), 'utf8').slice(0, 400), new RegExp(`\\(v${locked.version.replaceAll('.', '\\.')}\\)`));
});
