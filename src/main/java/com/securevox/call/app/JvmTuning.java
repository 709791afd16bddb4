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
    /** What {@code --sun-misc-unsafe-memory-access=} sets: allow, warn (the JDK 25 default), debug or deny. */
    public static final String UNSAFE_MEMORY_ACCESS_PROPERTY = "sun.misc.unsafe.memory.access";
    /** Netty's switch that keeps it off {@code sun.misc.Unsafe}. */
    public static final String NETTY_NO_UNSAFE_PROPERTY = "io.netty.noUnsafe";

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
                + " quarter of this machine's memory, Netty without sun.misc.Unsafe); start it with bin/securevox-call, which applies"
                + " deploy/jvm.options, or pass those flags yourself: java @deploy/jvm.options -jar"
                + " securevox-call.jar (docs/deploy.md)");
    }

    /**
     * The value to give {@link #NETTY_NO_UNSAFE_PROPERTY} before any Netty class loads, if any. Netty 4.1 uses {@code
     * sun.misc.Unsafe}'s memory access, which JDK 25 allows only with a four-line "terminally deprecated" warning unless
     * the JVM was started with {@code --sun-misc-unsafe-memory-access=allow} (deploy/jvm.options has it), and refuses
     * under {@code deny}. Without that flag Netty is kept off Unsafe, so {@code java -jar} alone prints our one untuned
     * line and not the JDK's warning; a JVM started with the flag, or a user who set Netty's switch, is left alone.
     *
     * @param unsafeMemoryAccess the value of {@link #UNSAFE_MEMORY_ACCESS_PROPERTY}, if set
     * @param nettyNoUnsafe the value of {@link #NETTY_NO_UNSAFE_PROPERTY}, if set
     */
    public static Optional<String> nettyNoUnsafe(Optional<String> unsafeMemoryAccess, Optional<String> nettyNoUnsafe) {
        if (nettyNoUnsafe.isPresent()
                || unsafeMemoryAccess.filter("allow"::equals).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("true");
    }

    private static boolean isTuning(String argument) {
        return argument.startsWith("-Xmx")
                || argument.startsWith("-XX:MaxRAMPercentage")
                || argument.startsWith("-XX:MaxRAM=")
                || (argument.startsWith("-XX:+Use") && argument.endsWith("GC"));
    }
}
