// A third, independent Socket.IO client: Debian's python3-socketio (5.7, Engine.IO 4 / Socket.IO 5,
// with python3-websocket and python3-requests) runs src/test/python/two_party_call.py, a two-party
// call with tokens minted over REST, relays, acks and participant events, over each transport.
// The script prints every check and exits 0 only when all passed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';

import { REPO_ROOT } from './helpers/server.mjs';
import { serverForSuite } from './helpers/suite.mjs';

// Debian's interpreter by its full path: a python3 first on the PATH may be another build that
// does not see Debian's packages (.ci/run installs them)
const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(REPO_ROOT, 'src', 'test', 'python', 'two_party_call.py');
const RUN_TIMEOUT_MS = 45_000;

/** Runs the script; resolves {code, signal, output} once it exits, killing it after RUN_TIMEOUT_MS. */
function runScript(args) {
  return new Promise((resolve) => {
    // -I: isolated from PYTHONPATH, PYTHONHOME and the user's site-packages
    const child = spawn(PYTHON, ['-I', SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'], timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL' });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', (err) => resolve({ code: null, signal: null, output: `${output}\n[spawn error] ${err.message}` }));
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
}

describe('python-socketio (Debian) client', { concurrency: true, timeout: 90_000 }, () => {
  before(() => {
    assert.ok(existsSync(PYTHON), `${PYTHON} not found: install Debian's python3 python3-socketio python3-websocket python3-requests (.ci/run does)`);
  });

  for (const transport of ['websocket', 'polling']) {
    describe(`over ${transport}`, () => {
      let server;
      const ctx = serverForSuite({ SECUREVOX_CALL_RECONNECT_GRACE: '0s' });
      before(() => {
        server = ctx.server;
      });

      it('two clients mint tokens, connect with auth, join, relay offer/answer/candidates, and one leaves', async () => {
        const { code, signal, output } = await runScript([server.url, server.apiKey, transport]);
        assert.equal(code, 0, `two_party_call.py ${transport} exited ${code ?? signal}:\n${output}`);
        assert.match(output, /all checks passed/, output);
      });
    });
  }
});
