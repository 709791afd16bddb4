package com.securevox.call.signaling;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.quality.QualityReport;
import java.io.IOException;

/**
 * Any payload a client can send as {@code quality_report} either decodes into a report within every limit, or is
 * refused with INVALID_PAYLOAD naming what was wrong; nothing else may escape the decoder.
 */
class QualityReportDecoderFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClientEventDecoder DECODER = new ClientEventDecoder(JSON);

    @FuzzTest(maxDuration = "2m")
    void decodesOrRefuses(FuzzedDataProvider data) {
        String payload = data.consumeRemainingAsString();
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (IOException e) {
            return; // not JSON: the transport never hands such payloads to the decoder
        }
        try {
            ClientEvent event = DECODER.decode(ClientEventType.QUALITY_REPORT, node);
            if (!(event instanceof ClientEvent.QualityReport(QualityReport report))) {
                throw new AssertionError("decoded into " + event);
            }
            check(report);
        } catch (SignalingException e) {
            if (e.code() != ErrorCode.INVALID_PAYLOAD
                    || e.getMessage() == null
                    || e.getMessage().isBlank()) {
                throw new AssertionError("unexpected refusal " + e.code() + ": " + e.getMessage(), e);
            }
        }
    }

    private static void check(QualityReport report) {
        int connections = report.connections().size();
        if (connections < 1 || connections > QualityReport.MAX_CONNECTIONS) {
            throw new AssertionError("connections: " + connections);
        }
        for (QualityReport.Connection c : report.connections()) {
            within("rttMs", c.rttMs(), QualityReportDecoder.MAX_MS);
            if (c.tracks().size() > QualityReport.MAX_TRACKS) {
                throw new AssertionError("tracks: " + c.tracks().size());
            }
            for (QualityReport.Track t : c.tracks()) {
                within("lossRatio", t.lossRatio(), 1);
                within("jitterMs", t.jitterMs(), QualityReportDecoder.MAX_MS);
                within("bitrateKbps", t.bitrateKbps(), QualityReportDecoder.MAX_KBPS);
                within("fps", t.fps(), QualityReportDecoder.MAX_FPS);
                if (t.packetsLost() != null && t.packetsLost() < 0) {
                    throw new AssertionError("packetsLost: " + t.packetsLost());
                }
                if (t.codec() != null && (t.codec().isEmpty() || t.codec().length() > 64)) {
                    throw new AssertionError("codec: " + t.codec());
                }
            }
        }
    }

    private static void within(String field, Double value, double max) {
        if (value != null && !(value >= 0 && value <= max)) {
            throw new AssertionError(field + ": " + value);
        }
    }
}
