package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource(delimiter = '|', textBlock = """
            0          | 0
            0B         | 0
            512B       | 512
            1KB        | 1024
            500MB      | 524288000
            2GB        | 2147483648
            2gb        | 2147483648
            1Tb        | 1099511627776
            ' 1GB '    | 1073741824
            1024TB     | 1125899906842624
            1125899906842624B | 1125899906842624
            """)
    void parses(String text, long expected) {
        assertThat(Sizes.parse(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "1",
                "10",
                "-1GB",
                "1.5GB",
                "2 GB",
                "GB",
                "2G",
                "2GiB",
                "2M",
                "1PB",
                "1025TB",
                "two GB",
                "99999999999999GB",
                "0x10MB",
                "1GB1"
            })
    void rejectsGarbageAndTooLarge(String text) {
        assertThat(Sizes.parse(text)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0             | 0
            512           | 512B
            1024          | 1KB
            1073741824    | 1GB
            1610612736    | 1536MB
            1099511627776 | 1TB
            1125899906842624 | 1024TB
            """)
    void formatsExactly(long bytes, String expected) {
        assertThat(Sizes.format(bytes)).isEqualTo(expected);
    }
}
