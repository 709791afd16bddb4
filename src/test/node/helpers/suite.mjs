// node:test scaffolding: a fresh server for the enclosing describe, with its sockets closed
// after each test (serverForSuite), or left to each test when its tests run concurrently
// (rawServerForSuite). Suites with servers of their own can run concurrently (their sockets are
// tracked per server).
//
// Not a test file: only `*.test.mjs` files are picked up by `node --test src/test/node/`.

import { after, afterEach, before } from 'node:test';

import { closeAll } from './client.mjs';
import { destroyAll } from './raw.mjs';
import { startServer } from './server.mjs';

/**
 * Registers before/afterEach/after hooks in the current describe: starts a server with `env`
 * before its tests, closes that server's sockets after each test (except those opened with
 * keep: true), and stops it after the last. Returns an object whose `server` is set once started.
 */
export function serverForSuite(env = {}) {
  const ctx = { server: undefined };
  before(async () => {
    ctx.server = await startServer(env);
  });
  afterEach(() => {
    if (ctx.server) closeAll({ server: ctx.server });
  });
  after(async () => {
    if (!ctx.server) return;
    closeAll({ server: ctx.server, persistent: true });
    await ctx.server.stop();
  });
  return ctx;
}

/**
 * Registers before/after hooks in the current describe: a server with `env` for its tests, which
 * may run concurrently (nothing is closed between tests: each test cleans up after itself with
 * rawScope in raw.mjs). Returns an object whose `server` is set once started.
 */
export function rawServerForSuite(env = {}) {
  const ctx = { server: undefined };
  before(async () => {
    ctx.server = await startServer(env);
  });
  after(async () => {
    if (!ctx.server) return;
    destroyAll(ctx.server);
    closeAll({ server: ctx.server, persistent: true });
    await ctx.server.stop();
  });
  return ctx;
}
