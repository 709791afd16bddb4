// Recovery after kill -9 of the node serving a call (issue 15, fault (a)): two servers on a private redis-server and a
// fresh PostgreSQL database, a two-party call on node A, `kill -9` of A, and both clients reconnecting to node B at
// once and joining again, as a client behind nginx's consistent hash would. Recovery is the time from the kill to the
// later of the two join acknowledgements on B (B waits for A's lease to lapse, then resumes the call from its state in
// Redis). Repeated --runs times; prints each run and p50/max as JSON.
//
//   cd bench && npm ci && node takeover.mjs --runs 7
//
// Needs target/securevox-call.jar (make build), redis-server, psql, and PostgreSQL on 127.0.0.1:5432 (trust).
import { setTimeout as pause } from 'node:timers/promises';

import { joined, percentile, privateStore, startNode, token, until } from './cluster-nodes.mjs';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 5) || 5;
const store = await privateStore('takeover');
const env = store.env;

const results = [];
try {
  for (let run = 1; run <= runs; run++) {
    const a = await startNode(`bench-a-${run}`, env);
    const b = await startNode(`bench-b-${run}`, env);
    const call = `bench_call_${run}`;
    const tokens = [await token(a, 'alice', call), await token(a, 'bob', call)];
    const first = [await joined(a, call, tokens[0]), await joined(a, call, tokens[1])];
    // A kill lands anywhere between two renewals of the lease, as a crash would.
    await pause(Math.random() * 3_000);
    const killedAt = performance.now();
    a.child.kill('SIGKILL');
    for (const { socket } of first) socket.close();
    const back = await Promise.all(tokens.map(async (t) => {
      const rejoined = await joined(b, call, t);
      const ms = performance.now() - killedAt;
      rejoined.socket.close();
      return { ms, participants: rejoined.ack.participants.length };
    }));
    const ms = Math.max(...back.map((r) => r.ms));
    results.push(ms);
    console.error(`run ${run}: ${ms.toFixed(0)} ms (participants seen on B: ${back.map((r) => r.participants).join(', ')})`);
    await b.stop();
    await until(() => a.child.exitCode !== null || a.child.signalCode !== null, 10_000, 'node A gone');
    store.flush();
  }
} finally {
  store.close();
}
console.log(JSON.stringify({
  runs,
  recoveryMs: results.map(Math.round),
  p50Ms: Math.round(percentile(results, 50)),
  maxMs: Math.round(Math.max(...results)),
}));
