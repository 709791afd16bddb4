package com.securevox.call.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw settings (config file overlaid by the environment) plus typed readers that record a problem and return the
 * default instead of throwing, so that one load reports every mistake.
 */
final class Settings {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
    private static final Pattern PORT_RANGE = Pattern.compile("([0-9]{1,5})-([0-9]{1,5})");
    private static final int SHOWN_MAX = 60;

    private final Map<String, String> values;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    /** Reads the file named by {@code SECUREVOX_CALL_CONFIG} in {@code env}, if any, and lays {@code env} over it. */
    static Settings read(Map<String, String> env) {
        Settings settings = new Settings(new HashMap<>());
        String file = env.get(ConfigKeys.CONFIG_FILE);
        if (file != null && !file.isBlank()) {
            settings.readFile(file.strip());
        }
        // A blank variable counts as unset: `FOO=` in a compose file means "no value", not "the empty value".
        env.forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                settings.values.put(key, value);
            }
        });
        new TreeSet<>(env.keySet())
                .stream()
                        .filter(key -> key.startsWith(ConfigKeys.PREFIX)
                                && !ConfigKeys.ALL.contains(key)
                                && !ConfigKeys.LAUNCHER.contains(key))
                        .forEach(key -> settings.warn(key + ": unknown setting, ignored (misspelt?)"));
        return settings;
    }

    private void readFile(String file) {
        Properties properties = new Properties();
        String problem = null;
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (InvalidPathException | NoSuchFileException e) {
            problem = "does not exist";
        } catch (AccessDeniedException e) {
            problem = "is not readable (permission denied)";
        } catch (CharacterCodingException e) {
            problem = "is not valid UTF-8";
        } catch (IOException e) {
            problem = Files.isDirectory(Path.of(file))
                    ? "is a directory"
                    : "cannot be read (" + e.getClass().getSimpleName() + ")";
        } catch (IllegalArgumentException e) {
            problem = "is not in KEY=value format (" + e.getMessage() + ")";
        }
        if (problem != null) {
            problem(ConfigKeys.CONFIG_FILE + ": " + shown(file) + " " + problem
                    + " (expected: a readable file of KEY=value lines)");
            return;
        }
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!ConfigKeys.ALL.contains(key)) {
                warn(ConfigKeys.CONFIG_FILE + ": " + shown(file) + " sets unknown key " + key
                        + ", ignored (misspelt?)");
            } else if (key.equals(ConfigKeys.CONFIG_FILE)) {
                warn(ConfigKeys.CONFIG_FILE + ": " + shown(file)
                        + " names another config file, ignored (files do not nest)");
            } else if (!properties.getProperty(key).isBlank()) {
                values.put(key, properties.getProperty(key));
            }
        }
    }

    /** The value of {@code key} without surrounding blanks; empty if unset or blank. */
    Optional<String> text(String key) {
        return Optional.ofNullable(values.get(key)).map(String::strip);
    }

    /** The value of {@code key} exactly as written: for secrets, where every character is part of the key. */
    Optional<String> exact(String key) {
        return Optional.ofNullable(values.get(key));
    }

    int integer(String key, int defaultValue, int min, int max) {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (DIGITS.matcher(value.get()).matches()) {
            int parsed = Integer.parseInt(value.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        }
        problem(key + ": " + shown(value.get()) + " (expected: an integer from " + min + " to " + max + ")");
        return defaultValue;
    }

    Duration duration(String key, Duration defaultValue, Duration min) {
        return duration(key, defaultValue, min, Durations.MAX);
    }

    /** A duration from {@code min} to {@code max}, both included; the default (and a problem) otherwise. */
    Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        Optional<Duration> parsed = Durations.parse(value.get());
        if (parsed.isEmpty()) {
            problem(key + ": " + shown(value.get()) + " (expected: a duration such as 10s, 500ms, 2m, 1h or PT10S)");
        } else if (parsed.get().compareTo(min) < 0) {
            problem(key + ": " + shown(value.get()) + " (expected: a duration of at least " + Durations.format(min)
                    + ")");
        } else if (parsed.get().compareTo(max) > 0) {
            problem(key + ": " + shown(value.get()) + " (expected: a duration of at most " + Durations.format(max)
                    + ")");
        } else {
            return parsed.get();
        }
        return defaultValue;
    }

    /** A size from 0 to {@link Sizes#MAX} ({@code 0} included); the default (and a problem) otherwise. */
    long size(String key, long defaultValue) {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        Optional<Long> parsed = Sizes.parse(value.get());
        if (parsed.isPresent()) {
            return parsed.get();
        }
        problem(key + ": " + shown(value.get()) + " (expected: a size such as 500MB, 2GB or 1TB (units of 1024), at"
                + " most " + Sizes.format(Sizes.MAX) + ", or 0 for no check)");
        return defaultValue;
    }

    /** {@code low-high} within 1024 to 65535; the default (and a problem naming it as an example) otherwise. */
    PortRange portRange(String key, PortRange defaultValue) {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        Matcher m = PORT_RANGE.matcher(value.get());
        if (m.matches()) {
            int low = Integer.parseInt(m.group(1));
            int high = Integer.parseInt(m.group(2));
            if (low >= PortRange.LOWEST && low <= high && high <= PortRange.HIGHEST) {
                return new PortRange(low, high);
            }
        }
        problem(key + ": " + shown(value.get()) + " (expected: low-high within " + PortRange.LOWEST + " to "
                + PortRange.HIGHEST + ", such as " + defaultValue + ")");
        return defaultValue;
    }

    /** 1/0 or true/false, in any case. */
    boolean flag(String key, boolean defaultValue) {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> {
                problem(key + ": " + shown(value.get()) + " (expected: 1 or 0, true or false)");
                yield defaultValue;
            }
        };
    }

    /**
     * One of an enum's constants, written as its lower-case name in any case; the default (and a problem listing the
     * choices) otherwise.
     */
    <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        E[] constants = type.getEnumConstants();
        for (E constant : constants) {
            if (constant.name().equalsIgnoreCase(value.get())) {
                return constant;
            }
        }
        StringBuilder choices = new StringBuilder();
        for (int i = 0; i < constants.length; i++) {
            choices.append(i == 0 ? "" : i == constants.length - 1 ? " or " : ", ")
                    .append(constants[i].name().toLowerCase(Locale.ROOT));
        }
        problem(key + ": " + shown(value.get()) + " (expected: " + choices + ")");
        return defaultValue;
    }

    void problem(String problem) {
        problems.add(problem);
    }

    void warn(String warning) {
        warnings.add(warning);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** A non-secret value quoted for a message, cut short so a pasted blob does not flood the log. */
    static String shown(String value) {
        String cut = value.length() > SHOWN_MAX ? value.substring(0, SHOWN_MAX) + "…" : value;
        return "'" + cut + "'";
    }
}
