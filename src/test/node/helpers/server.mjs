// Starts the packaged SecureVOX Call jar as a child process for black-box tests.
//
// The jar is found through SECUREVOX_SERVER_JAR (default: target/securevox-call.jar under the
// repository root) and java through SECUREVOX_JAVA (default: `java` on PATH). Every server
// listens on 127.0.0.1 with port 0; the port is read from the "listening on" line it prints.
//
// Not a test file: only `*.test.mjs` files are picked up by `node --test src/test/node/`.

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkResponse } from './openapi.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..', '..', '..');

export const JAR = process.env.SECUREVOX_SERVER_JAR || path.join(REPO_ROOT, 'target', 'securevox-call.jar');
export const JAVA = process.env.SECUREVOX_JAVA || 'java';

/** The threads of a JVM (jcmd beside the java that runs the servers), or why they could not be read. */
function threadDump(pid) {
  const jcmd = JAVA.includes('/') ? path.join(path.dirname(JAVA), 'jcmd') : 'jcmd';
  const dump = spawnSync(jcmd, [String(pid), 'Thread.print'], { encoding: 'utf8', timeout: 15_000 });
  if (dump.error) return `(none: ${dump.error.message})`;
  return dump.stdout || `(none: ${dump.stderr.trim()})`;
}

export const HOST = '127.0.0.1';
// A readiness deadline, not a speed goal: on a shared two-core machine under a load of 15, with other test files
// starting servers at the same time, a JVM has been seen to print nothing for 30 s (drain.test.mjs, four at once).
const STARTUP_TIMEOUT_MS = 90_000;
const LISTENING = /listening on (https?):\/\/127\.0\.0\.1:(\d+)/;

// Every server runs with Netty's paranoid leak detection: each buffer is tracked, and one
// garbage-collected without release() is reported in the server's output as "LEAK: …". A report
// fails the run: stop() and waitExit() throw, and a server never stopped fails its test file at
// exit (see checkLeaks).
export const JVM_ARGS = ['-Dio.netty.leakDetection.level=paranoid'];
const LEAK = 'LEAK:';

const running = new Set();
// every server started by this process, for the leak check at exit
const started = [];
// Each server keeps its call history in a directory of its own, removed when the tests end.
const dataDirs = new Set();
process.on('exit', () => {
  // a server whose leak was not reported by stop()/waitExit() (never stopped, or stopped in a
  // hook that swallowed the error): fail the file, which node --test reports as a failure
  for (const s of started) {
    if (!s.leakReported && s.output.includes(LEAK)) {
      process.stderr.write(`${leakMessage(s.output)}\n`);
      process.exitCode = 1;
    }
  }
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

let counter = 0;

/** A fresh, empty directory for a server's SQLite history; pass it as SECUREVOX_CALL_DATA_DIR to reuse it. */
export function newDataDir() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'securevox-node-'));
  dataDirs.add(dir);
  return dir;
}

/**
 * Starts a fresh server. `env` overrides/extends the defaults (production mode, port 0,
 * host 127.0.0.1, a random JWT secret and API key, no SFU). Resolves once the server prints its
 * "listening on" line; rejects with its output if it exits first or does not get there
 * within startupTimeoutMs (90 s).
 */
export async function startServer(env = {}, { startupTimeoutMs = STARTUP_TIMEOUT_MS } = {}) {
  if (!existsSync(JAR)) {
    throw new Error(`server jar not found: ${JAR} (build it, or set SECUREVOX_SERVER_JAR)`);
  }
  counter += 1;
  const jwtSecret = `node-interop-secret-${process.pid}-${counter}-0123456789abcdef`;
  const apiKey = `node-interop-api-key-${process.pid}-${counter}`;
  const childEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('SECUREVOX_CALL_') && k !== 'NODE_ENV' && k !== 'DJANGO_BACKEND_URL') childEnv[k] = v;
  }
  Object.assign(
    childEnv,
    {
      SECUREVOX_CALL_ENV: 'production',
      SECUREVOX_CALL_PORT: '0',
      SECUREVOX_CALL_HOST: HOST,
      SECUREVOX_CALL_JWT_SECRET: jwtSecret,
      SECUREVOX_CALL_API_KEY: apiKey,
      SECUREVOX_CALL_DATA_DIR: newDataDir(),
      // No Janus unless a test asks for one: the SFU is on by default wherever janus is installed.
      SECUREVOX_CALL_SFU: 'off',
    },
    env,
  );

  const child = spawn(JAVA, [...JVM_ARGS, '-jar', JAR], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);

  let output = '';
  const outputListeners = new Set();
  // SECUREVOX_TEST_LOG_DIR: also write each server's output to <dir>/server-<pid>-<n>.log
  let logFile;
  if (process.env.SECUREVOX_TEST_LOG_DIR) {
    mkdirSync(process.env.SECUREVOX_TEST_LOG_DIR, { recursive: true });
    logFile = createWriteStream(path.join(process.env.SECUREVOX_TEST_LOG_DIR, `server-${process.pid}-${counter}.log`));
    logFile.write(`# ${process.argv[1] || ''} env ${JSON.stringify(env)}\n`);
  }
  const onData = (chunk) => {
    output += chunk.toString('utf8');
    logFile?.write(chunk);
    for (const l of outputListeners) l();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      logFile?.end(`\n# exit code=${code} signal=${signal}\n`);
      resolve({ code, signal });
      for (const l of outputListeners) l();
    });
    child.on('error', (err) => {
      running.delete(child);
      output += `\n[spawn error] ${err.message}\n`;
      resolve({ code: null, signal: null, error: err });
      for (const l of outputListeners) l();
    });
  });
  let exitInfo = null;
  exited.then((info) => {
    exitInfo = info;
  });

  const { scheme, port } = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      done();
      // A start that hangs says where: the JVM's threads before it is killed.
      const threads = threadDump(child.pid);
      child.kill('SIGKILL');
      reject(new Error(`server did not print "listening on" within ${startupTimeoutMs} ms; output:\n${output}\n`
        + `threads (jcmd ${child.pid} Thread.print):\n${threads}`));
    }, startupTimeoutMs);
    const check = () => {
      const m = LISTENING.exec(output);
      if (m) {
        done();
        resolve({ scheme: m[1], port: Number(m[2]) });
      } else if (exitInfo) {
        done();
        reject(new Error(`server exited (${JSON.stringify(exitInfo)}) before listening; output:\n${output}`));
      }
    };
    const done = () => {
      clearTimeout(timer);
      outputListeners.delete(check);
    };
    outputListeners.add(check);
    exited.then(check);
    check();
  });

  const url = `${scheme}://${HOST}:${port}`;
  const server = {
    url,
    port,
    apiKey,
    jwtSecret,
    env: childEnv,
    child,
    get output() {
      return output;
    },
    get exitInfo() {
      return exitInfo;
    },
    /** Sends a signal (e.g. 'SIGTERM') to the server process. */
    signal(name) {
      if (!exitInfo) child.kill(name);
    },
    /**
     * Resolves with the exit code once the process exits; rejects after timeoutMs, or when Netty
     * reported a leaked buffer.
     */
    async waitExit(timeoutMs = 10_000) {
      const info = await withTimeout(exited, timeoutMs, () => `server did not exit within ${timeoutMs} ms`);
      this.checkLeaks();
      return info.code;
    },
    /** Throws when the output so far holds Netty's leak report (once per server). */
    checkLeaks() {
      if (!this.leakReported && output.includes(LEAK)) {
        this.leakReported = true;
        throw new Error(leakMessage(output));
      }
    },
    leakReported: false,
    /** HTTP request to this server; see httpRequest. The answer is held to docs/openapi.yaml (helpers/openapi.mjs). */
    async http(method, p, opts = {}) {
      const res = await httpRequest(`${url}${p}`, method, opts);
      checkResponse(method, p, res);
      return res;
    },
    /** GET /health body and status. */
    async health() {
      return this.http('GET', '/health');
    },
    /**
     * Stops the server: SIGTERM (drain), a second SIGTERM after 0.5 s (exit at once), SIGKILL
     * after 5 s. Resolves once it has exited; rejects (after it has exited) when Netty reported
     * a leaked buffer.
     */
    async stop() {
      if (!exitInfo) {
        child.kill('SIGTERM');
        const t1 = setTimeout(() => !exitInfo && child.kill('SIGTERM'), 500);
        const t2 = setTimeout(() => !exitInfo && child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(t1);
        clearTimeout(t2);
      }
      this.checkLeaks();
      return exitInfo;
    },
  };
  started.push(server);
  return server;
}

/** The first leak report in `output`, for a failure message. */
function leakMessage(output) {
  const at = output.indexOf(LEAK);
  const from = output.lastIndexOf('\n', at) + 1;
  const count = output.split(LEAK).length - 1;
  return `Netty reported ${count} leaked buffer(s) (-Dio.netty.leakDetection.level=paranoid); the first:\n${output.slice(from, from + 3_000)}`;
}

/**
 * Runs the jar with exactly `env` (plus PATH/HOME and the like from this process, and no SFU unless `env` names one) for a server
 * expected to exit on its own, such as one that cannot bind. Resolves {code, signal, stdout,
 * stderr, exited} once it exits or after timeoutMs (then killed, exited false).
 */
export function runUntilExit(env, { timeoutMs = 15_000 } = {}) {
  const childEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('SECUREVOX_CALL_') && k !== 'NODE_ENV' && k !== 'DJANGO_BACKEND_URL') childEnv[k] = v;
  }
  Object.assign(childEnv, { SECUREVOX_CALL_SFU: 'off' }, env);
  const child = spawn(JAVA, [...JVM_ARGS, '-jar', JAR], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c) => (stderr += c.toString('utf8')));
  return new Promise((resolve) => {
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const t0 = Date.now();
    // 'close': the process has exited and its output has been read to the end
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, stdout, stderr, exited: !killed, afterMs: Date.now() - t0 });
    });
  });
}

/**
 * Plain node:http request (full control over headers such as Origin). `body` may be an object
 * (sent as JSON), a string or a Buffer. Resolves {status, headers, text, json}; `json` is the
 * parsed body or undefined when it is not JSON. Bounded by `timeoutMs`.
 */
// 15 s: a deadline for an answer (the token endpoint has taken over 5 s beside another file's servers under a load of 20).
export function httpRequest(url, method = 'GET', { headers = {}, body, timeoutMs = 15_000, ca } = {}) {
  return new Promise((resolve, reject) => {
    let payload;
    const h = { ...headers };
    if (body !== undefined) {
      payload = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
      h['Content-Length'] = String(payload.length);
    }
    const client = url.startsWith('https:') ? https : http;
    const req = client.request(url, { method, headers: h, agent: false, ca }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json, tlsVersion: res.socket.getProtocol?.() });
      });
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(typeof message === 'function' ? message() : message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `fn` (async) until it returns a truthy value; rejects after timeoutMs. */
export async function waitUntil(fn, { timeoutMs = 5_000, intervalMs = 25, message = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
