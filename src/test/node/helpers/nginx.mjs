// Debian's nginx with deploy/nginx/securevox-call.conf as shipped, in front of N servers: started as a process of the
// test's own (never the system service), on free ports, with only its ports, upstream addresses and certificate paths
// substituted. Used by nginx.test.mjs (two servers) and the cluster suites (three).
//
// Not a test file: only `*.test.mjs` files are picked up by `node --test src/test/node/`.

import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT, httpRequest, waitUntil } from './server.mjs';

export const NGINX = '/usr/sbin/nginx';
export const SHIPPED = path.join(REPO_ROOT, 'deploy', 'nginx', 'securevox-call.conf');

// The shipped upstream's two example servers: the first is replaced by the first server, the second (whose line
// carries the parameters every further server gets too) by all the others.
const FIRST_UPSTREAM = 'server 127.0.0.1:8002 ';
const OTHER_UPSTREAM = 'server 127.0.0.1:8003 ';

/** A port nobody listens on right now (the OS picks it; the caller binds it a moment later). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The shipped file with each site-specific value replaced; each must occur exactly once, or the test is stale. */
export function adapted(shipped, replacements) {
  let conf = shipped;
  for (const [from, to] of replacements) {
    const count = conf.split(from).length - 1;
    assert.equal(count, 1, `${JSON.stringify(from)} occurs ${count} times in ${SHIPPED} (expected: once)`);
    conf = conf.replace(from, to);
  }
  return conf;
}

/**
 * The shipped site with ports, upstream servers and certificate paths substituted: `ports` are the servers' ports
 * (at least two), each upstream line keeping the shipped parameters (max_fails, fail_timeout).
 */
export function adaptedSite({ httpPort, httpsPort, ports, cert, key }) {
  assert.ok(ports.length >= 2, `upstream ports: ${ports.length} (expected: at least 2)`);
  const shipped = readFileSync(SHIPPED, 'utf8');
  const otherLine = shipped.split('\n').find((l) => l.includes(OTHER_UPSTREAM));
  assert.ok(otherLine, `${JSON.stringify(OTHER_UPSTREAM)} not found in ${SHIPPED}`);
  const indent = otherLine.slice(0, otherLine.indexOf(OTHER_UPSTREAM));
  const params = otherLine.slice(otherLine.indexOf(OTHER_UPSTREAM) + OTHER_UPSTREAM.length);
  const others = ports.slice(1).map((p) => `${indent}server 127.0.0.1:${p} ${params}`).join('\n');
  return adapted(shipped, [
    ['listen 80;', `listen 127.0.0.1:${httpPort};`],
    ['listen 443 ssl;', `listen 127.0.0.1:${httpsPort} ssl;`],
    [FIRST_UPSTREAM, `server 127.0.0.1:${ports[0]} `],
    [otherLine, others],
    ['/etc/letsencrypt/live/calls.example.com/fullchain.pem', cert],
    ['/etc/letsencrypt/live/calls.example.com/privkey.pem', key],
  ]);
}

/**
 * Starts nginx with the adapted shipped site in front of `servers` (each with a `port`), TLS from `pki` (helpers/pki.mjs).
 * Resolves once /health answers 200 through it, with {url (https), plainUrl (http), site (the config text), output,
 * stop()}. stop() quits nginx (SIGQUIT, then SIGKILL after 5 s) and removes its directory.
 */
export async function startNginx(servers, pki) {
  assert.ok(existsSync(NGINX), `${NGINX} not found: apt-get install nginx (.ci/run does)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'securevox-nginx-'));
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const site = adaptedSite({
    httpPort,
    httpsPort,
    ports: servers.map((s) => s.port),
    cert: path.join(pki.dir, 'chain.pem'),
    key: path.join(pki.dir, 'leaf.key'),
  });
  writeFileSync(path.join(dir, 'securevox-call.conf'), site);
  // Debian compiles absolute temp and log paths under /var; everything this nginx writes stays in `dir`.
  writeFileSync(path.join(dir, 'nginx.conf'), `
pid ${dir}/nginx.pid;
error_log stderr notice;
worker_processes 1;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/securevox-call.conf;
}
`);
  const child = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const nginx = {
    url: `https://127.0.0.1:${httpsPort}`,
    plainUrl: `http://127.0.0.1:${httpPort}`,
    site,
    output: '',
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  child.stdout.on('data', (c) => { nginx.output += c; });
  child.stderr.on('data', (c) => { nginx.output += c; });
  try {
    await waitUntil(async () => {
      assert.equal(child.exitCode, null, `nginx exited:\n${nginx.output}`);
      return (await httpRequest(`${nginx.url}/health`, 'GET', { ca: pki.ca }).catch(() => ({}))).status === 200;
    }, { timeoutMs: 15_000, message: 'nginx answering /health' });
  } catch (e) {
    await nginx.stop();
    throw e;
  }
  return nginx;
}
