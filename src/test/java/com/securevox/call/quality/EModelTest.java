package com.securevox.call.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EModelTest {
    /**
     * Worked by hand: latency = rtt/2 + 2 jitter + 10; R = 93.2 - latency/40 (or - (latency-120)/10 from 160 ms) - 250
     * loss; MOS = 1 + 0.035 R + 7e-6 R (R-60) (100-R). E.g. 100 ms, 10 ms, 0: latency 80, R 91.2, MOS 1 + 3.192 +
     * 0.17528 = 4.3673.
     */
    @ParameterizedTest(name = "rtt {0} ms, jitter {1} ms, loss {2}: R {3}, MOS {4}, {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # rtt | jitter | loss | R     | MOS    | grade
               0  |   0    | 0    | 92.95 | 4.4044 | EXCELLENT
             100  |  10    | 0    | 91.2  | 4.3673 | EXCELLENT
              40  |   5    | 0.01 | 89.7  | 4.3316 | EXCELLENT
             300  |  20    | 0    | 85.2  | 4.2044 | GOOD
             200  |  30    | 0.05 | 75.7  | 3.8517 | FAIR
             100  |  10    | 0.1  | 66.2  | 3.4141 | POOR
             600  |  50    | 0.02 | 59.2  | 3.0585 | BAD
               0  |   0    | 0.4  | 0     | 1      | BAD
            1000  | 100    | 1    | 0     | 1      | BAD
            """)
    void rFactorMosAndGrade(double rtt, double jitter, double loss, double r, double mos, Grade grade) {
        assertThat(EModel.rFactor(rtt, jitter, loss)).isCloseTo(r, within(1e-9));
        assertThat(EModel.mos(rtt, jitter, loss)).isCloseTo(mos, within(5e-5));
        assertThat(Grade.of(EModel.mos(rtt, jitter, loss))).isEqualTo(grade);
    }

    @ParameterizedTest(name = "MOS {0} is {1}")
    @CsvSource({
        "4.5, EXCELLENT",
        "4.3, EXCELLENT",
        "4.29, GOOD",
        "4.0, GOOD",
        "3.99, FAIR",
        "3.6, FAIR",
        "3.59, POOR",
        "3.1, POOR",
        "3.09, BAD",
        "1.0, BAD"
    })
    void gradeBands(double mos, Grade grade) {
        assertThat(Grade.of(mos)).isEqualTo(grade);
    }

    @ParameterizedTest
    @CsvSource({"-1, 0, 0", "0, -1, 0", "0, 0, -0.1", "0, 0, 1.5", "NaN, 0, 0"})
    void refusesValuesOutOfRange(double rtt, double jitter, double loss) {
        assertThatThrownBy(() -> EModel.rFactor(rtt, jitter, loss))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: rtt and jitter >= 0, loss 0 to 1");
    }
}
