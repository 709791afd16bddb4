package com.securevox.call.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaPolicyTest {

    @ParameterizedTest(name = "{0}: {1} with {2} participants, all capable {3}, SFU up {4} → {5}")
    @CsvSource({
        // setting, current, participants, allCapable, sfuUp, recorded, expected
        "AUTO, MESH, 1, true, true, false, MESH",
        "AUTO, MESH, 2, true, true, false, MESH",
        "AUTO, MESH, 3, true, true, false, SFU",
        "AUTO, MESH, 3, false, true, false, MESH", // a client that knows only the mesh keeps the call a mesh
        "AUTO, MESH, 3, true, false, false, MESH", // no move to an SFU that is down
        "AUTO, SFU, 2, true, true, false, SFU", // shrinking stays on the SFU
        "AUTO, SFU, 3, true, false, false, SFU", // the SFU restarting: rooms come back, the call waits
        "AUTO, SFU, 4, false, true, false, MESH", // a mesh-only client joined
        "AUTO, MESH, 2, true, true, true, SFU", // a recorded call needs the SFU, however small
        "AUTO, MESH, 2, false, true, true, MESH", // ... unless someone cannot use it
        "AUTO, MESH, 2, true, false, true, MESH", // ... or it is down
        "SFU, MESH, 1, true, true, false, SFU",
        "SFU, MESH, 2, false, true, false, MESH",
        "SFU, MESH, 2, true, false, false, MESH",
        "MESH, MESH, 6, true, true, false, MESH",
        "MESH, SFU, 6, true, true, false, MESH",
        "MESH, MESH, 2, true, true, true, MESH", // mesh only: recording is refused before it gets here
    })
    void decidesTheMode(
            MediaSetting setting,
            MediaMode current,
            int participants,
            boolean allCapable,
            boolean sfuUp,
            boolean recorded,
            MediaMode expected) {
        MediaPolicy policy = new MediaPolicy(setting, 3, 16, 1_500_000);
        assertThat(policy.decide(current, participants, allCapable, sfuUp, recorded))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " :: ",
            value = {
                "1 :: 16 :: 0 :: sfuFrom: 1 (expected: >= 2)",
                "3 :: 0 :: 0 :: maxPublishers: 0 (expected: > 0)",
                "3 :: 16 :: -1 :: bitrate: -1 (expected: >= 0)",
            })
    void refusesNonsense(int sfuFrom, int maxPublishers, int bitrate, String message) {
        assertThatThrownBy(() -> new MediaPolicy(MediaSetting.AUTO, sfuFrom, maxPublishers, bitrate))
                .hasMessage(message);
    }

    @ParameterizedTest(name = "a {0}px tall tile, loss level {1} → substream {2}")
    @CsvSource({
        "0, 0, none", // not shown: audio only
        "1, 0, 0",
        "120, 0, 0",
        "180, 0, 0",
        "181, 0, 1",
        "360, 0, 1",
        "361, 0, 2",
        "1080, 0, 2",
        "1080, 1, 0", // losing packets: the low layer
        "1080, 2, none", // losing packets even on the low layer: audio only
        "-1, 0, 2", // the subscriber said nothing: the top layer
        "-1, 1, 0",
    })
    void picksTheSmallestLayerAtLeastAsTallAsTheTile(int height, int lossLevel, String substream) {
        View view = height < 0 ? null : new View("b", height * 16 / 9, height);
        assertThat(Layers.forView(view, lossLevel)
                        .map(layer -> Integer.toString(layer.substream()))
                        .orElse("none"))
                .isEqualTo(substream);
    }
}
