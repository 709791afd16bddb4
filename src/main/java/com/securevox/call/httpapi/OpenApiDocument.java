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
 * which the build copies into the jar. It is read and turned into JSON when first asked for, not at start: reading
 * YAML costs the better part of a second on a cold JVM, which a starting server (issue 17) should not spend on a page
 * few ask for. OpenApiDocumentTest holds that the copy in the jar parses.
 */
final class OpenApiDocument {
    static final String ROUTE = "/api/openapi.json";
    static final String RESOURCE = "/openapi/openapi.yaml";

    private final ObjectMapper json;
    /** The document as JSON, once read; guarded by this. */
    private byte[] loaded;

    OpenApiDocument(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Cached for a minute: the document changes only with the jar, and tools that read it (viewers, code generators)
     * ask for it often. Runs off the I/O threads, like every route that may block.
     */
    ApiResponse response() {
        return new ApiResponse(
                200, json(), Map.of("content-type", ApiResponse.JSON, "cache-control", "public, max-age=60"));
    }

    private synchronized byte[] json() {
        if (loaded == null) {
            loaded = read();
        }
        return loaded;
    }

    private byte[] read() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("OpenAPI document: " + RESOURCE
                        + " missing from the class path (expected: copied from docs/openapi.yaml by the build)");
            }
            JsonNode document = new YAMLMapper().readTree(in);
            return json.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException("OpenAPI document: " + RESOURCE + " is not readable YAML", e);
        }
    }
}
