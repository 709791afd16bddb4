package com.securevox.call.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.json.JSONObject;

/** Small HTTP helpers over the JDK client for the black-box tests. */
public final class Http {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {}

    public record Response(int status, String body) {
        public JSONObject json() {
            return new JSONObject(body);
        }
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

    /** Mints a call token through the API with the test API key. */
    public static String token(ServerProcess server, String userId, String sessionId) {
        Response response = post(
                server.url() + "/api/call/token",
                new JSONObject()
                        .put("userId", userId)
                        .put("sessionId", sessionId)
                        .toString(),
                "Authorization",
                "Bearer " + ServerProcess.API_KEY);
        if (response.status() != 200) {
            throw new AssertionError("token: " + response);
        }
        return response.json().getString("token");
    }

    private static Response send(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response =
                    CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
