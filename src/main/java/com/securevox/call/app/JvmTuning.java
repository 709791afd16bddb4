package com.securevox.call.app;

import java.util.List;
import java.util.Optional;

/**
 * Whether the JVM was started the way we ship it. {@code java -jar} alone is what people type, and it runs the server
 * on the JVM's defaults (G1 and a quarter of the machine's memory as heap, measured worse per connection in
 * docs/benchmarks.md); one line at start says so and how to fix it, rather than a silent difference in production.
 */
public final class JvmTuning {
    /** The system property our launcher sets. */
    public static final String LAUNCHER_PROPERTY = "securevox.launcher";

    private JvmTuning() {}

    /**
     * The warning for a JVM started without the launcher and without any heap or collector flag of its own (someone who
     * chose those knows what they run); empty otherwise.
     *
     * @param inputArguments the JVM's arguments, as {@code RuntimeMXBean.getInputArguments()} gives them
     * @param launcher the value of {@link #LAUNCHER_PROPERTY}, if set
     */
    public static Optional<String> untuned(List<String> inputArguments, Optional<String> launcher) {
        if (launcher.isPresent() || inputArguments.stream().anyMatch(JvmTuning::isTuning)) {
            return Optional.empty();
        }
        return Optional.of("the JVM runs untuned (started without bin/securevox-call: default collector, a heap of a"
                + " quarter of this machine's memory); start it with bin/securevox-call, which applies"
                + " deploy/jvm.options, or pass those flags yourself: java @deploy/jvm.options -jar"
                + " securevox-call.jar (docs/deploy.md)");
    }

    private static boolean isTuning(String argument) {
        return argument.startsWith("-Xmx")
                || argument.startsWith("-XX:MaxRAMPercentage")
                || argument.startsWith("-XX:MaxRAM=")
                || (argument.startsWith("-XX:+Use") && argument.endsWith("GC"));
    }
}
