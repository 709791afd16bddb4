package com.securevox.call.httpapi;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads a REST request body as exactly one JSON object, refusing with {@code INVALID_PAYLOAD} what a lenient parser
 * would quietly make something of: a key given twice (which value counts would depend on the parser, so this server
 * and a proxy or backend that also reads the body could disagree) and anything after the object.
 */
final class JsonBody {
    private static final int SHOWN_MAX = 40;

    private final ObjectReader reader;
    private final String example;

    /**
     * @param json the application's mapper; the reader made from it adds the strict features without changing it
     * @param example what a valid body looks like, for messages, such as {@code {"userId", "sessionId", "role"}}
     */
    JsonBody(ObjectMapper json, String example) {
        this.reader = json.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        this.example = example;
    }

    /**
     * The body's object.
     *
     * @throws HttpApiException {@code INVALID_PAYLOAD} naming the problem: empty, not JSON, a duplicate key, not an
     *     object, or content after the object
     */
    ObjectNode object(byte[] body) {
        try (JsonParser parser = reader.createParser(body)) {
            JsonNode root = root(parser);
            if (root == null || root.isMissingNode()) {
                throw invalid("body: empty (expected: a JSON object like " + example + ")");
            }
            if (!(root instanceof ObjectNode object)) {
                throw invalid(
                        "body: " + root.getNodeType().name().toLowerCase(Locale.ROOT) + " (expected: a JSON object)");
            }
            // What DeserializationFeature.FAIL_ON_TRAILING_TOKENS checks, done here so that the message can tell
            // "after the object" from "inside it" even when what follows is not JSON at all.
            if (trailing(parser)) {
                throw invalid("body: unexpected content after the JSON object (expected: one JSON object)");
            }
            return object;
        } catch (IOException e) {
            // Opening the parser guesses the encoding from the first bytes, and some are no encoding at all.
            throw notJson();
        }
    }

    private JsonNode root(JsonParser parser) {
        try {
            return reader.readTree(parser);
        } catch (JsonParseException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                throw invalid("body: duplicate key '"
                        + shown(parser.getParsingContext().getCurrentName()) + "' (expected: each key once)");
            }
            throw notJson();
        } catch (IOException e) {
            // Also byte sequences that are no Unicode encoding at all (CharConversionException).
            throw notJson();
        }
    }

    private static boolean trailing(JsonParser parser) {
        try {
            return parser.nextToken() != null;
        } catch (IOException e) {
            return true; // not even a token: still something after the object
        }
    }

    private HttpApiException notJson() {
        return invalid("body: not valid JSON (expected: a JSON object like " + example + ")");
    }

    private static HttpApiException invalid(String message) {
        return new HttpApiException(HttpError.INVALID_PAYLOAD, message);
    }

    /** A key quoted in a message: cut short, and control characters escaped, since clients choose it. */
    private static String shown(String key) {
        if (key == null) {
            return "";
        }
        String cut = key.length() > SHOWN_MAX ? key.substring(0, SHOWN_MAX) + "…" : key;
        StringBuilder out = new StringBuilder();
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
