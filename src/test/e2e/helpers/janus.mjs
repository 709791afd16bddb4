// A Janus of the test's own (Debian's /usr/bin/janus), for SECUREVOX_CALL_SFU=external: the server drives it through
// its API as always, and the test can look at what Janus has through the Admin API (the server's managed Janus
// has one too, on a port and secret of its own start). Only the VideoRoom plugin and the WebSocket transport, on
// 127.0.0.1 and free ports.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';

const PROGRAM = '/usr/bin/janus';
const LIBRARIES = '/usr/lib/x86_64-linux-gnu/janus';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Every library in the folder but `keep`, for `disable`: Janus loads whatever it finds. */
function allBut(folder, keep) {
  return readdirSync(path.join(LIBRARIES, folder))
    .filter((name) => name.endsWith('.so') && name !== keep)
    .sort()
    .join(',');
}

async function listening(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * Starts Janus and waits until both its API and its Admin API listen. Returns `{url, apiSecret, admin(request),
 * stop()}`; `admin` sends one Admin API request (the admin secret and a transaction added) and resolves with the
 * answer, rejecting on a Janus error.
 */
export async function startJanus() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'janus-e2e-'));
  const [port, adminPort] = [await freePort(), await freePort()];
  const apiSecret = randomBytes(16).toString('hex');
  const adminSecret = randomBytes(16).toString('hex');
  const rtpBase = 46_000 + Math.floor(Math.random() * 40) * 100;
  writeFileSync(path.join(dir, 'janus.jcfg'), `general: {
\tconfigs_folder = "${dir}"
\tplugins_folder = "${LIBRARIES}/plugins"
\ttransports_folder = "${LIBRARIES}/transports"
\tevents_folder = "${LIBRARIES}/events"
\tloggers_folder = "${LIBRARIES}/loggers"
\tdebug_level = 4
\tdebug_colors = false
\tapi_secret = "${apiSecret}"
\tadmin_secret = "${adminSecret}"
\tprotected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/sbin", "/sys", "/usr"]
}
media: {
\trtp_port_range = "${rtpBase}-${rtpBase + 99}"
}
nat: {
\tignore_mdns = true
\tice_enforce_list = "127.0.0.1"
}
plugins: {
\tdisable = "${allBut('plugins', 'libjanus_videoroom.so')}"
}
transports: {
\tdisable = "${allBut('transports', 'libjanus_websockets.so')}"
}
loggers: {
\tdisable = "libjanus_jsonlog.so"
}
events: {
\tbroadcast = false
}
`);
  writeFileSync(path.join(dir, 'janus.transport.websockets.jcfg'), `general: {
\tjson = "plain"
\tws = true
\tws_ip = "127.0.0.1"
\tws_port = ${port}
\tws_acl = "127."
\twss = false
}
admin: {
\tadmin_ws = true
\tadmin_ws_ip = "127.0.0.1"
\tadmin_ws_port = ${adminPort}
\tadmin_ws_acl = "127."
\tadmin_wss = false
}
`);
  // No admin_key: the server creates rooms without one in external mode (docs/config.md).
  writeFileSync(path.join(dir, 'janus.plugin.videoroom.jcfg'), `general: {
\tstring_ids = true
}
`);
  let output = '';
  const child = spawn(PROGRAM, ['-C', path.join(dir, 'janus.jcfg'), '-F', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  // Generous: on a loaded 2-core CI machine starting a process can take tens of seconds (the servers get 90 s too).
  const deadline = Date.now() + 90_000;
  while (!((await listening(port)) && (await listening(adminPort)))) {
    if (child.exitCode !== null) throw new Error(`janus exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`janus not listening on ${port} and ${adminPort} after 90 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const socket = new WebSocket(`ws://127.0.0.1:${adminPort}`, 'janus-admin-protocol');
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const pending = new Map();
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString());
    const waiter = pending.get(message.transaction);
    if (!waiter) return;
    pending.delete(message.transaction);
    if (message.janus === 'error') waiter.reject(new Error(`janus admin: ${JSON.stringify(message.error)}`));
    else waiter.resolve(message);
  });
  let transactions = 0;

  return {
    url: `ws://127.0.0.1:${port}`,
    apiSecret,
    dir,
    output: () => output,
    admin(request) {
      const transaction = `t${++transactions}`;
      return new Promise((resolve, reject) => {
        pending.set(transaction, { resolve, reject });
        socket.send(JSON.stringify({ ...request, transaction, admin_secret: adminSecret }));
        setTimeout(() => {
          if (pending.delete(transaction)) reject(new Error(`janus admin: no answer to ${JSON.stringify(request)}`));
        }, 10_000);
      });
    },
    async stop() {
      socket.close();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => {
          const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 10_000);
          child.once('exit', () => { clearTimeout(timer); resolve(); });
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Janus's VideoRoom publishers that publish media now, each `{session, handle, display, ssrc: {audio, video}}` from the
 * Admin API's handle_info (`display` is what the server named the publisher: the user's id and a suffix; `ssrc` the
 * first SSRC the publisher sends of each kind).
 */
export async function publisherHandles(janus) {
  const out = [];
  const { sessions } = await janus.admin({ janus: 'list_sessions' });
  for (const session of sessions) {
    const { handles } = await janus.admin({ janus: 'list_handles', session_id: session });
    for (const handle of handles) {
      const { info } = await janus.admin({ janus: 'handle_info', session_id: session, handle_id: handle });
      if (info.plugin_specific?.type !== 'publisher' || !info.webrtc?.media) continue;
      const ssrc = {};
      for (const media of Object.values(info.webrtc.media)) {
        if (media.ssrc?.['ssrc-peer']) ssrc[media.type] ??= media.ssrc['ssrc-peer'];
      }
      out.push({ session, handle, display: info.plugin_specific.display, ssrc });
    }
  }
  return out;
}

/** Runs a program and returns its stdout and stderr together; throws with them when it fails. */
export function run(program, args) {
  try {
    return execFileSync(program, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`${program} ${args.join(' ')} failed: ${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}
