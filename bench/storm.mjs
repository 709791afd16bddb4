#!/usr/bin/env node
// Reconnect storm (issue 17): N sockets in N/2 two-party calls, authenticated and joined, then the server is
// restarted on the same port under them — SIGTERM, wait for the process to exit, a new process — and every client
// comes back by itself with socket.io-client's default reconnection back-off (1 s doubling to 5 s, ±50 %). Measured:
// the time until every client is back in its call (its join_call acknowledged) and every call has relayed an offer
// between its two members again, the failed connection attempts, the clients never back (must be 0), and the new
// server process's peak CPU and RSS.
//
//   cd bench && npm ci
//   ulimit -n 20000; node storm.mjs --server java       # bin/securevox-call (deploy/jvm.options, AOT cache if built)
//   ulimit -n 20000; node storm.mjs --server reference  # reference-server/server.mjs
//
// The sockets are spread over --processes child processes (calls whole, both members in the same one), since one
// Node process cannot make 10,000 sockets reconnect at once on a small machine without being the bottleneck.
// See README.md ("Reconnect storm") and docs/benchmarks.md for what is measured and why.
import { fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const CLK_TCK = 100; // Linux's USER_HZ, the unit of /proc/<pid>/stat's times
const SECRET = process.env.BENCH_SECRET ?? 'securevox-call-bench-secret-0123456789abcdefABCDEF';
const API_KEY = process.env.BENCH_API_KEY ?? 'securevox-call-bench-api-key-0123456789abcdef';
const now = () => performance.timeOrigin + performance.now(); // ms, comparable across processes

const USAGE = `usage: node storm.mjs --server java|reference [options]
  --server java|reference  java: bin/securevox-call (JAVA_OPTS are passed on); reference: reference-server/server.mjs
  --connections N          sockets, even: N/2 calls of two (default 10000; env BENCH_CONNECTIONS)
  --processes P            client processes holding the sockets (default: 1 per 5,000 sockets, at least 1)
  --concurrency C          connect+join operations in flight while setting up, over all processes (default 200)
  --port PORT              the port both server processes listen on (default 8004)
  --deadline-ms MS         how long after the restart every client may take to be back (default 120000); who is not
                           back by then is counted as never back
  --drain-timeout D        the Java server's SECUREVOX_CALL_DRAIN_TIMEOUT for the restart (default 0s: calls are not
                           held; the sockets are closed as the process exits)
  --json                   one JSON line with every number on stdout (the table goes to stderr)`;

function options() {
  const { values } = parseArgs({
    options: {
      server: { type: 'string' },
      connections: { type: 'string' },
      processes: { type: 'string' },
      concurrency: { type: 'string' },
      port: { type: 'string' },
      'deadline-ms': { type: 'string' },
      'drain-timeout': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name, raw, min) => {
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min) die(`--${name}: ${raw} (expected: an integer >= ${min})`);
    return n;
  };
  const server = values.server ?? process.env.BENCH_SERVER;
  if (server !== 'java' && server !== 'reference') die(`--server: ${server} (expected: java or reference)`);
  const connections = int('connections', values.connections ?? process.env.BENCH_CONNECTIONS ?? '10000', 2);
  if (connections % 2 !== 0) die(`--connections: ${connections} (expected: an even number, two per call)`);
  const processes = int('processes', values.processes ?? String(Math.max(1, Math.ceil(connections / 5000))), 1);
  if (processes > connections / 2) die(`--processes: ${processes} (expected: at most one per call, ${connections / 2})`);
  return {
    server,
    connections,
    processes,
    concurrency: int('concurrency', values.concurrency ?? '200', 1),
    port: int('port', values.port ?? '8004', 1),
    deadlineMs: int('deadline-ms', values['deadline-ms'] ?? '120000', 1000),
    drainTimeout: values['drain-timeout'] ?? '0s',
    json: !!values.json,
  };
}

function die(message) {
  console.error(`storm.mjs: ${message}\n\n${USAGE}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------
// The server under test.

/** Soft "Max open files" of a process (null when unlimited). */
function openFilesLimit(pid) {
  const m = /^Max open files\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  return m ? Number(m[1]) : null;
}

function procStat(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { cpuSec: (Number(f[11]) + Number(f[12])) / CLK_TCK, rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM') };
}

async function healthy(url) {
  try {
    return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/** Starts one server process on the port, logging to `log`; the child is the server itself (the launcher execs). */
function startServer(opts, log) {
  const fd = openSync(log, 'a');
  const env = {
    ...process.env,
    PORT: String(opts.port),
    SECUREVOX_CALL_PORT: String(opts.port),
    SECUREVOX_CALL_HOST: '127.0.0.1',
    SECUREVOX_CALL_JWT_SECRET: SECRET,
    SECUREVOX_CALL_API_KEY: API_KEY,
    SECUREVOX_CALL_ENV: 'production',
    SECUREVOX_CALL_SFU: process.env.SECUREVOX_CALL_SFU ?? 'off',
    SECUREVOX_CALL_DRAIN_TIMEOUT: opts.drainTimeout,
    // Its call history (SQLite) in a directory of the run's, shared by the two processes as on a real restart.
    SECUREVOX_CALL_DATA_DIR: opts.dataDir,
    NODE_ENV: 'production',
  };
  const command = opts.server === 'java'
    ? [path.join(repo, 'bin/securevox-call')]
    : [process.execPath, path.join(here, 'reference-server/server.mjs')];
  const child = spawn(command[0], command.slice(1), { env, stdio: ['ignore', fd, fd] });
  child.exited = new Promise((resolve) => child.once('exit', resolve));
  return child;
}

/** Resolves once /health answers 200, or throws when the process exits or `ms` pass. */
async function untilHealthy(child, url, ms) {
  const deadline = Date.now() + ms;
  while (!(await healthy(url))) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) while starting`);
    if (Date.now() > deadline) throw new Error(`the server did not answer /health within ${ms} ms`);
    await pause(20);
  }
}

/**
 * Samples the process's CPU and RSS every 100 ms until stopped: peak CPU is the busiest 500 ms window (five
 * samples, so the 10 ms tick resolution is 2 % of a core), peak RSS the kernel's VmHWM.
 */
function sampler(pid) {
  const samples = [];
  const take = () => {
    try {
      samples.push({ t: now(), ...procStat(pid) });
    } catch {
      // the process is gone
    }
  };
  take();
  const timer = setInterval(take, 100);
  return {
    stop() {
      clearInterval(timer);
      take();
      let peakCpuPct = 0;
      for (let i = 5; i < samples.length; i++) {
        const a = samples[i - 5];
        const b = samples[i];
        peakCpuPct = Math.max(peakCpuPct, (100 * (b.cpuSec - a.cpuSec) * 1000) / (b.t - a.t));
      }
      const last = samples.at(-1);
      return {
        peakCpuPct,
        cpuSec: last.cpuSec - samples[0].cpuSec,
        peakRssKiB: Math.max(last.hwmKiB, ...samples.map((s) => s.rssKiB)),
        rssKiB: last.rssKiB,
      };
    },
  };
}

// ---------------------------------------------------------------------------
// Client processes (storm-client.mjs), each holding the sockets of a range of calls.

function startClients(opts) {
  const calls = opts.connections / 2;
  const clients = [];
  for (let p = 0; p < opts.processes; p++) {
    const firstCall = Math.floor((p * calls) / opts.processes);
    const lastCall = Math.floor(((p + 1) * calls) / opts.processes);
    const child = fork(path.join(here, 'storm-client.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const client = { child, first: 2 * firstCall, last: 2 * lastCall, progress: { back: 0, verified: 0 }, waiters: new Map() };
    child.on('message', (m) => {
      if (m.type === 'progress') client.progress = m;
      client.waiters.get(m.type)?.(m);
    });
    child.on('exit', (code) => {
      if (code !== 0 && !client.closing) console.error(`storm.mjs: client process ${p} exited with ${code}`);
    });
    client.ask = (message, answer) => new Promise((resolve) => {
      client.waiters.set(answer, resolve);
      child.send(message);
    });
    clients.push(client);
  }
  return clients;
}

const clientCpuSec = (clients) => clients.reduce((sum, c) => {
  try {
    return sum + procStat(c.child.pid).cpuSec;
  } catch {
    return sum;
  }
}, 0);

// ---------------------------------------------------------------------------
// The run.

async function coordinator() {
  const opts = options();
  const out = opts.json ? console.error : console.log;
  const url = `http://127.0.0.1:${opts.port}`;
  const perProcess = Math.ceil(opts.connections / opts.processes);
  const own = openFilesLimit(process.pid);
  if (own !== null && own < opts.connections + 256) {
    die(`the open-files limit is ${own}; the server needs one descriptor per socket: raise it to at least `
      + `${opts.connections + 256} (ulimit -n; make bench-storm raises it as far as the hard limit allows)`);
  }
  if (await healthy(url)) die(`something already answers on ${url}; refusing to benchmark it (--port)`);
  const outDir = process.env.BENCH_OUT ?? path.join(here, 'out');
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  const log = path.join(outDir, `storm-${opts.server}-${stamp}.server.log`);
  const progress = (line) => console.error(`storm.mjs: ${line}`);

  progress(`starting the ${opts.server} server on ${url} (log ${log})`);
  opts.dataDir = mkdtempSync(path.join(os.tmpdir(), 'securevox-storm-'));
  let server = startServer(opts, log);
  const clients = startClients(opts);
  let status = 1;
  try {
    await untilHealthy(server, url, 120_000);

    // Everyone connected, authenticated and joined, as in load.mjs's phase (b).
    progress(`connecting ${opts.connections} sockets in ${opts.connections / 2} calls from ${opts.processes} processes`);
    const setupStart = now();
    const setup = Promise.all(clients.map((c) => c.ask({
      type: 'connect',
      url,
      secret: SECRET,
      first: c.first,
      last: c.last,
      concurrency: Math.max(1, Math.round(opts.concurrency / opts.processes)),
    }, 'joined')));
    const joined = await Promise.race([setup, pause(300_000).then(() => {
      throw new Error('the sockets did not all join within 300 s');
    })]);
    const joinedCount = joined.reduce((a, m) => a + m.joined, 0);
    progress(`${joinedCount}/${opts.connections} joined in ${((now() - setupStart) / 1000).toFixed(1)} s`);
    if (joinedCount !== opts.connections) throw new Error(`only ${joinedCount} of ${opts.connections} sockets joined: ${JSON.stringify(joined.map((m) => m.errors))}`);

    // The restart: SIGTERM (ours drains, the reference closes), wait for the exit, a new process on the same port.
    await Promise.all(clients.map((c) => c.ask({ type: 'arm' }, 'armed')));
    const oldPid = server.pid;
    // The old process's CPU from the SIGTERM to its exit (its last 100 ms sample before it is gone).
    const oldUsage = sampler(oldPid);
    const t0 = now();
    server.kill('SIGTERM');
    const stopped = await Promise.race([server.exited.then(() => true), pause(120_000).then(() => false)]);
    if (!stopped) {
      server.kill('SIGKILL');
      await server.exited;
    }
    const tExit = now();
    const server1 = oldUsage.stop();
    server = startServer(opts, log);
    const tSpawn = now();
    const usage = sampler(server.pid);
    const clientCpu0 = clientCpuSec(clients);
    await untilHealthy(server, url, 120_000);
    const tReady = now();
    progress(`old server ${oldPid} stopped after ${(tExit - t0).toFixed(0)} ms; new server ${server.pid} healthy `
      + `${(tReady - tSpawn).toFixed(0)} ms after its start`);

    // Everyone back, or the deadline.
    const deadline = t0 + opts.deadlineMs;
    let printed = now();
    while (now() < deadline) {
      const back = clients.reduce((a, c) => a + c.progress.back, 0);
      const verified = clients.reduce((a, c) => a + c.progress.verified, 0);
      if (verified === opts.connections / 2 && back === opts.connections) break;
      if (now() - printed >= 2000) {
        printed = now();
        progress(`  back ${back}/${opts.connections}, calls relaying ${verified}/${opts.connections / 2} after ${((now() - t0) / 1000).toFixed(1)} s`);
      }
      await pause(250);
    }
    const results = await Promise.all(clients.map((c) => c.ask({ type: 'report' }, 'report')));
    // A few seconds more of the new server alone, so that work the storm queued (GC, compilation) is in its peak.
    await pause(2000);
    const server2 = usage.stop();
    const clientCpu = clientCpuSec(clients) - clientCpu0;

    const backAt = results.flatMap((r) => r.backAt).filter((t) => t > 0).map((t) => t - t0);
    const verifiedAt = results.flatMap((r) => r.verifiedAt).filter((t) => t > 0).map((t) => t - t0);
    const sum = (key) => results.reduce((a, r) => a + r[key], 0);
    const merge = (key) => results.reduce((acc, r) => {
      for (const [k, v] of Object.entries(r[key])) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {});
    const neverBack = opts.connections - backAt.length;
    const result = {
      server: opts.server,
      date: new Date().toISOString(),
      connections: opts.connections,
      calls: opts.connections / 2,
      processes: opts.processes,
      socketsPerClientProcess: perProcess,
      machine: { cpus: os.availableParallelism(), node: process.version, load1: os.loadavg()[0] },
      restart: {
        // true when the old process had not exited 120 s after the SIGTERM and was killed
        killed: !stopped,
        stopMs: tExit - t0,
        oldCpuSec: server1.cpuSec,
        startToHealthyMs: tReady - tSpawn,
        restartToHealthyMs: tReady - t0,
      },
      back: {
        clients: backAt.length,
        neverBack,
        firstBackMs: backAt.length > 0 ? Math.min(...backAt) : null,
        allBackMs: backAt.length === opts.connections ? Math.max(...backAt) : null,
        ms: percentiles(backAt),
        allBackAfterHealthyMs: backAt.length === opts.connections ? Math.max(...backAt) - (tReady - t0) : null,
      },
      callsBack: {
        verified: verifiedAt.length,
        allVerifiedMs: verifiedAt.length === opts.connections / 2 ? Math.max(...verifiedAt) : null,
      },
      attempts: {
        total: sum('attempts'),
        failed: sum('failed'),
        failedBy: merge('failedBy'),
        joinErrors: merge('joinErrors'),
        disconnects: merge('disconnects'),
        verifyErrors: merge('verifyErrors'),
      },
      newServer: {
        pid: server.pid,
        peakCpuPctOfCore: server2.peakCpuPct,
        cpuSec: server2.cpuSec,
        peakRssKiB: server2.peakRssKiB,
        rssKiB: server2.rssKiB,
      },
      clientCpuSec: clientCpu,
    };
    printTable(out, result);
    writeFileSync(log.replace(/\.server\.log$/, '.json'), `${JSON.stringify(result)}\n`);
    progress(`results in ${log.replace(/\.server\.log$/, '.json')}; the servers' output in ${log}`);
    if (opts.json) console.log(JSON.stringify(result));
    status = neverBack === 0 && verifiedAt.length === opts.connections / 2 ? 0 : 1;
  } catch (e) {
    console.error(`storm.mjs: ${e.message}`);
  } finally {
    for (const c of clients) {
      c.closing = true;
      if (c.child.connected) c.child.send({ type: 'close' });
    }
    await Promise.race([Promise.all(clients.map((c) => new Promise((r) => c.child.once('exit', r)))), pause(10_000)]);
    for (const c of clients) c.child.kill('SIGKILL');
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await Promise.race([server.exited, pause(15_000)]);
      server.kill('SIGKILL');
    }
    rmSync(opts.dataDir, { recursive: true, force: true });
  }
  process.exit(status);
}

/** Nearest-rank p50/p90/p99/max of `values` (ms). */
function percentiles(values) {
  const a = Float64Array.from(values).sort();
  const pick = (p) => (a.length === 0 ? NaN : a[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)]);
  return { p50: pick(50), p90: pick(90), p99: pick(99), max: a.length === 0 ? NaN : a[a.length - 1] };
}

function printTable(out, r) {
  const s = (ms) => (ms === null || Number.isNaN(ms) ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
  const rows = [
    ['sockets / calls / client processes', `${r.connections} / ${r.calls} / ${r.processes}`],
    ['old server stopped after', `${s(r.restart.stopMs)}${r.restart.killed ? ' (KILLED: no exit within 120 s of the SIGTERM)' : ''}`],
    ['old server CPU from the SIGTERM to its exit', `${r.restart.oldCpuSec.toFixed(2)} s`],
    ['new server healthy after its start', s(r.restart.startToHealthyMs)],
    ['first client back (join acked), from the SIGTERM', s(r.back.firstBackMs)],
    ['every client back (join acked), from the SIGTERM', s(r.back.allBackMs)],
    // /health is polled with a 1 s timeout: on a loaded machine the poll can see the new process after clients do
    ['  … from the new server healthy (as polled)', s(r.back.allBackAfterHealthyMs)],
    ['client back p50 / p90 / p99', `${s(r.back.ms.p50)} / ${s(r.back.ms.p90)} / ${s(r.back.ms.p99)}`],
    ['every call relaying again, from the SIGTERM', s(r.callsBack.allVerifiedMs)],
    ['clients never back', `${r.back.neverBack}`],
    ['connection attempts / failed', `${r.attempts.total} / ${r.attempts.failed}`],
    ['failed attempts by error', JSON.stringify(r.attempts.failedBy)],
    ['new server peak CPU (500 ms window)', `${r.newServer.peakCpuPctOfCore.toFixed(0)} % of a core`],
    ['new server CPU from start to everyone back', `${r.newServer.cpuSec.toFixed(2)} s`],
    ['new server peak RSS (VmHWM)', `${(r.newServer.peakRssKiB / 1024).toFixed(1)} MiB`],
    ['client processes CPU', `${r.clientCpuSec.toFixed(2)} s`],
  ];
  for (const key of ['joinErrors', 'disconnects', 'verifyErrors']) {
    if (Object.keys(r.attempts[key]).length > 0) rows.push([key, JSON.stringify(r.attempts[key])]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  out(`\nReconnect storm — ${r.server} — ${r.date} (${r.machine.cpus} cpus, load ${r.machine.load1.toFixed(2)})`);
  for (const [k, v] of rows) out(`  ${k.padEnd(width)}  ${v}`);
  out('');
}

await coordinator();
