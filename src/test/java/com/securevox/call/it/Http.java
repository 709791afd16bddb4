package com.securevox.call.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.json.JSONObject;

/**
 * Small HTTP helpers over the JDK client for the black-box tests. Every response from one of the tests' servers is
 * held to the OpenAPI document ({@link OpenApiContract}): a response the document does not describe fails the test.
 */
public final class Http {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {}

    public record Response(int status, String body, Map<String, List<String>> headers) {
        public JSONObject json() {
            return new JSONObject(body);
        }

        /** The first value of a header (names are case-insensitive). */
        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /**
     * A {@code /metrics} scrape without the {@code node} label every series carries, so that a test can look for a
     * series without knowing the node's (often generated) id.
     */
    public static String metricsWithoutNode(String serverUrl) {
        return get(serverUrl + "/metrics")
                .body()
                .replaceAll("\\{node=\"[^\"]*\"}", "")
                .replaceAll("node=\"[^\"]*\",", "")
                .replaceAll(",node=\"[^\"]*\"", "");
    }

    public static Response get(String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        return send(request, headers);
    }

    public static Response post(String url, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(request, headers);
    }

    /** Any method, with an optional body (null: none). */
    public static Response request(String method, String url, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(request, headers);
    }

    /** Mints a call token through the API with the test API key. */
    public static String token(ServerProcess server, String userId, String sessionId) {
        return token(server, userId, sessionId, "participant");
    }

    /** Mints a call token for that role ({@code participant} or {@code host}). */
    public static String token(ServerProcess server, String userId, String sessionId, String role) {
        return mint(
                        server,
                        new JSONObject()
                                .put("userId", userId)
                                .put("sessionId", sessionId)
                                .put("role", role))
                .getString("token");
    }

    /** {@code POST /api/call/token} with the test API key; the whole 200 response. */
    public static JSONObject mint(ServerProcess server, JSONObject body) {
        Response response = post(
                server.url() + "/api/call/token", body.toString(), "Authorization", "Bearer " + ServerProcess.API_KEY);
        if (response.status() != 200) {
            throw new AssertionError("token: " + response);
        }
        return response.json();
    }

    /**
     * One raw HTTP/1.1 connection, for what the pooled client hides: which requests share a
     * connection, and requests to {@code /socket.io/} (whose connections the pool must not reuse).
     */
    public static final class Connection implements AutoCloseable {
        private final java.net.Socket socket;
        private final java.io.InputStream in;

        public Connection(ServerProcess server) {
            try {
                socket = new java.net.Socket("127.0.0.1", server.port());
                socket.setSoTimeout(10_000);
                in = new java.io.BufferedInputStream(socket.getInputStream());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Sends one request (keep-alive, the HTTP/1.1 default) and reads its response. {@code Host} is 127.0.0.1
         * unless {@code headers} name another (as a browser does for the name it resolved).
         */
        public Response send(String method, String path, String body, String... headers) {
            byte[] content = body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            boolean hostGiven = false;
            for (int i = 0; i + 1 < headers.length; i += 2) {
                hostGiven |= headers[i].equalsIgnoreCase("host");
            }
            if (!hostGiven) {
                head.append("Host: 127.0.0.1\r\n");
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(content.length).append("\r\n");
            }
            head.append("\r\n");
            try {
                socket.getOutputStream().write(head.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().write(content);
                socket.getOutputStream().flush();
                return checked(method, path, read());
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + " on a reused connection: " + e, e);
            }
        }

        private Response read() throws IOException {
            String status = line();
            if (status == null) {
                throw new IOException("the server closed the connection without a response");
            }
            Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                headers.computeIfAbsent(h.substring(0, colon).trim(), k -> new java.util.ArrayList<>())
                        .add(h.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(
                    headers.getOrDefault("content-length", List.of("0")).get(0));
            byte[] body = in.readNBytes(length);
            return new Response(
                    Integer.parseInt(status.split(" ")[1]),
                    new String(body, java.nio.charset.StandardCharsets.UTF_8),
                    headers);
        }

        private Response checked(String method, String path, Response response) {
            if (ServerProcess.serves(socket.getPort())) {
                OpenApiContract.get()
                        .check(method, path.split("\\?", 2)[0], response.status(), response.headers(), response.body());
            }
            return response;
        }

        private String line() throws IOException {
            StringBuilder out = new StringBuilder();
            for (int c = in.read(); c != -1; c = in.read()) {
                if (c == '\n') {
                    return out.toString().replace("\r", "");
                }
                out.append((char) c);
            }
            return out.isEmpty() ? null : out.toString();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static Response send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpRequest built = request.timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> response = CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
            if (ServerProcess.serves(built.uri().getPort())) {
                OpenApiContract.get()
                        .check(
                                built.method(),
                                built.uri().getPath(),
                                response.statusCode(),
                                response.headers().map(),
                                response.body());
            }
            return new Response(
                    response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
