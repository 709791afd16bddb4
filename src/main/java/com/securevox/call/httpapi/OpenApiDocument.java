package com.securevox.call.httpapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code GET /api/openapi.json}: the REST API's OpenAPI 3.1 description. Its one source is {@code docs/openapi.yaml},
 * which the build copies into the jar; it is read and turned into JSON once, at start, so a broken document stops the
 * server from starting rather than failing the route later.
 */
final class OpenApiDocument {
    static final String ROUTE = "/api/openapi.json";
    static final String RESOURCE = "/openapi/openapi.yaml";

    private final byte[] json;

    private OpenApiDocument(byte[] json) {
        this.json = json;
    }

    /** The document in the jar (or on the test class path). */
    static OpenApiDocument load(ObjectMapper json) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("OpenAPI document: " + RESOURCE
                        + " missing from the class path (expected: copied from" + " docs/openapi.yaml by the build)");
            }
            JsonNode document = new YAMLMapper().readTree(in);
            return new OpenApiDocument(json.writeValueAsBytes(document));
        } catch (IOException e) {
            throw new UncheckedIOException("OpenAPI document: " + RESOURCE + " is not readable YAML", e);
        }
    }

    /**
     * Cached for a minute: the document changes only with the jar, and tools that read it (viewers, code generators)
     * ask for it often.
     */
    ApiResponse response() {
        return new ApiResponse(
                200, json, Map.of("content-type", ApiResponse.JSON, "cache-control", "public, max-age=60"));
    }
}
