package com.securevox.call.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a file is a program this process could run. The loader asks when it looks for {@code janus} to choose the
 * SFU's default mode; tests pass their own, so that loading a config never depends on what the machine has installed.
 */
@FunctionalInterface
public interface Executables {

    /** The file system's answer. */
    Executables SYSTEM = path -> Files.isRegularFile(path) && Files.isExecutable(path);

    boolean executable(Path path);
}
