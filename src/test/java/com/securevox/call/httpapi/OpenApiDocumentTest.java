package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.securevox.call.auth.CallTokens;
import com.securevox.call.it.OpenApiContract;
import com.securevox.call.ring.DevicePresence;
import com.securevox.call.ring.RingNodes;
import com.securevox.call.ring.RingPush;
import com.securevox.call.ring.Rings;
import com.securevox.call.testing.ManualScheduler;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenAPI document ({@code docs/openapi.yaml}): a valid OpenAPI 3.1 document, served as JSON at
 * {@code /api/openapi.json}, describing exactly the router's routes with exactly their methods. Whether the bodies it
 * describes are the server's is held by {@link OpenApiContract} on every response the black-box tests receive.
 */
class OpenApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "openapi-document-test-api-key";
    private static final List<String> METHODS = List.of("GET", "POST", "DELETE", "PUT", "PATCH");
    /** A value of each path parameter, of the form the route expects. */
    private static final Map<String, String> SAMPLES = Map.of(
            "{sessionId}", "call_1",
            "{userId}", "alice",
            "{name}", "alice-camera.webm");

    private static final HttpApi API = api();

    private static HttpApi api() {
        Clock clock = Clock.systemUTC();
        CallTokens tokens = new CallTokens(new byte[32], Duration.ofHours(1), clock);
        Rings rings = new Rings(
                new DevicePresence(),
                (to, notice) -> {},
                fact -> {},
                RingPush.NONE,
                userIds -> Set.of(),
                sessionId -> Set.of(),
                new ManualScheduler(),
                clock,
                Duration.ofSeconds(45),
                Duration.ofSeconds(10),
                Duration.ofHours(1),
                RingNodes.NONE);
        return TestHttpApi.with(tokens, API_KEY).devTokens(true).rings(rings).build();
    }

    private static String yaml() throws IOException {
        return Files.readString(Path.of("docs/openapi.yaml"));
    }

    @Test
    void isAValidOpenApi31Document() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(yaml(), null, options);

        assertThat(parsed.getMessages()).as("what the parser found wrong").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1.");
        assertThat(parsed.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void isServedAsJsonWithoutCredentials() throws IOException {
        ApiResponse response =
                API.handle(new ApiRequest("GET", OpenApiDocument.ROUTE, Map.of(), new byte[0], "127.0.0.1"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("content-type", "application/json; charset=utf-8");
        assertThat(JSON.readTree(response.body())).isEqualTo(new YAMLMapper().readTree(yaml()));
    }

    @Test
    void theJarServesTheDocumentOfTheRepository() throws IOException {
        try (InputStream copied = OpenApiDocument.class.getResourceAsStream(OpenApiDocument.RESOURCE)) {
            assertThat(copied).as(OpenApiDocument.RESOURCE).isNotNull();
            assertThat(new String(copied.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(yaml());
        }
    }

    @Test
    void describesExactlyTheRoutesOfTheRouter() throws IOException {
        JsonNode paths = new YAMLMapper().readTree(yaml()).get("paths");
        List<String> documented = paths.propertyStream().map(Map.Entry::getKey).toList();

        assertThat(documented).containsExactlyInAnyOrderElementsOf(RouteLabels.ROUTES);
    }

    static Stream<Arguments> routes() {
        return RouteLabels.ROUTES.stream().map(Arguments::of);
    }

    /** The router takes each route's sample path for that route, so the document's templates are the router's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void eachRouteIsTheRoutersNameForItsPaths(String route) {
        assertThat(new RouteLabels(true, true, StaticFiles.load(false)).of(sample(route), 200))
                .isEqualTo(route);
    }

    /**
     * Each route answers the methods the document gives it and 405 to the others; every answer, whatever the status,
     * is one the document describes (checked by the same validator as the black-box tests' responses).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void answersTheDocumentedMethodsAndOnlyThose(String route) throws IOException {
        JsonNode item = OpenApiContract.get().document().get("paths").get(route);
        for (String method : METHODS) {
            String path = sample(route);
            ApiResponse response = call(method, path, "{}");
            Map<String, List<String>> headers = new HashMap<>();
            response.headers().forEach((k, v) -> headers.put(k, List.of(v)));
            OpenApiContract.get()
                    .check(
                            method,
                            path,
                            response.status(),
                            headers,
                            new String(response.body(), StandardCharsets.UTF_8));
            boolean documented = item.has(method.toLowerCase(java.util.Locale.ROOT));
            if (documented) {
                assertThat(response.status()).as(method + " " + path).isNotEqualTo(405);
                if (response.status() == 404) {
                    assertThat(JSON.readTree(response.body())
                                    .at("/error/message")
                                    .asText())
                            .as(method + " " + path)
                            .doesNotStartWith("no route for");
                }
            } else {
                assertThat(response.status()).as(method + " " + path).isEqualTo(405);
            }
        }
    }

    private static String sample(String route) {
        String path = route;
        for (Map.Entry<String, String> e : SAMPLES.entrySet()) {
            path = path.replace(e.getKey(), e.getValue());
        }
        String id = route.startsWith("/api/recordings/")
                ? "rec_0123456789abcdef01234567"
                : "0a1b2c3d-0000-4000-8000-000000000000";
        return path.replace("{id}", id);
    }

    private static ApiResponse call(String method, String path, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("authorization", "Bearer " + API_KEY);
        return API.handle(new ApiRequest(method, path, headers, body.getBytes(StandardCharsets.UTF_8), "127.0.0.1"));
    }
}
