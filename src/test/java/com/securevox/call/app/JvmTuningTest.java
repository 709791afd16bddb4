package com.securevox.call.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JvmTuningTest {

    @ParameterizedTest(name = "[{index}] args=''{0}'' launcher=''{1}'' -> warned={2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "                                         | -                   | true",
                "-Dfoo=bar -Xss1m                          | -                   | true",
                "-Xms64m                                   | -                   | true",
                "-XX:+UseCompactObjectHeaders              | -                   | true",
                "                                         | bin/securevox-call  | false",
                "-Xmx256m                                  | -                   | false",
                "-XX:+UseSerialGC                          | -                   | false",
                "-XX:+UseZGC                               | -                   | false",
                "-XX:MaxRAMPercentage=75                   | -                   | false",
                "-XX:MaxRAM=2g                             | -                   | false",
            })
    void warnsOnlyWithoutTheLauncherOrAHeapOrCollectorFlag(String args, String launcher, boolean warned) {
        List<String> arguments =
                args == null ? List.of() : Arrays.asList(args.trim().split("\\s+"));
        Optional<String> warning = JvmTuning.untuned(arguments, Optional.ofNullable(launcher));

        assertThat(warning.isPresent()).isEqualTo(warned);
        warning.ifPresent(w -> assertThat(w).contains("bin/securevox-call").contains("deploy/jvm.options"));
    }

    @ParameterizedTest(name = "[{index}] unsafe memory access={0} io.netty.noUnsafe={1} -> set to {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "-     | -     | true",
                "warn  | -     | true",
                "debug | -     | true",
                "deny  | -     | true",
                "allow | -     | -",
                "warn  | false | -",
                "-     | true  | -",
                "allow | true  | -",
            })
    void keepsNettyOffUnsafeUnlessTheJvmAllowsItOrTheUserChose(
            String unsafeMemoryAccess, String nettyNoUnsafe, String expected) {
        assertThat(JvmTuning.nettyNoUnsafe(Optional.ofNullable(unsafeMemoryAccess), Optional.ofNullable(nettyNoUnsafe)))
                .isEqualTo(Optional.ofNullable(expected));
    }
}
