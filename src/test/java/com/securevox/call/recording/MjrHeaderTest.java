package com.securevox.call.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The header of a Janus raw recording ({@code MJR00002}, a 16-bit length, a JSON object): what is read of a header as
 * Janus writes it, and, for anything else, a {@link RecordingException} naming the field and what was expected.
 */
class MjrHeaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What Janus writes after the header: each packet behind {@code MEET} and its length. */
    private static final byte[] PACKETS = {'M', 'E', 'E', 'T', 0, 3, 1, 2, 3};

    /**
     * A raw recording's start: {@code magic}, then {@code length} as 16 bits big-endian ({@code *}: the JSON's own
     * length; {@code none}: no length at all), then {@code json} in UTF-8.
     */
    static byte[] header(String magic, String length, String json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(magic.getBytes(StandardCharsets.US_ASCII));
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        if (!length.equals("none")) {
            int n = length.equals("*") ? body.length : Integer.parseInt(length);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static MjrHeader read(byte[] bytes) throws RecordingException {
        return MjrHeader.read(new ByteArrayInputStream(bytes), JSON);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"t":"a","c":"opus","s":1772359200000000,"u":1772359200123456}                      | AUDIO | opus | 2026-03-01T10:00:00Z        | 2026-03-01T10:00:00.123456Z
            {"t":"v","c":"vp8","s":1772359201000001,"u":1772359202999999}                       | VIDEO | vp8  | 2026-03-01T10:00:01.000001Z | 2026-03-01T10:00:02.999999Z
            {"t":"d","c":"text","s":1000000000000000,"u":100000000000000000}                    | DATA  | text | 2001-09-09T01:46:40Z        | 5138-11-16T09:46:40Z
            {"t":"v","c":"h264","x":{"1":"urn:ietf:params:rtp-hdrext:sdes:mid"},"s":1772359200000000,"u":1772359200000000,"f":"e2ee"} | VIDEO | h264 | 2026-03-01T10:00:00Z | 2026-03-01T10:00:00Z
            """)
    void readsAHeaderAsJanusWritesIt(String json, MjrHeader.Kind kind, String codec, Instant created, Instant first)
            throws RecordingException {
        byte[] header = header("MJR00002", "*", json);
        byte[] recording = new byte[header.length + PACKETS.length];
        System.arraycopy(header, 0, recording, 0, header.length);
        System.arraycopy(PACKETS, 0, recording, header.length, PACKETS.length);

        assertThat(read(recording)).isEqualTo(new MjrHeader(kind, codec, created, first));
    }

    @Test
    void readsNoFurtherThanTheHeader() throws RecordingException {
        byte[] header =
                header("MJR00002", "*", "{\"t\":\"a\",\"c\":\"opus\",\"s\":1772359200000000,\"u\":1772359200000000}");
        byte[] recording = new byte[header.length + PACKETS.length];
        System.arraycopy(header, 0, recording, 0, header.length);
        System.arraycopy(PACKETS, 0, recording, header.length, PACKETS.length);
        ByteArrayInputStream in = new ByteArrayInputStream(recording);

        MjrHeader.read(in, JSON);

        assertThat(in.readAllBytes()).as("the packets are left to read").isEqualTo(PACKETS);
    }

    @Test
    void refusesAnotherKindOfFileShowingItsStartPrintably() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

        assertThatThrownBy(() -> read(png))
                .isInstanceOf(RecordingException.class)
                .hasMessage("not a Janus recording: starts with ?PNG???? (expected: MJR00002)");
    }

    @ParameterizedTest(name = "{0}: {1} {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            wrong magic         | MJR00001 | *     | {"t":"a","c":"opus","s":1772359200000000,"u":1772359200000000} | not a Janus recording: starts with MJR00001 (expected: MJR00002)
            zero length         | MJR00002 | 0     | ''                                                             | header length: 0 (expected: 1 to 8192)
            huge length         | MJR00002 | 8193  | ''                                                             | header length: 8193 (expected: 1 to 8192)
            largest length      | MJR00002 | 65535 | ''                                                             | header length: 65535 (expected: 1 to 8192)
            empty file          | ''       | none  | ''                                                             | truncated before the end of its header
            truncated magic     | MJR00    | none  | ''                                                             | truncated before the end of its header
            no length           | MJR00002 | none  | ''                                                             | truncated before the end of its header
            truncated JSON      | MJR00002 | 200   | {"t":"a","c":"opus"}                                           | truncated before the end of its header
            not JSON            | MJR00002 | *     | t=a c=opus                                                     | header: not JSON (expected: a JSON object)
            unfinished JSON     | MJR00002 | *     | {"t":"a","c":                                                  | header: not JSON (expected: a JSON object)
            an array            | MJR00002 | *     | ["a","opus"]                                                   | header: not a JSON object
            a string            | MJR00002 | *     | "a"                                                            | header: not a JSON object
            blank               | MJR00002 | *     | '   '                                                          | header: not a JSON object
            t missing           | MJR00002 | *     | {"c":"opus","s":1772359200000000,"u":1772359200000000}         | header t: null (expected: a short string)
            t a number          | MJR00002 | *     | {"t":1,"c":"opus","s":1772359200000000,"u":1772359200000000}   | header t: 1 (expected: a short string)
            t empty             | MJR00002 | *     | {"t":"","c":"opus","s":1772359200000000,"u":1772359200000000}  | header t: "" (expected: a short string)
            t unknown           | MJR00002 | *     | {"t":"x","c":"opus","s":1772359200000000,"u":1772359200000000} | header t: "x" (expected: a, v or d)
            t in full           | MJR00002 | *     | {"t":"audio","c":"opus","s":1772359200000000,"u":1772359200000000} | header t: "audio" (expected: a, v or d)
            c missing           | MJR00002 | *     | {"t":"a","s":1772359200000000,"u":1772359200000000}            | header c: null (expected: a short string)
            c null              | MJR00002 | *     | {"t":"a","c":null,"s":1772359200000000,"u":1772359200000000}   | header c: null (expected: a short string)
            c an object         | MJR00002 | *     | {"t":"a","c":{},"s":1772359200000000,"u":1772359200000000}     | header c: {} (expected: a short string)
            c too long          | MJR00002 | *     | {"t":"a","c":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","s":1772359200000000,"u":1772359200000000} | header c: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" (expected: a short string)
            s missing           | MJR00002 | *     | {"t":"a","c":"opus","u":1772359200000000}                      | header s: null (expected: microseconds since the epoch)
            s a string          | MJR00002 | *     | {"t":"a","c":"opus","s":"1772359200000000","u":1772359200000000} | header s: "1772359200000000" (expected: microseconds since the epoch)
            s a fraction        | MJR00002 | *     | {"t":"a","c":"opus","s":1772359200000000.5,"u":1772359200000000} | header s: 1.7723592000000005E15 (expected: microseconds since the epoch)
            s in seconds        | MJR00002 | *     | {"t":"a","c":"opus","s":1772359200,"u":1772359200000000}       | header s: 1772359200 (expected: microseconds since the epoch)
            s just too early    | MJR00002 | *     | {"t":"a","c":"opus","s":999999999999999,"u":1772359200000000}  | header s: 999999999999999 (expected: microseconds since the epoch)
            s negative          | MJR00002 | *     | {"t":"a","c":"opus","s":-1772359200000000,"u":1772359200000000} | header s: -1772359200000000 (expected: microseconds since the epoch)
            u missing           | MJR00002 | *     | {"t":"a","c":"opus","s":1772359200000000}                      | header u: null (expected: microseconds since the epoch)
            u true              | MJR00002 | *     | {"t":"a","c":"opus","s":1772359200000000,"u":true}             | header u: true (expected: microseconds since the epoch)
            u just too late     | MJR00002 | *     | {"t":"a","c":"opus","s":1772359200000000,"u":100000000000000001} | header u: 100000000000000001 (expected: microseconds since the epoch)
            u beyond a long     | MJR00002 | *     | {"t":"a","c":"opus","s":1772359200000000,"u":99999999999999999999} | header u: 99999999999999999999 (expected: microseconds since the epoch)
            """)
    void refusesNamingWhatIsWrong(String what, String magic, String length, String json, String message) {
        assertThatThrownBy(() -> read(header(magic, length, json)))
                .isInstanceOf(RecordingException.class)
                .hasMessage(message);
    }
}
