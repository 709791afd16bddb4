// A throw-away CA and a certificate for localhost/127.0.0.1 signed by it, made with openssl as an operator would
// make them. Not a test file: only `*.test.mjs` files are picked up by `node --test src/test/node/`.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Returns the directory (ca.pem, chain.pem = leaf + CA, leaf.pem, leaf.key) and the CA certificate to trust. */
export function testCa() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'securevox-tls-'));
  const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=SecureVOX Call test CA');
  writeFileSync(path.join(dir, 'leaf.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=localhost');
  openssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '7',
    '-days', '1', '-extfile', 'leaf.ext', '-out', 'leaf.pem');
  writeFileSync(path.join(dir, 'chain.pem'),
    readFileSync(path.join(dir, 'leaf.pem'), 'utf8') + readFileSync(path.join(dir, 'ca.pem'), 'utf8'));
  return { dir, ca: readFileSync(path.join(dir, 'ca.pem')) };
}
