package com.securevox.call.cluster;

import com.securevox.call.call.CallOwnership.Owner;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What we write to Redis and read back, in one place: an owner value is {@code <node>:<epoch>}, an epoch a decimal
 * from 1 to {@link Long#MAX_VALUE} without sign or leading zero. Decoding is strict, so that a value only decodes when
 * encoding it again gives the same text: whatever else is in the key (another program, a half-written value, a
 * hand-edited key) is refused with a {@link RedisValueException}, never taken for a lease.
 */
final class RedisValues {
    /** The longest owner value: a 64-character node, the colon, 19 digits. */
    static final int MAX_OWNER_LENGTH = Owner.MAX_NODE_LENGTH + 1 + 19;

    private static final int SHOWN_MAX = 40;

    /** A lease script's answer: whether it did what was asked, and who holds the call now, if anyone. */
    record Reply(boolean done, Optional<Owner> owner) {}

    private RedisValues() {}

    static String encode(Owner owner) {
        return owner.node() + ":" + owner.epoch();
    }

    static Owner owner(String raw) throws RedisValueException {
        if (raw == null) {
            throw new RedisValueException("owner value: missing (expected: node:epoch)");
        }
        if (raw.length() > MAX_OWNER_LENGTH) {
            throw new RedisValueException("owner value: " + raw.length() + " characters (expected: node:epoch, at most "
                    + MAX_OWNER_LENGTH + ")");
        }
        int colon = raw.indexOf(':');
        if (colon < 0 || colon != raw.lastIndexOf(':')) {
            throw new RedisValueException("owner value: " + shown(raw) + " (expected: node:epoch, one colon)");
        }
        String node = raw.substring(0, colon);
        if (!Owner.isValidNode(node)) {
            throw new RedisValueException("owner value: " + shown(raw) + " (expected: a node id of 1 to "
                    + Owner.MAX_NODE_LENGTH + " [A-Za-z0-9._-] before the colon)");
        }
        return new Owner(node, epoch(raw.substring(colon + 1)));
    }

    static long epoch(String raw) throws RedisValueException {
        if (raw == null) {
            throw new RedisValueException("epoch: missing (expected: a whole number from 1)");
        }
        boolean digits = !raw.isEmpty() && raw.length() <= 19 && raw.charAt(0) != '0';
        for (int i = 0; digits && i < raw.length(); i++) {
            digits = raw.charAt(i) >= '0' && raw.charAt(i) <= '9';
        }
        if (!digits) {
            throw new RedisValueException("epoch: " + shown(raw) + " (expected: a whole number from 1 to "
                    + Long.MAX_VALUE + " without sign or leading zero)");
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new RedisValueException("epoch: " + shown(raw) + " (expected: at most " + Long.MAX_VALUE + ")");
        }
    }

    /**
     * Redis refused a command for what a key holds, a type we never write there: it answered, so this is bad data
     * (for that key's call or node only), not an outage. Empty for every other failure.
     */
    static Optional<RedisValueException> wrongType(JedisException e) {
        String message = e.getMessage();
        return e instanceof JedisDataException && message != null && message.contains("WRONGTYPE")
                ? Optional.of(new RedisValueException(
                        "a key of another type: " + message.strip() + " (expected: the type we write there)"))
                : Optional.empty();
    }

    /** A lease script's reply: {@code [1, owner]} done, {@code [0, owner]} held by that owner, {@code [0]} free. */
    static Reply reply(Object raw) throws RedisValueException {
        if (!(raw instanceof List<?> list) || list.isEmpty() || list.size() > 2) {
            throw new RedisValueException("script reply: " + kind(raw) + " (expected: [flag] or [flag, owner])");
        }
        if (!(list.getFirst() instanceof Long flag) || (flag != 0 && flag != 1)) {
            throw new RedisValueException("script reply flag: " + kind(list.getFirst()) + " (expected: 0 or 1)");
        }
        if (list.size() == 1) {
            if (flag == 1) {
                throw new RedisValueException("script reply: done without an owner (expected: [1, owner])");
            }
            return new Reply(false, Optional.empty());
        }
        return new Reply(flag == 1, Optional.of(owner(text(list.get(1)))));
    }

    /** A bulk string as text; Jedis hands them over as String or byte[] depending on the protocol version. */
    static String text(Object value) throws RedisValueException {
        return switch (value) {
            case String s -> s;
            case byte[] bytes -> {
                try {
                    yield StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
                } catch (CharacterCodingException e) {
                    throw new RedisValueException(
                            "value: " + bytes.length + " bytes that are not UTF-8 (expected: text)");
                }
            }
            case null, default -> throw new RedisValueException("value: " + kind(value) + " (expected: a string)");
        };
    }

    private static String kind(Object value) {
        return switch (value) {
            case null -> "nil";
            case List<?> list -> "a list of " + list.size();
            case Long number -> "the integer " + number;
            case String s -> "the string " + shown(s);
            case byte[] bytes -> bytes.length + " bytes";
            default -> "a " + value.getClass().getSimpleName();
        };
    }

    /** A value read from Redis, cut short and with anything unprintable replaced, fit for a log line. */
    static String shown(String raw) {
        StringBuilder out = new StringBuilder("'");
        raw.codePoints().limit(SHOWN_MAX).forEach(c -> out.appendCodePoint(c >= 0x20 && c < 0x7F ? c : '?'));
        return out.append(raw.length() > SHOWN_MAX ? "…'" : "'").toString();
    }
}
