/**
 * Several nodes sharing calls, behind two ports of the call domain.
 *
 * <ul>
 *   <li>{@link com.securevox.call.call.CallOwnership}, through which a node learns whether it owns a call: {@link
 *       com.securevox.call.cluster.LocalCallOwnership} is the single node (always the owner, epoch 1, no I/O); {@link
 *       com.securevox.call.cluster.RedisCallOwnership} keeps each call's lease and epoch in Redis, like LiveKit's
 *       LocalRouter and RedisRouter behind one interface. {@link com.securevox.call.cluster.LeaseKeeper} renews the
 *       leases a node holds on a thread of its own and reports their loss to a {@link
 *       com.securevox.call.call.LossListener}; {@link com.securevox.call.cluster.RedisHealth} remembers whether Redis
 *       answered the node's last command; {@link com.securevox.call.cluster.Replication} waits for a replica after each
 *       lease grant and notices a new primary (a failover), whose leases the keeper then re-asserts.
 *   <li>{@link com.securevox.call.call.NodeBus}, what edge and owner nodes tell each other: {@link
 *       com.securevox.call.cluster.LocalNodeBus} in one process; {@link com.securevox.call.cluster.RedisNodeBus} with
 *       one Redis stream per node inbox ({@code {inbox:<node>}}), one {@link com.securevox.call.cluster.InboxWriter}
 *       thread per destination and one {@link com.securevox.call.cluster.InboxReader}, both retrying with back-off
 *       while Redis is away; {@link com.securevox.call.cluster.SenderSequences} turns the senders' numbers into
 *       counts of lost, duplicated and late messages.
 *   <li>{@link com.securevox.call.call.CallStates}, where a call's owner keeps the call's state for the node that takes
 *       it over if the owner dies: {@link com.securevox.call.cluster.RedisCallStates} at {@code {call:<id>}:state},
 *       next to the lease that fences its writes, encoded by {@link com.securevox.call.cluster.CallStateCodec}; and,
 *       once, the signals an owner handing its call over kept for members in reconnect grace, at {@code
 *       {call:<id>}:held}, encoded by {@link com.securevox.call.cluster.HeldSignalsCodec}.
 *   <li>{@link com.securevox.call.ring.DeviceDirectory}, ringing's port for the device connections on every node:
 *       {@link com.securevox.call.cluster.RedisDeviceDirectory} keeps a sorted set per user of {@link
 *       com.securevox.call.cluster.DeviceEntry} members scored by their expiry, each node refreshing its own.
 * </ul>
 *
 * <p>The only package that knows Jedis (docs/adr/0004-redis-client.md says why Jedis). Everything read back from Redis
 * is decoded strictly, by {@link com.securevox.call.cluster.RedisValues} (lease values) and {@link
 * com.securevox.call.cluster.InboxCodec} (inbox entries, JSON bodies read with Jackson) and {@link
 * com.securevox.call.cluster.CallStateCodec} (call states, JSON) and {@link
 * com.securevox.call.cluster.HeldSignalsCodec} (signals kept for a call's next owner, JSON), which refuse anything that is
 * not exactly what we write with a {@link com.securevox.call.cluster.RedisValueException} naming the field. Depends on
 * the call domain, ringing's port, Jedis, Jackson, SLF4J, the JDK and {@code trust} (to say why Redis is unreachable); {@code app}
 * hands it its settings, TLS sockets included, so nothing here reads our configuration.
 */
package com.securevox.call.cluster;
