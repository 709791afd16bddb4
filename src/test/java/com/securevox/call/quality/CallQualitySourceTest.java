package com.securevox.call.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's points sit in a participant's timeline but its grade is its client's own experience. */
class CallQualitySourceTest {
    private static final Instant T = Instant.parse("2026-12-07T06:00:00Z");

    @Test
    void serverPointsAreInTheTimelineButNotInTheMosOrGrade() {
        QualityPoint client = new QualityPoint(
                T,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                4.3,
                PointSource.CLIENT);
        QualityPoint server = new ServerView(T.plusSeconds(1), 800.0, 40L, 0.2, 60.0, 300.0, 1.4).point();

        CallQuality quality = CallQuality.of(
                "call_1",
                List.of(new ParticipantPoint("call_1", "ann", client), new ParticipantPoint("call_1", "ann", server)));

        CallQuality.Participant ann = quality.participants().getFirst();
        assertThat(ann.points()).containsExactly(client, server);
        assertThat(ann.mos()).isEqualTo(4.3);
        assertThat(ann.minMos()).isEqualTo(4.3);
        assertThat(quality.mos()).isEqualTo(4.3);
        assertThat(server.source()).isEqualTo(PointSource.SERVER);
        assertThat(server.outboundKbps()).isEqualTo(800.0);
        assertThat(server.mos()).isEqualTo(1.4);
    }
}
