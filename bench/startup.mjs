#!/usr/bin/env node
// Start-up time to /ready, with and without the AOT cache (docs/benchmarks.md, issue 17): starts the server through
// bin/securevox-call --runs times each way, alternating so a change in the machine's load falls on both, on a private
// port and data directory, and reports per run the wall time from spawn to the first 200 from GET /ready and the
// server's CPU time (user + system, from /proc) at that moment, then medians. CPU time moves less than wall time when
// other processes share the cores.
//
//   node bench/startup.mjs [--runs 5] [--jar target/securevox-call.jar] [--cache <jar without .jar>.aot]
//
// The cache must have been trained for this jar (`make build`); the launcher says so and starts without it otherwise,
// which this tool reports as a failure.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    jar: { type: 'string', default: path.join(REPO, 'target', 'securevox-call.jar') },
    cache: { type: 'string' },
  },
});
const jar = path.resolve(args.jar);
const cache = path.resolve(args.cache ?? jar.replace(/\.jar$/, '') + '.aot');
const runs = Number(args.runs);
const CLK_TCK = 100;
const DEADLINE_MS = 180_000;

function ready(url) {
  return new Promise((resolve) => {
    http.get(`${url}/ready`, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    }).on('error', () => resolve(false));
  });
}

function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

async function once(withCache) {
  const data = mkdtempSync(path.join(os.tmpdir(), 'securevox-startup-'));
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('SECUREVOX_CALL_') && k !== 'JAVA_OPTS') env[k] = v;
  }
  Object.assign(env, {
    SECUREVOX_CALL_ENV: 'production',
    SECUREVOX_CALL_HOST: '127.0.0.1',
    SECUREVOX_CALL_PORT: '0',
    SECUREVOX_CALL_JWT_SECRET: 'startup-bench-secret-0123456789-0123456789-abcdef',
    SECUREVOX_CALL_API_KEY: 'startup-bench-api-key-0123456789',
    SECUREVOX_CALL_DATA_DIR: data,
    SECUREVOX_CALL_SFU: 'off',
    SECUREVOX_CALL_JAR: jar,
    SECUREVOX_CALL_AOT_CACHE: withCache ? cache : path.join(data, 'no-cache.aot'),
  });
  const t0 = performance.now();
  const server = spawn(path.join(REPO, 'bin', 'securevox-call'), [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.on('data', (c) => { output += c; });
  server.stderr.on('data', (c) => { output += c; });
  const exited = new Promise((resolve) => server.on('exit', resolve));
  try {
    let url;
    while (!url) {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) url = m[1];
      else if (server.exitCode !== null || performance.now() - t0 > DEADLINE_MS) throw new Error(`no start:\n${output}`);
      else await new Promise((r) => setTimeout(r, 2));
    }
    while (!(await ready(url))) {
      if (performance.now() - t0 > DEADLINE_MS) throw new Error('not ready');
      await new Promise((r) => setTimeout(r, 2));
    }
    const wallMs = performance.now() - t0;
    const cpu = cpuMs(server.pid);
    if (withCache && output.includes('not using the AOT cache')) throw new Error(`cache not used:\n${output}`);
    return { wallMs, cpuMs: cpu };
  } finally {
    server.kill('SIGTERM');
    await exited;
    rmSync(data, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (!existsSync(cache)) {
  process.stderr.write(`startup: no AOT cache at ${cache} (expected: \`make build\`)\n`);
  process.exit(2);
}
const results = { without: [], with: [] };
for (let i = 0; i < runs; i++) {
  for (const withCache of [false, true]) {
    const r = await once(withCache);
    results[withCache ? 'with' : 'without'].push(r);
    process.stdout.write(`run ${i + 1} ${withCache ? 'with the cache   ' : 'without the cache'}: `
      + `${r.wallMs.toFixed(0)} ms to /ready, ${r.cpuMs.toFixed(0)} ms CPU\n`);
  }
}
for (const [name, rs] of Object.entries(results)) {
  process.stdout.write(`median ${name} the cache: ${median(rs.map((r) => r.wallMs)).toFixed(0)} ms to /ready, `
    + `${median(rs.map((r) => r.cpuMs)).toFixed(0)} ms CPU (load average ${os.loadavg()[0].toFixed(1)})\n`);
}
