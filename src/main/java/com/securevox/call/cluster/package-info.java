/**
 * Several nodes sharing calls: the implementations of {@link com.securevox.call.call.CallOwnership}, the port through
 * which a node learns whether it owns a call. {@link com.securevox.call.cluster.LocalCallOwnership} is the single
 * node (always the owner, epoch 1, no I/O); {@link com.securevox.call.cluster.RedisCallOwnership} keeps each call's
 * lease and epoch in Redis (docs/adr/0004-redis-client.md says why Jedis), like LiveKit's LocalRouter and RedisRouter
 * behind one interface. {@link com.securevox.call.cluster.LeaseKeeper} renews the leases a node holds on a thread of
 * its own and reports their loss to a {@link com.securevox.call.call.LossListener}; {@link
 * com.securevox.call.cluster.RedisHealth} remembers whether Redis answered the node's last command.
 *
 * <p>The only package that knows Jedis. Everything read back from Redis goes through {@link
 * com.securevox.call.cluster.RedisValues}, which refuses anything that is not exactly what we write. Depends on the call
 * domain, Jedis, SLF4J, the JDK and {@code trust} (to say why Redis is unreachable); {@code app} hands it its settings,
 * TLS sockets included, so nothing here reads our configuration.
 */
package com.securevox.call.cluster;
