package com.securevox.call.httpapi;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The files the server serves besides the API: the browser SDK, the socket.io client it imports and, when enabled,
 * the demo call page. They come from the jar's {@code static/} resources and are read once at start-up, so serving
 * one never touches the disk. Only the paths listed here exist: a request path is looked up, never resolved against a
 * directory, so there is nothing to traverse.
 */
public final class StaticFiles {
    private static final String JS = "text/javascript; charset=utf-8";
    private static final String CSS = "text/css; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String PREFIX = "static/";

    private final Map<String, StaticAsset> assets;

    private StaticFiles(Map<String, StaticAsset> assets) {
        this.assets = Map.copyOf(assets);
    }

    /**
     * Reads the files from the class path.
     *
     * @param demo whether {@code /} serves the demo page
     * @throws IllegalStateException when a file is missing from the build
     */
    public static StaticFiles load(boolean demo) {
        ClassLoader loader = StaticFiles.class.getClassLoader();
        Map<String, StaticAsset> assets = new LinkedHashMap<>();
        assets.put("/sdk/securevox-call.js", read(loader, "sdk/securevox-call.js", JS));
        assets.put("/sdk/sfu.js", read(loader, "sdk/sfu.js", JS));
        assets.put("/sdk/device.js", read(loader, "sdk/device.js", JS));
        assets.put("/sdk/e2ee.js", read(loader, "sdk/e2ee.js", JS));
        assets.put("/sdk/e2ee-media.js", read(loader, "sdk/e2ee-media.js", JS));
        assets.put("/sdk/e2ee-worker.js", read(loader, "sdk/e2ee-worker.js", JS));
        assets.put("/sdk/quality.js", read(loader, "sdk/quality.js", JS));
        assets.put("/sdk/socket.io.esm.min.js", read(loader, "sdk/socket.io.esm.min.js", JS));
        if (demo) {
            assets.put("/", read(loader, "demo/index.html", HTML));
            assets.put("/demo/demo.js", read(loader, "demo/demo.js", JS));
            assets.put("/demo/ring.js", read(loader, "demo/ring.js", JS));
            assets.put("/demo/demo.css", read(loader, "demo/demo.css", CSS));
        }
        return new StaticFiles(assets);
    }

    /**
     * The admin dashboard's pages, scripts and styles, served by {@link AdminRoutes} (which decides who may have
     * them), never by the open static route.
     */
    static StaticFiles admin() {
        ClassLoader loader = StaticFiles.class.getClassLoader();
        Map<String, StaticAsset> assets = new LinkedHashMap<>();
        assets.put(AdminRoutes.PAGE, read(loader, "admin/index.html", HTML));
        assets.put(AdminRoutes.SIGN_IN_PAGE, read(loader, "admin/sign-in.html", HTML));
        assets.put("/admin/admin.js", read(loader, "admin/admin.js", JS));
        assets.put("/admin/timeline.js", read(loader, "admin/timeline.js", JS));
        assets.put("/admin/sign-in.js", read(loader, "admin/sign-in.js", JS));
        assets.put("/admin/admin.css", read(loader, "admin/admin.css", CSS));
        // uPlot, vendored from npm (its version is pinned in src/test/e2e's lockfile, which a test holds it to).
        assets.put("/admin/vendor/uPlot.esm.js", read(loader, "admin/vendor/uPlot.esm.js", JS));
        assets.put("/admin/vendor/uPlot.min.css", read(loader, "admin/vendor/uPlot.min.css", CSS));
        return new StaticFiles(assets);
    }

    /** No files at all: an API-only server. */
    public static StaticFiles none() {
        return new StaticFiles(Map.of());
    }

    Optional<StaticAsset> find(String path) {
        return Optional.ofNullable(assets.get(path));
    }

    private static StaticAsset read(ClassLoader loader, String name, String contentType) {
        try (InputStream in = loader.getResourceAsStream(PREFIX + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + PREFIX + name
                        + ": missing from the class path (expected: copied there by the build)");
            }
            return StaticAsset.of(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("resource " + PREFIX + name + ": unreadable", e);
        }
    }
}
