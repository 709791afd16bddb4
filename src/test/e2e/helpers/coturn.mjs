// A real coturn (Debian's `turnserver`) for the browser tests: its own configuration in a temporary
// directory, listening on 127.0.0.1 on a free port, stopped by the test. Never the system service.
// Not a test file: only `*.test.mjs` files are picked up by `node --test src/test/e2e/`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../node/helpers/server.mjs';

export const SHIPPED_CONFIG = path.join(REPO_ROOT, 'deploy', 'coturn', 'turnserver.conf');

/** The shipped file's lines that depend on the machine; the test supplies its own. */
const MACHINE_SPECIFIC = new Set([
  'listening-port', 'tls-listening-port', 'alt-tls-listening-port', 'listening-ip', 'relay-ip', 'external-ip',
  'min-port', 'max-port', 'cert', 'pkey', 'static-auth-secret', 'realm', 'server-name', 'syslog', 'allowed-peer-ip',
]);

/** The shipped configuration's directives (relay policy included), without the machine-specific ones. */
export function shippedPolicy() {
  return readFileSync(SHIPPED_CONFIG, 'utf8').split('\n').map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !MACHINE_SPECIFIC.has(l.split('=')[0]));
}

/** A port free for TCP and UDP on 127.0.0.1 right now. */
async function freePort() {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: p } = server.address();
        server.close(() => resolve(p));
      });
    });
    const udpFree = await new Promise((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port for both UDP and TCP');
}

/**
 * Starts coturn with `secret` and `directives` (default: the shipped policy) on 127.0.0.1.
 * Resolves once it has initialised its relay ports.
 */
export async function startCoturn({ secret, directives = shippedPolicy() }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coturn-e2e-'));
  const port = await freePort();
  const relayBase = 40_000 + Math.floor(Math.random() * 80) * 100;
  const config = path.join(dir, 'turnserver.conf');
  writeFileSync(config, [
    'listening-ip=127.0.0.1', 'relay-ip=127.0.0.1', `listening-port=${port}`,
    `min-port=${relayBase}`, `max-port=${relayBase + 99}`, 'realm=securevox-e2e', `static-auth-secret=${secret}`,
    'no-tls', 'log-file=stdout', `pidfile=${path.join(dir, 'turnserver.pid')}`, `userdb=${path.join(dir, 'turndb')}`,
    ...directives, '',
  ].join('\n'));
  const child = spawn('turnserver', ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`coturn not ready after 15 s:\n${output}`)), 15_000);
    const onData = (chunk) => {
      output += chunk.toString('utf8');
      if (output.includes('SQLite DB connection success')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => { clearTimeout(timer); reject(new Error(`cannot run turnserver (apt-get install coturn): ${err.message}`)); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`coturn exited with ${code}:\n${output}`)); });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await ready;
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, url: `turn:127.0.0.1:${port}?transport=udp`, output: () => output, stop };
}
