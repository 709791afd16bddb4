// A lossy network path of the test's own, between the browsers and coturn, that touches nothing shared on the machine
// (no `tc netem` on the loopback other test files use at the same time). TURN over UDP is plain datagrams, so a
// transparent forwarder works: the browsers are given this relay's address as their TURN server, and it forwards each
// client's datagrams to coturn from a socket of that client's own (coturn sees one 5-tuple per client, as behind a NAT)
// and coturn's answers back, dropping a share of them in both directions.
//
// Which clients suffer is chosen by the TURN user name (`<expiry>:<userId>` of our server's credentials), read from
// the client's first authenticated STUN request, so a lossy call and a clean control call can share one server, one
// coturn and one relay at the same time. Until a client has sent its user name (its first, unauthenticated Allocate
// and coturn's 401) nothing of it is dropped.
// Not a test file: only `*.test.mjs` files are picked up by `node --test src/test/e2e/`.
import { createSocket } from 'node:dgram';

const STUN_MAGIC_COOKIE = 0x2112a442;
const STUN_USERNAME = 0x0006;
const HOST = '127.0.0.1';

/**
 * The USERNAME attribute of a STUN message (RFC 8489 §14.3), or undefined for anything else (ChannelData, a request
 * without one). STUN's first two bits are 0 and it carries the magic cookie; attributes are padded to 4 bytes.
 */
export function stunUsername(datagram) {
  if (datagram.length < 20 || (datagram[0] & 0xc0) !== 0 || datagram.readUInt32BE(4) !== STUN_MAGIC_COOKIE) return undefined;
  const end = Math.min(datagram.length, 20 + datagram.readUInt16BE(2));
  for (let at = 20; at + 4 <= end; at += 4 + Math.ceil(datagram.readUInt16BE(at + 2) / 4) * 4) {
    const length = datagram.readUInt16BE(at + 2);
    if (datagram.readUInt16BE(at) === STUN_USERNAME && at + 4 + length <= end) return datagram.toString('utf8', at + 4, at + 4 + length);
  }
  return undefined;
}

/** Uniform numbers in [0, 1) from a 32-bit seed (xorshift32): the same seed and datagram order drop the same ones. */
function seeded(seed) {
  let state = (seed >>> 0) || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

/**
 * Starts the relay on 127.0.0.1, forwarding to coturn at `targetPort`.
 *
 * @param {object} options
 * @param {number} options.targetPort coturn's UDP port on 127.0.0.1
 * @param {(username: string) => number} options.dropShare the share (0 to 1) of datagrams dropped in each direction
 *     for a client once it has named itself with this TURN user name
 * @param {number} [options.seed] seeds each client's drop decisions (the client's number is added)
 * @returns {Promise<{port: number, url: string, clients: () => object[], stop: () => Promise<void>}>}
 */
export async function startLossyRelay({ targetPort, dropShare, seed = 16 }) {
  const listener = createSocket('udp4');
  /** `${address}:${port}` of a client → its state */
  const clients = new Map();
  let closed = false;

  const clientFor = async (address, port) => {
    const key = `${address}:${port}`;
    let client = clients.get(key);
    if (client) return client;
    const upstream = createSocket('udp4');
    const number = clients.size;
    client = {
      address, port, upstream, username: undefined, share: 0,
      up: { forwarded: 0, dropped: 0, random: seeded(seed * 7919 + number * 2 + 1) },
      down: { forwarded: 0, dropped: 0, random: seeded(seed * 7919 + number * 2 + 2) },
      ready: null,
    };
    clients.set(key, client);
    upstream.on('message', (datagram) => {
      if (closed) return;
      if (!pass(client, client.down)) return;
      listener.send(datagram, client.port, client.address);
    });
    upstream.on('error', () => {}); // a send to a gone coturn: the test's own checks say what went wrong
    client.ready = new Promise((resolve) => upstream.bind(0, HOST, resolve));
    return client;
  };

  const pass = (client, direction) => {
    if (client.share > 0 && direction.random() < client.share) {
      direction.dropped += 1;
      return false;
    }
    direction.forwarded += 1;
    return true;
  };

  listener.on('message', async (datagram, from) => {
    if (closed) return;
    const client = await clientFor(from.address, from.port);
    await client.ready;
    if (client.username === undefined) {
      const username = stunUsername(datagram);
      if (username !== undefined) {
        client.username = username;
        client.share = dropShare(username);
      }
    }
    if (!pass(client, client.up) || closed) return;
    client.upstream.send(datagram, targetPort, HOST);
  });
  listener.on('error', () => {});
  await new Promise((resolve) => listener.bind(0, HOST, resolve));
  const { port } = listener.address();

  return {
    port,
    url: `turn:${HOST}:${port}?transport=udp`,
    /** Each client seen so far: its TURN user name (once known), drop share and datagrams forwarded and dropped each way. */
    clients: () => [...clients.values()].map((c) => ({
      from: `${c.address}:${c.port}`,
      username: c.username,
      share: c.share,
      up: { forwarded: c.up.forwarded, dropped: c.up.dropped },
      down: { forwarded: c.down.forwarded, dropped: c.down.dropped },
    })),
    async stop() {
      closed = true;
      await Promise.all([listener, ...[...clients.values()].map((c) => c.upstream)]
        .map((socket) => new Promise((resolve) => {
          try {
            socket.close(resolve);
          } catch {
            resolve(); // never bound, or closed already
          }
        })));
    },
  };
}
