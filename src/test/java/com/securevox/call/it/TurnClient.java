package com.securevox.call.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A minimal TURN client over UDP (RFC 5389 messages, RFC 5766 Allocate, CreatePermission, Send and Data indications)
 * with the long-term credential mechanism, for tests against a real coturn. It only ever sends to the TURN server it
 * was made for, which tests keep on loopback; where a peer is denied, coturn refuses the permission and nothing is
 * relayed.
 */
public final class TurnClient implements AutoCloseable {
    static final int ALLOCATE = 0x0003;
    static final int REFRESH = 0x0004;
    static final int CREATE_PERMISSION = 0x0008;
    static final int SEND_INDICATION = 0x0016;
    static final int DATA_INDICATION = 0x0017;
    static final int SUCCESS = 0x0100;
    static final int ERROR = 0x0110;

    private static final int MAGIC = 0x2112A442;
    private static final int USERNAME = 0x0006;
    private static final int MESSAGE_INTEGRITY = 0x0008;
    private static final int ERROR_CODE = 0x0009;
    private static final int LIFETIME = 0x000D;
    private static final int XOR_PEER_ADDRESS = 0x0012;
    private static final int DATA = 0x0013;
    private static final int REALM = 0x0014;
    private static final int NONCE = 0x0015;
    private static final int XOR_RELAYED_ADDRESS = 0x0016;
    private static final int REQUESTED_TRANSPORT = 0x0019;
    private static final int UDP = 17;

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final SecureRandom random = new SecureRandom();
    private String username;
    private byte[] key;
    private String realm;
    private String nonce;

    /** A STUN/TURN response: its class, error code (0 on success) and attributes. */
    public record Response(int type, int errorCode, Map<Integer, byte[]> attributes) {
        public boolean success() {
            return (type & 0x0110) == SUCCESS;
        }
    }

    public TurnClient(InetSocketAddress server) {
        if (!server.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("tests only talk to a TURN server on loopback, not " + server);
        }
        this.server = server;
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.setSoTimeout(500);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asks for a UDP relay with these credentials: the 401 challenge, then the authenticated request. */
    public Response allocate(String username, String password) {
        Response challenge = request(ALLOCATE, requestedTransport());
        if (challenge.errorCode() != 401) {
            throw new AssertionError("expected a 401 challenge, got " + challenge);
        }
        this.username = username;
        this.realm = text(challenge, REALM);
        this.nonce = text(challenge, NONCE);
        this.key = md5(username + ":" + realm + ":" + password);
        return authenticated(ALLOCATE, requestedTransport());
    }

    /** The relayed transport address of a successful allocation. */
    public static InetSocketAddress relayedAddress(Response response) {
        return xorAddress(response.attributes().get(XOR_RELAYED_ADDRESS));
    }

    /** Asks for permission to exchange data with {@code peer}, within the allocation made by {@link #allocate}. */
    public Response createPermission(InetAddress peer) {
        return authenticated(
                CREATE_PERMISSION, attribute(XOR_PEER_ADDRESS, xorAddress(new InetSocketAddress(peer, 0))));
    }

    /** Ends the allocation (Refresh with lifetime 0). */
    public Response release() {
        return authenticated(
                REFRESH, attribute(LIFETIME, ByteBuffer.allocate(4).putInt(0).array()));
    }

    /** Relays {@code data} to {@code peer} (a Send indication); the peer must have a permission. */
    public void send(InetSocketAddress peer, byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(attribute(XOR_PEER_ADDRESS, xorAddress(peer)));
        body.writeBytes(attribute(DATA, data));
        transmit(message(SEND_INDICATION, newTransactionId(), body.toByteArray()));
    }

    /** The payload of the next Data indication, if one comes within {@code timeoutMillis}. */
    public Optional<byte[]> receiveData(int timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            Optional<byte[]> packet = receive();
            if (packet.isPresent() && type(packet.get()) == DATA_INDICATION) {
                return Optional.of(parse(packet.get()).attributes().get(DATA));
            }
        }
        return Optional.empty();
    }

    /** Whether a TURN server answers on this address yet (any answer to an unauthenticated Allocate). */
    public boolean answers() {
        try {
            request(ALLOCATE, requestedTransport());
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    private Response authenticated(int method, byte[] attributes) {
        Response response = signedRequest(method, attributes);
        if (response.errorCode() == 438) { // stale nonce: retry once with the fresh one
            nonce = text(response, NONCE);
            response = signedRequest(method, attributes);
        }
        return response;
    }

    private Response signedRequest(int method, byte[] attributes) {
        if (key == null) {
            throw new IllegalStateException("allocate first");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(attributes);
        body.writeBytes(attribute(USERNAME, username.getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(attribute(REALM, realm.getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(attribute(NONCE, nonce.getBytes(StandardCharsets.UTF_8)));
        byte[] transaction = newTransactionId();
        byte[] unsigned = body.toByteArray();
        // MESSAGE-INTEGRITY covers the header with a length that already counts the 24-byte attribute itself.
        byte[] covered = message(method, transaction, unsigned, unsigned.length + 24);
        body.writeBytes(attribute(MESSAGE_INTEGRITY, hmacSha1(key, covered)));
        return exchange(message(method, transaction, body.toByteArray()), transaction);
    }

    private Response request(int method, byte[] attributes) {
        byte[] transaction = newTransactionId();
        return exchange(message(method, transaction, attributes), transaction);
    }

    private Response exchange(byte[] message, byte[] transaction) {
        for (int attempt = 0; attempt < 6; attempt++) {
            transmit(message);
            long deadline = System.currentTimeMillis() + 500;
            while (System.currentTimeMillis() < deadline) {
                Optional<byte[]> packet = receive();
                if (packet.isPresent()
                        && packet.get().length >= 20
                        && Arrays.equals(Arrays.copyOfRange(packet.get(), 8, 20), transaction)) {
                    return parse(packet.get());
                }
            }
        }
        throw new AssertionError("no answer from the TURN server at " + server);
    }

    private void transmit(byte[] message) {
        try {
            socket.send(new DatagramPacket(message, message.length, server));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<byte[]> receive() {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
            return Optional.of(Arrays.copyOf(buffer, packet.getLength()));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] newTransactionId() {
        byte[] id = new byte[12];
        random.nextBytes(id);
        return id;
    }

    private static int type(byte[] packet) {
        return ((packet[0] & 0xFF) << 8) | (packet[1] & 0xFF);
    }

    private static Response parse(byte[] packet) {
        ByteBuffer in = ByteBuffer.wrap(packet);
        int type = in.getShort() & 0xFFFF;
        int length = in.getShort() & 0xFFFF;
        in.position(20);
        Map<Integer, byte[]> attributes = new HashMap<>();
        while (in.position() < 20 + length) {
            int attributeType = in.getShort() & 0xFFFF;
            int attributeLength = in.getShort() & 0xFFFF;
            byte[] value = new byte[attributeLength];
            in.get(value);
            in.position(in.position() + ((4 - attributeLength % 4) % 4));
            attributes.putIfAbsent(attributeType, value);
        }
        byte[] error = attributes.get(ERROR_CODE);
        int errorCode = error == null ? 0 : (error[2] & 0x07) * 100 + (error[3] & 0xFF);
        return new Response(type, errorCode, Map.copyOf(attributes));
    }

    private static byte[] message(int type, byte[] transaction, byte[] attributes) {
        return message(type, transaction, attributes, attributes.length);
    }

    private static byte[] message(int type, byte[] transaction, byte[] attributes, int declaredLength) {
        return ByteBuffer.allocate(20 + attributes.length)
                .putShort((short) type)
                .putShort((short) declaredLength)
                .putInt(MAGIC)
                .put(transaction)
                .put(attributes)
                .array();
    }

    private static byte[] attribute(int type, byte[] value) {
        int padding = (4 - value.length % 4) % 4;
        return ByteBuffer.allocate(4 + value.length + padding)
                .putShort((short) type)
                .putShort((short) value.length)
                .put(value)
                .array();
    }

    private static byte[] requestedTransport() {
        return attribute(REQUESTED_TRANSPORT, new byte[] {UDP, 0, 0, 0});
    }

    private static byte[] xorAddress(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        if (ip.length != 4) {
            throw new IllegalArgumentException("IPv4 only: " + address);
        }
        ByteBuffer out = ByteBuffer.allocate(8).put((byte) 0).put((byte) 1);
        out.putShort((short) (address.getPort() ^ (MAGIC >>> 16)));
        out.putInt(ByteBuffer.wrap(ip).getInt() ^ MAGIC);
        return out.array();
    }

    private static InetSocketAddress xorAddress(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        in.getShort();
        int port = (in.getShort() & 0xFFFF) ^ (MAGIC >>> 16);
        int ip = in.getInt() ^ MAGIC;
        try {
            return new InetSocketAddress(
                    InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(ip).array()), port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Response response, int attribute) {
        byte[] value = response.attributes().get(attribute);
        if (value == null) {
            throw new AssertionError("attribute " + attribute + " missing from " + response);
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmacSha1(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
