package com.securevox.call.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Holds every response the black-box tests receive from a REST route to {@code docs/openapi.yaml}, the document the
 * server serves at {@code /api/openapi.json}: the status must be one the operation lists, the content type one of its
 * media types, the body valid against its schema and the required headers present. So the document cannot drift from
 * what the server does: a test that meets an undescribed status, field or route fails, saying what differs.
 *
 * <p>Validator: {@code com.networknt:json-schema-validator} (maintained; JSON Schema 2020-12 with its OpenAPI 3.1
 * dialect, which is what 3.1 schemas are). Atlassian's {@code swagger-request-validator} and {@code openapi4j} read only
 * OpenAPI 3.0 (openapi4j is no longer maintained), so the operation lookup, a few lines, is here and the schemas are
 * the validator's. Schemas are validated in place in the document, so their {@code $ref}s resolve as in any tool.
 *
 * <p>Out of scope, as the document says: CORS preflights ({@code OPTIONS}), Socket.IO ({@code /socket.io/}) and the
 * static files (demo page, SDK), except that an error they answer must be the API's error body.
 */
public final class OpenApiContract {
    /** The document as the server has it (the build copies docs/openapi.yaml there). */
    public static final String RESOURCE = "/openapi/openapi.yaml";

    private static final String DOCUMENT_URI = "https://securevox.invalid/openapi.json";
    private static final String ERROR_SCHEMA = "#/components/schemas/Error";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract INSTANCE = load();

    private final JsonNode document;
    private final SchemaRegistry schemas;
    private final List<Route> routes;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    /** A path of the document: its template, and a pattern matching the concrete paths it stands for. */
    private record Route(String template, Pattern pattern, long parameters, JsonNode item) {}

    private OpenApiContract(JsonNode document) {
        this.document = document;
        this.schemas = SchemaRegistry.withDialect(
                Dialects.getOpenApi31(), b -> b.schemas(Map.of(DOCUMENT_URI, document.toString())));
        List<Route> found = new ArrayList<>();
        document.get("paths").properties().forEach(e -> found.add(route(e.getKey(), e.getValue())));
        // A literal path before a template that also matches it; then the most specific template.
        found.sort(Comparator.comparingLong(Route::parameters));
        this.routes = List.copyOf(found);
    }

    public static OpenApiContract get() {
        return INSTANCE;
    }

    private static OpenApiContract load() {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path (expected: copied from"
                        + " docs/openapi.yaml by process-resources)");
            }
            return new OpenApiContract(hoisted(new YAMLMapper().readTree(in)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document (as loaded, with response schemas moved to components; see {@link #hoisted}). */
    public JsonNode document() {
        return document;
    }

    /** The document's path templates, in no particular order. */
    public List<String> paths() {
        return routes.stream().map(Route::template).toList();
    }

    private static Route route(String template, JsonNode item) {
        StringBuilder regex = new StringBuilder();
        long parameters = 0;
        for (String part : template.split("(?=\\{)|(?<=})")) {
            if (part.startsWith("{") && part.endsWith("}")) {
                regex.append("[^/]+");
                parameters++;
            } else {
                regex.append(Pattern.quote(part));
            }
        }
        return new Route(template, Pattern.compile(regex.toString()), parameters, item);
    }

    /**
     * Response schemas written inline in an operation are moved under {@code components/schemas} (their
     * {@code $ref}s point into the document from its root, so they mean the same there): a path template's braces
     * cannot be in the JSON pointer of a schema's location, which is a URI fragment.
     */
    private static JsonNode hoisted(JsonNode document) {
        ObjectNode components = (ObjectNode) document.get("components").get("schemas");
        document.get("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    JsonNode responses = operation.getValue().get("responses");
                    if (responses == null) {
                        return;
                    }
                    responses.properties().forEach(response -> {
                        JsonNode content = response.getValue().get("content");
                        if (content == null) {
                            return;
                        }
                        content.properties().forEach(media -> {
                            JsonNode schema = media.getValue().get("schema");
                            if (schema != null && !isRef(schema)) {
                                String name = "inline_"
                                        + operation
                                                .getValue()
                                                .path("operationId")
                                                .asText() + "_" + response.getKey() + "_"
                                        + media.getKey().replaceAll("[^A-Za-z0-9]", "_");
                                components.set(name, schema);
                                ((ObjectNode) media.getValue())
                                        .set(
                                                "schema",
                                                JSON.createObjectNode().put("$ref", "#/components/schemas/" + name));
                            }
                        });
                    });
                }));
        return document;
    }

    private static boolean isRef(JsonNode schema) {
        return schema.size() == 1 && schema.has("$ref");
    }

    /**
     * Checks one response.
     *
     * @param method the request's method
     * @param path the request's path, without the query
     * @param headers the response's headers (names in any case)
     * @param body the response's body, empty for none
     * @throws AssertionError naming the request, the response and what the document says instead
     */
    public void check(String method, String path, int status, Map<String, List<String>> headers, String body) {
        String verb = method.toUpperCase(Locale.ROOT);
        if (verb.equals("OPTIONS") || path.startsWith("/socket.io/")) {
            return;
        }
        String request = verb + " " + path + " → " + status;
        Optional<String> contentType = first(headers, "content-type")
                .map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
        Optional<Route> route =
                routes.stream().filter(r -> r.pattern().matcher(path).matches()).findFirst();
        if (route.isEmpty()) {
            if (path.startsWith("/api/") && status != 404) {
                throw mismatch(request, "the path is no route of the document, yet it was not answered 404", body);
            }
            if (status >= 400) {
                validateError(request, contentType, body);
            }
            return;
        }
        String operationMethod = verb.equals("HEAD") ? "get" : verb.toLowerCase(Locale.ROOT);
        JsonNode operation = route.get().item().get(operationMethod);
        if (operation == null) {
            if (anyRouteError(request, status, contentType, body)) {
                return;
            }
            if (status != 405 && status != 404) {
                throw mismatch(
                        request,
                        route.get().template() + " has no " + verb + " in the document, yet it was not answered 405",
                        body);
            }
            validateError(request, contentType, body);
            return;
        }
        JsonNode responses = operation.get("responses");
        JsonNode response = responses.get(String.valueOf(status));
        if (response == null) {
            if (anyRouteError(request, status, contentType, body)) {
                return;
            }
            List<String> listed = new ArrayList<>();
            responses.fieldNames().forEachRemaining(listed::add);
            throw mismatch(
                    request,
                    verb + " " + route.get().template() + " lists " + listed + " (not " + status
                            + "; add it to docs/openapi.yaml if the server is right)",
                    body);
        }
        response = resolve(response);
        checkHeaders(request, response, headers, body);
        JsonNode content = response.get("content");
        if (content == null || content.isEmpty()) {
            if (!body.isEmpty()) {
                throw mismatch(request, "the document describes no body for it", body);
            }
            return;
        }
        if (contentType.isEmpty() || !content.has(contentType.get())) {
            List<String> types = new ArrayList<>();
            content.fieldNames().forEachRemaining(types::add);
            throw mismatch(
                    request,
                    "content type " + contentType.orElse("(none)") + " (expected: one of " + types + ")",
                    body);
        }
        if (body.isEmpty() && verb.equals("HEAD")) {
            return;
        }
        JsonNode schema = content.get(contentType.get()).get("schema");
        if (schema != null && isJson(contentType.get())) {
            validate(request, schema.get("$ref").asText(), body);
        }
    }

    /**
     * Whether the response is an error the document says any request may meet before it reaches its route
     * ({@code x-securevox-any-route-errors}: status → codes), checked as such.
     */
    private boolean anyRouteError(String request, int status, Optional<String> contentType, String body) {
        JsonNode codes = document.path("x-securevox-any-route-errors").get(String.valueOf(status));
        if (codes == null) {
            return false;
        }
        validateError(request, contentType, body);
        String code = json(body).path("error").path("code").asText();
        for (JsonNode listed : codes) {
            if (listed.asText().equals(code)) {
                return true;
            }
        }
        throw mismatch(
                request,
                "error code " + code + " is none of the route's nor those any route may answer " + status + " with ("
                        + codes + ")",
                body);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void checkHeaders(String request, JsonNode response, Map<String, List<String>> headers, String body) {
        JsonNode described = response.get("headers");
        if (described == null) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = described.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            JsonNode spec = resolve(header.getValue());
            Optional<String> value = first(headers, header.getKey());
            if (value.isEmpty()) {
                if (spec.path("required").asBoolean(false)) {
                    throw mismatch(request, "header " + header.getKey() + " missing (the document requires it)", body);
                }
                continue;
            }
            List<Error> errors = schemas.getSchema(spec.get("schema").toString(), InputFormat.JSON)
                    .validate(JSON.getNodeFactory().textNode(value.get()).toString(), InputFormat.JSON);
            if (!errors.isEmpty()) {
                throw mismatch(request, "header " + header.getKey() + ": " + value.get() + ": " + errors, body);
            }
        }
    }

    private void validateError(String request, Optional<String> contentType, String body) {
        if (contentType.isEmpty() || !isJson(contentType.get())) {
            throw mismatch(request, "an error without the API's JSON error body", body);
        }
        validate(request, ERROR_SCHEMA, body);
    }

    private void validate(String request, String ref, String body) {
        Schema schema = compiled.computeIfAbsent(ref, r -> schemas.getSchema(SchemaLocation.of(DOCUMENT_URI + r)));
        List<Error> errors;
        try {
            errors = schema.validate(body, InputFormat.JSON);
        } catch (RuntimeException e) {
            throw mismatch(request, "the body is not JSON (" + e.getMessage() + ")", body);
        }
        if (!errors.isEmpty()) {
            throw mismatch(request, "the body does not match " + ref + ": " + errors, body);
        }
    }

    /** A response or header object, through its {@code $ref} into the document's components. */
    private JsonNode resolve(JsonNode node) {
        if (!node.has("$ref")) {
            return node;
        }
        return document.at(node.get("$ref").asText().substring(1));
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        Map<String, List<String>> any = new HashMap<>();
        headers.forEach((k, v) -> any.put(k.toLowerCase(Locale.ROOT), v));
        return Optional.ofNullable(any.get(name.toLowerCase(Locale.ROOT)))
                .flatMap(v -> v.stream().findFirst());
    }

    private static AssertionError mismatch(String request, String problem, String body) {
        String shown = body.length() > 600 ? body.substring(0, 600) + "…" : body;
        return new AssertionError("OpenAPI (docs/openapi.yaml): " + request + ": " + problem + "; body: " + shown);
    }
}
