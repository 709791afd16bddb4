package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The machine's resolver as the loader asks it: literals and this machine's names resolve, made-up names do not. */
class HostLookupTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0                 | true
            127.0.0.1               | true
            ::                      | true
            ::1                     | true
            [::1]                   | true
            localhost               | true
            no-such-host.invalid    | false
            """)
    void resolvesLiteralsAndKnownNamesOnly(String host, boolean resolves) {
        assertThat(HostLookup.SYSTEM.resolves(host)).isEqualTo(resolves);
    }
}
