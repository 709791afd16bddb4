package com.securevox.call.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.call.MediaKind;
import com.securevox.call.quality.QualityReport;
import com.securevox.call.quality.QualityReport.CandidateType;
import com.securevox.call.quality.QualityReport.Direction;
import com.securevox.call.quality.QualityReport.Limitation;
import com.securevox.call.quality.QualityReport.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QualityReportDecoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClientEventDecoder decoder = new ClientEventDecoder(JSON);

    private QualityReport decode(String payload) throws Exception {
        ClientEvent event = decoder.decode(ClientEventType.QUALITY_REPORT, JSON.readTree(payload));
        return ((ClientEvent.QualityReport) event).report();
    }

    @Test
    void everyFieldIsRead() throws Exception {
        QualityReport report = decode("""
                {"connections":[{"peer":"sfu","candidateType":"relay","protocol":"tcp","rttMs":120.5,"extra":1,
                  "tracks":[{"kind":"video","direction":"outbound","codec":"video/VP8","bitrateKbps":850,
                    "packetsLost":0,"lossRatio":0.25,"jitterMs":3.5,"fps":29.97,"width":1280,"height":720,
                    "framesDropped":4,"freezes":1,"qualityLimitation":"cpu"}]},
                  {"tracks":[]}]}""");

        assertThat(report.connections()).hasSize(2);
        QualityReport.Connection first = report.connections().getFirst();
        assertThat(first.peer()).isEqualTo("sfu");
        assertThat(first.candidateType()).isEqualTo(CandidateType.RELAY);
        assertThat(first.protocol()).isEqualTo(Transport.TCP);
        assertThat(first.rttMs()).isEqualTo(120.5);
        assertThat(first.tracks())
                .containsExactly(new QualityReport.Track(
                        MediaKind.VIDEO,
                        Direction.OUTBOUND,
                        "video/VP8",
                        850.0,
                        0L,
                        0.25,
                        3.5,
                        29.97,
                        1280,
                        720,
                        4L,
                        1L,
                        Limitation.CPU));
        QualityReport.Connection second = report.connections().get(1);
        assertThat(second.peer()).isNull();
        assertThat(second.candidateType()).isNull();
        assertThat(second.rttMs()).isNull();
        assertThat(second.tracks()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            []                                                    | payload: an array (expected: a JSON object for quality_report)
            {}                                                    | connections: missing (expected: an array of 1 to 16 connections)
            {"connections":{}}                                    | connections: an object (expected: an array of 1 to 16 connections)
            {"connections":[]}                                    | connections: 0 entries (expected: an array of 1 to 16 connections)
            {"connections":[1]}                                   | connections[0]: a number (expected: an object)
            {"connections":[{"tracks":3}]}                        | connections[0].tracks: a number (expected: an array of at most 16 tracks)
            {"connections":[{"peer":"a b"}]}                      | connections[0].peer: 'a b' (expected: a participant's user id, "sfu", or absent)
            {"connections":[{"candidateType":"lan"}]}             | connections[0].candidateType: 'lan' (expected: "host", "srflx", "prflx", "relay")
            {"connections":[{"protocol":"UDP"}]}                  | connections[0].protocol: 'UDP' (expected: "udp", "tcp", "tls")
            {"connections":[{"rttMs":-1}]}                        | connections[0].rttMs: -1 (expected: a number from 0 to 60000, or absent)
            {"connections":[{"rttMs":"5"}]}                       | connections[0].rttMs: '5' (expected: a number from 0 to 60000, or absent)
            {"connections":[{"rttMs":60001}]}                     | connections[0].rttMs: 60001 (expected: a number from 0 to 60000, or absent)
            {"connections":[{"tracks":[{"direction":"inbound"}]}]} | connections[0].tracks[0].kind: missing (expected: "audio", "video")
            {"connections":[{"tracks":[{"kind":"audio"}]}]}       | connections[0].tracks[0].direction: missing (expected: "inbound", "outbound")
            {"connections":[{"tracks":[{"kind":"audio","direction":"in"}]}]} | connections[0].tracks[0].direction: 'in' (expected: "inbound", "outbound")
            {"connections":[{"tracks":[{"kind":"audio","direction":"inbound","lossRatio":1.5}]}]} | connections[0].tracks[0].lossRatio: 1.5 (expected: a number from 0 to 1, or absent)
            {"connections":[{"tracks":[{"kind":"audio","direction":"inbound","packetsLost":-3}]}]} | connections[0].tracks[0].packetsLost: -3 (expected: an integer from 0 to 2147483647, or absent)
            {"connections":[{"tracks":[{"kind":"audio","direction":"inbound","packetsLost":1.5}]}]} | connections[0].tracks[0].packetsLost: 1.5 (expected: an integer from 0 to 2147483647, or absent)
            {"connections":[{"tracks":[{"kind":"video","direction":"inbound","width":20000}]}]} | connections[0].tracks[0].width: 20000 (expected: an integer from 0 to 16384, or absent)
            {"connections":[{"tracks":[{"kind":"video","direction":"inbound","fps":500}]}]} | connections[0].tracks[0].fps: 500 (expected: a number from 0 to 240, or absent)
            {"connections":[{"tracks":[{"kind":"video","direction":"inbound","bitrateKbps":100001}]}]} | connections[0].tracks[0].bitrateKbps: 100001 (expected: a number from 0 to 100000, or absent)
            {"connections":[{"tracks":[{"kind":"audio","direction":"inbound","codec":"op us"}]}]} | connections[0].tracks[0].codec: 'op us' (expected: 1 to 64 characters of [A-Za-z0-9/._+-], or absent)
            {"connections":[{"tracks":[{"kind":"video","direction":"outbound","qualityLimitation":"heat"}]}]} | connections[0].tracks[0].qualityLimitation: 'heat' (expected: "none", "cpu", "bandwidth", "other")
            """)
    void malformedReportsAreRefusedNamingTheField(String payload, String message) {
        assertThatThrownBy(() -> decode(payload)).isInstanceOfSatisfying(SignalingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void tooManyConnectionsOrTracksAreRefused() {
        String connections = "{\"connections\":[" + "{},".repeat(16) + "{}]}";
        assertThatThrownBy(() -> decode(connections))
                .hasMessage("connections: 17 entries (expected: an array of 1 to 16 connections)");
        String track = "{\"kind\":\"audio\",\"direction\":\"inbound\"}";
        String tracks = "{\"connections\":[{\"tracks\":[" + (track + ",").repeat(16) + track + "]}]}";
        assertThatThrownBy(() -> decode(tracks))
                .hasMessage("connections[0].tracks: 17 entries (expected: an array of at most 16 tracks)");
    }
}
