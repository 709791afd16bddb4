package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The validator the black-box tests hold every response to: it passes what the document says and nothing else. */
class OpenApiContractTest {
    private static final String JSON = "application/json; charset=utf-8";
    private static final String NOT_FOUND =
            "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no route for /api/nope\"}}";

    private static void check(String method, String path, int status, String contentType, String body) {
        Map<String, List<String>> headers =
                contentType.isEmpty() ? Map.of() : Map.of("Content-Type", List.of(contentType));
        OpenApiContract.get().check(method, path, status, headers, body);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "GET    | /ready                | 200 | {\"status\":\"ready\"}",
                "HEAD   | /ready                | 200 | ''",
                "GET    | /ready                | 200 | {\"status\":\"ready\",\"degraded\":[\"redis\"]}",
                "GET    | /ready                | 503 | {\"status\":\"draining\",\"degraded\":[\"database\",\"sfu\"]}",
                "GET    | /api/nope             | 404 | " + NOT_FOUND,
                "POST   | /ready                | 405 | {\"error\":{\"code\":\"METHOD_NOT_ALLOWED\",\"message\":\"m\"}}",
                "POST   | /api/call/token       | 413 | {\"error\":{\"code\":\"PAYLOAD_TOO_LARGE\",\"message\":\"m\"}}",
                "GET    | /api/calls/call_1     | 404 | {\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"m\"}}",
                "OPTIONS| /api/call/token       | 204 | ''",
            })
    void passesWhatTheDocumentDescribes(String method, String path, int status, String body) {
        assertThatCode(() -> check(method, path, status, JSON, body)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} {1} {2}: {4}")
    @CsvSource(
            delimiter = '|',
            value = {
                "GET  | /ready          | 200 | {\"status\":\"ready\",\"extra\":1}                   | does not match",
                "GET  | /ready          | 200 | {\"status\":\"resting\"}                            | does not match",
                "GET  | /ready          | 200 | {\"status\":\"ready\",\"degraded\":[\"disk\"]}             | does not match",
                "GET  | /ready          | 200 | {\"status\":\"ready\",\"degraded\":[]}                   | does not match",
                "GET  | /ready          | 418 | {\"status\":\"ready\"}                              | lists [200, 503]",
                "GET  | /api/nope       | 200 | {}                                                   | no route of the document",
                "POST | /ready          | 200 | {\"status\":\"ready\"}                              | has no POST",
                "GET  | /api/calls/c    | 404 | {\"error\":{\"code\":\"GONE\",\"message\":\"m\"}}   | does not match",
                "GET  | /api/calls/c    | 404 | {\"error\":{\"code\":\"NOT_FOUND\"}}                 | does not match",
                "GET  | /api/calls/c    | 413 | {\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"m\"}} | none of the route's",
                "GET  | /health         | 200 | not json                                             | not JSON",
            })
    void failsWhatItDoesNot(String method, String path, int status, String body, String problem) {
        assertThatThrownBy(() -> check(method, path, status, JSON, body))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("docs/openapi.yaml")
                .hasMessageContaining(problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a part                       | video/webm | bytes 0-4/10 | ''",
                "a part without Content-Range | video/webm | ''           | header Content-Range missing",
                "a malformed Content-Range    | video/webm | 0-4          | header Content-Range: 0-4",
                "a text body                  | text/plain | bytes 0-4/10 | content type text/plain",
            })
    void checksHeadersAndContentTypes(String what, String contentType, String range, String problem) {
        Map<String, List<String>> headers = new java.util.HashMap<>(
                Map.of("content-type", List.of(contentType), "accept-ranges", List.of("bytes")));
        if (!range.isEmpty()) {
            headers.put("content-range", List.of(range));
        }
        String path = "/api/recordings/rec_0123456789abcdef01234567/files/a.webm";
        if (problem.isEmpty()) {
            assertThatCode(() -> OpenApiContract.get().check("GET", path, 206, headers, "bytes"))
                    .doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> OpenApiContract.get().check("GET", path, 206, headers, "bytes"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining(problem);
        }
    }
}
