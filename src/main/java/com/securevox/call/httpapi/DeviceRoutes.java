package com.securevox.call.httpapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.Ids;
import com.securevox.call.push.ApnsEnvironment;
import com.securevox.call.push.Device;
import com.securevox.call.push.DeviceRegistration;
import com.securevox.call.push.DeviceRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST}/{@code GET /api/users/{userId}/devices} and {@code DELETE /api/users/{userId}/devices/{id}}: a trusted
 * backend registers, lists and removes a user's push devices. Tokens are never shown whole, only their last
 * characters. The registry blocks on the database; {@link HttpApi} runs off the I/O threads.
 */
final class DeviceRoutes {
    private static final Logger log = LoggerFactory.getLogger(DeviceRoutes.class);
    private static final String PREFIX = "/api/users/";
    private static final String DEVICES = "/devices";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final String LIST_ROUTE = "/api/users/{userId}/devices";
    static final String ONE_ROUTE = "/api/users/{userId}/devices/{id}";

    private final DeviceRegistry registry;
    private final JsonBody bodies;
    private final BiFunction<Integer, Object, ApiResponse> respond;

    /** @param respond the API's JSON response for a status and a body */
    DeviceRoutes(DeviceRegistry registry, ObjectMapper json, BiFunction<Integer, Object, ApiResponse> respond) {
        this.registry = registry;
        this.bodies = new JsonBody(json, DeviceRequest.EXAMPLE);
        this.respond = respond;
    }

    /** The route's label when the path is one of these routes. */
    static Optional<String> routeOf(String path) {
        return parse(path).map(p -> p.id().isPresent() ? ONE_ROUTE : LIST_ROUTE);
    }

    /** The user and, for one device, its id: {@code /api/users/{userId}/devices[/{id}]}. */
    private record DevicePath(String userId, Optional<String> id) {}

    private static Optional<DevicePath> parse(String path) {
        if (!path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String userId = rest.substring(0, slash);
        String tail = rest.substring(slash);
        if (tail.equals(DEVICES)) {
            return Optional.of(new DevicePath(userId, Optional.empty()));
        }
        if (tail.startsWith(DEVICES + "/") && tail.length() > DEVICES.length() + 1) {
            String id = tail.substring(DEVICES.length() + 1);
            return id.contains("/") ? Optional.empty() : Optional.of(new DevicePath(userId, Optional.of(id)));
        }
        return Optional.empty();
    }

    /** Answers a request whose path {@link #routeOf} matched; the caller has checked the API key. */
    ApiResponse handle(ApiRequest request) {
        DevicePath path = parse(request.path()).orElseThrow();
        if (!Ids.isValid(path.userId())) {
            throw new HttpApiException(HttpError.INVALID_QUERY, Ids.problem("userId", path.userId()));
        }
        if (path.id().isEmpty()) {
            return switch (request.method()) {
                case "POST" -> register(path.userId(), request);
                case "GET", "HEAD" ->
                    respond.apply(
                            200,
                            new Devices(read(() -> registry.devices(path.userId())).stream()
                                    .map(DeviceView::of)
                                    .toList()));
                default -> throw notAllowed(request, "GET or POST");
            };
        }
        String id = path.id().get();
        if (!request.method().equals("DELETE")) {
            throw notAllowed(request, "DELETE");
        }
        if (!ID.matcher(id).matches()) {
            throw new HttpApiException(
                    HttpError.INVALID_QUERY, "id: " + shown(id) + " (expected: the id of a device, a lower-case UUID)");
        }
        if (!read(() -> registry.remove(path.userId(), id))) {
            throw new HttpApiException(
                    HttpError.NOT_FOUND, "id: '" + id + "' is no device of user '" + path.userId() + "'");
        }
        log.info("device removed userId={} device={} by=backend", path.userId(), id);
        return new ApiResponse(204, new byte[0], Map.of("cache-control", "no-store"));
    }

    private ApiResponse register(String userId, ApiRequest request) {
        DeviceRegistration registration = DeviceRequest.parse(bodies, request.body(), userId);
        Device device = read(() -> registry.register(registration));
        log.info("device registered {} by=backend", device);
        return respond.apply(201, DeviceView.of(device));
    }

    private static <T> T read(java.util.function.Supplier<T> query) {
        return DatabaseReads.read("the device registry", query);
    }

    private static HttpApiException notAllowed(ApiRequest request, String expected) {
        return new HttpApiException(
                HttpError.METHOD_NOT_ALLOWED,
                "method " + request.method() + " on " + request.path() + " (expected: " + expected + ")");
    }

    private static String shown(String value) {
        return "'" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'";
    }

    record Devices(List<DeviceView> devices) {}

    /** A device as the API shows it: the token's last characters only. */
    record DeviceView(
            String id,
            String userId,
            String platform,
            String appId,
            String environment,
            long registeredAt,
            String tokenSuffix) {
        static DeviceView of(Device d) {
            return new DeviceView(
                    d.id(),
                    d.userId(),
                    d.platform().wireName(),
                    d.appId().orElse(null),
                    d.environment().map(ApnsEnvironment::wireName).orElse(null),
                    d.registeredAt().toEpochMilli(),
                    d.tokenSuffix());
        }
    }
}
