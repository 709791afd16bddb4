package com.securevox.call.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.securevox.call.signaling.ClientEventDecoder;
import com.securevox.call.signaling.JsonStringLiteral;
import com.securevox.call.signaling.RawJson;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads a Socket.IO event's JSON as usual, except the string at {@link ClientEventDecoder#RAW_SDP} of the payload
 * (element 1 of the event array): that one is handed over as its JSON text, quotes and escapes included, as an embedded
 * {@link JsonStringLiteral} (a POJO node in the tree), so a relayed SDP is neither decoded nor escaped again. The
 * underlying parser still skips the string, and so still refuses a malformed one. Strings whose text is longer than
 * {@link ClientEventDecoder#MAX_SDP_CHARS} bytes are decoded as usual, for the decoder's exact length check.
 *
 * <p>Likewise the {@link ClientEventDecoder#RAW_DATA} of a {@link ClientEventDecoder#RAW_DATA_EVENT} event, when it
 * is an object or an array: a {@link RawJson} of its text, which the underlying parser still reads through (so
 * malformed content and duplicate keys are refused as anywhere else) without a tree being built of it.
 */
final class RawSdpParser extends JsonParserDelegate {
    private static final String[] PATH = segments(ClientEventDecoder.RAW_SDP);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';

    private final byte[] data;
    private final int base;
    /** What the current token stands for when it is one we keep as text: a JsonStringLiteral or a RawJson. */
    private Object raw;
    /** Whether the event's name (element 0 of the root array) is {@link ClientEventDecoder#RAW_DATA_EVENT}. */
    private boolean dataEvent;

    /** Reads {@code parser}, whose input is {@code data} from index {@code base} on, UTF-8. */
    RawSdpParser(JsonParser parser, byte[] data, int base) {
        super(parser);
        this.data = data;
        this.base = base;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        raw = null;
        JsonToken token = delegate.nextToken();
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
                && dataEvent
                && atDataPath(delegate.getParsingContext().getParent())) {
            long from = delegate.currentTokenLocation().getByteOffset();
            delegate.skipChildren();
            long to = delegate.currentTokenLocation().getByteOffset();
            // A parser of bytes knows every offset; the range is checked to be that object or array.
            raw = RawJson.within(data, (int) (base + from), (int) (base + to));
            return JsonToken.VALUE_EMBEDDED_OBJECT;
        }
        if (token == JsonToken.VALUE_STRING && atEventName(delegate.getParsingContext())) {
            dataEvent = ClientEventDecoder.RAW_DATA_EVENT.equals(delegate.getText());
        }
        if (token == JsonToken.VALUE_STRING && atRawPath(delegate.getParsingContext())) {
            long offset = delegate.currentTokenLocation().getByteOffset();
            long start = offset < 0 ? -1 : base + offset;
            int end = start < 0 || start >= data.length ? -1 : endOfString(data, (int) start);
            if (end > 0 && end - start - 1 <= ClientEventDecoder.MAX_SDP_CHARS) {
                raw = JsonStringLiteral.within(data, (int) start, end);
                return JsonToken.VALUE_EMBEDDED_OBJECT;
            }
        }
        return token;
    }

    @Override
    public JsonToken currentToken() {
        return raw != null ? JsonToken.VALUE_EMBEDDED_OBJECT : delegate.currentToken();
    }

    @Override
    @Deprecated
    public JsonToken getCurrentToken() {
        return currentToken();
    }

    @Override
    public int currentTokenId() {
        return raw != null ? JsonTokenId.ID_EMBEDDED_OBJECT : delegate.currentTokenId();
    }

    @Override
    @Deprecated
    public int getCurrentTokenId() {
        return currentTokenId();
    }

    @Override
    public boolean hasToken(JsonToken t) {
        return currentToken() == t;
    }

    @Override
    public boolean hasTokenId(int id) {
        return currentTokenId() == id;
    }

    @Override
    public Object getEmbeddedObject() throws IOException {
        return raw != null ? raw : delegate.getEmbeddedObject();
    }

    /** Element 0 of the root array: the event's name. */
    private static boolean atEventName(JsonStreamContext c) {
        return c.inArray()
                && c.getCurrentIndex() == 0
                && c.getParent() != null
                && c.getParent().inRoot();
    }

    /** The payload's {@link ClientEventDecoder#RAW_DATA} field: {@code c} is the object holding it, element 1 of the root. */
    private static boolean atDataPath(JsonStreamContext c) {
        return c != null
                && c.inObject()
                && ClientEventDecoder.RAW_DATA.equals(c.getCurrentName())
                && c.getParent() != null
                && c.getParent().inArray()
                && c.getParent().getCurrentIndex() == 1
                && c.getParent().getParent() != null
                && c.getParent().getParent().inRoot();
    }

    /** The string value's context chain, innermost first: the field names of PATH, then element 1 of the root array. */
    private static boolean atRawPath(JsonStreamContext context) {
        JsonStreamContext c = context;
        for (int i = PATH.length - 1; i >= 0; i--) {
            if (c == null || !c.inObject() || !PATH[i].equals(c.getCurrentName())) {
                return false;
            }
            c = c.getParent();
        }
        return c != null
                && c.inArray()
                && c.getCurrentIndex() == 1
                && c.getParent() != null
                && c.getParent().inRoot();
    }

    /** The index of the closing quote of the JSON string whose opening quote is at {@code start}; -1 if none. */
    static int endOfString(byte[] data, int start) {
        if (data[start] != '"') {
            return -1;
        }
        int quote = indexOfQuote(data, start + 1);
        while (quote > 0) {
            int backslashes = 0;
            while (data[quote - 1 - backslashes] == '\\') {
                backslashes++;
            }
            if (backslashes % 2 == 0) {
                return quote;
            }
            quote = indexOfQuote(data, quote + 1);
        }
        return -1;
    }

    /**
     * The next {@code '"'} from {@code from}, or -1. Eight bytes at a time (a zero byte in {@code word ^ QUOTES} is a
     * quote): an SDP has two escapes a line, so walking it byte by byte cost more than parsing it.
     */
    static int indexOfQuote(byte[] data, int from) {
        int i = from;
        for (; i + Long.BYTES <= data.length; i += Long.BYTES) {
            long x = (long) LONGS.get(data, i) ^ QUOTES;
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < data.length; i++) {
            if (data[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static String[] segments(JsonPointer pointer) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (JsonPointer p = pointer; !p.matches(); p = p.tail()) {
            names.add(p.getMatchingProperty());
        }
        return names.toArray(String[]::new);
    }
}
