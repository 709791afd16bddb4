package com.securevox.call.janus;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shared libraries Janus would load and we do not want: every plugin but the VideoRoom, every transport but
 * WebSockets, every event handler and external logger. Janus loads whatever its folders hold unless its
 * configuration names the file in a {@code disable} list, so the lists hold every module of Janus up to 1.4 by name
 * and, where the folders can be found next to the program, whatever else they hold (a newer Janus's new plugin).
 *
 * @param plugins file names for {@code plugins.disable}
 * @param transports file names for {@code transports.disable}
 * @param events file names for {@code events.disable}
 * @param loggers file names for {@code loggers.disable}
 */
public record JanusModules(List<String> plugins, List<String> transports, List<String> events, List<String> loggers) {
    public static final String VIDEOROOM = "libjanus_videoroom.so";
    public static final String WEBSOCKETS = "libjanus_websockets.so";

    private static final List<String> KNOWN_PLUGINS = names(
            "audiobridge",
            "duktape",
            "echotest",
            "lua",
            "nosip",
            "recordplay",
            "sip",
            "streaming",
            "textroom",
            "videocall",
            "voicemail");
    private static final List<String> KNOWN_TRANSPORTS = names("http", "mqtt", "nanomsg", "pfunix", "rabbitmq");
    private static final List<String> KNOWN_EVENTS =
            names("gelfevh", "mqttevh", "nanomsgevh", "rabbitmqevh", "sampleevh", "wsevh");
    private static final List<String> KNOWN_LOGGERS = names("jsonlog");

    public JanusModules {
        plugins = List.copyOf(plugins);
        transports = List.copyOf(transports);
        events = List.copyOf(events);
        loggers = List.copyOf(loggers);
        if (plugins.contains(VIDEOROOM) || transports.contains(WEBSOCKETS)) {
            throw new IllegalArgumentException("janus modules: the VideoRoom or WebSockets disabled (expected: kept)");
        }
    }

    /** Every known module but the two we use. */
    public static JanusModules known() {
        return new JanusModules(KNOWN_PLUGINS, KNOWN_TRANSPORTS, KNOWN_EVENTS, KNOWN_LOGGERS);
    }

    /**
     * The known modules plus those found in Janus's folders next to {@code binary}: {@code <prefix>/lib/janus/…} (a
     * build from source) or {@code <prefix>/lib/<multiarch>/janus/…} (Debian), {@code <prefix>} being the parent of
     * the program's {@code bin}.
     */
    public static JanusModules near(Path binary) {
        List<Path> roots = roots(binary);
        return new JanusModules(
                union(KNOWN_PLUGINS, roots, "plugins", VIDEOROOM),
                union(KNOWN_TRANSPORTS, roots, "transports", WEBSOCKETS),
                union(KNOWN_EVENTS, roots, "events", ""),
                union(KNOWN_LOGGERS, roots, "loggers", ""));
    }

    private static List<Path> roots(Path binary) {
        Path real;
        try {
            real = binary.toRealPath();
        } catch (IOException e) {
            return List.of(); // not a path we can see (a bare name, or missing): the start names it
        }
        Path prefix = real.getParent() == null ? null : real.getParent().getParent();
        if (prefix == null) {
            return List.of();
        }
        List<Path> roots = new java.util.ArrayList<>();
        roots.add(prefix.resolve("lib/janus"));
        try (DirectoryStream<Path> libs = Files.newDirectoryStream(prefix.resolve("lib"), Files::isDirectory)) {
            libs.forEach(lib -> roots.add(lib.resolve("janus")));
        } catch (IOException e) {
            // no lib folder: the known names alone
        }
        return roots.stream().filter(Files::isDirectory).toList();
    }

    private static List<String> union(List<String> known, List<Path> roots, String kind, String keep) {
        Set<String> names = new TreeSet<>(known);
        for (Path root : roots) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(root.resolve(kind), "*.so")) {
                files.forEach(file -> names.add(file.getFileName().toString()));
            } catch (IOException e) {
                // no such folder
            }
        }
        names.remove(keep);
        return List.copyOf(names);
    }

    private static List<String> names(String... modules) {
        return java.util.Arrays.stream(modules)
                .map(m -> "libjanus_" + m + ".so")
                .toList();
    }
}
