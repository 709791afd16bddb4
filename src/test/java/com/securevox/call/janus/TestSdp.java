package com.securevox.call.janus;

import java.util.ArrayList;
import java.util.List;

/**
 * SDP offers for tests, in the shape Chromium writes them: Janus parses and answers them, though no ICE or DTLS peer
 * stands behind them (so the PeerConnection never comes up).
 */
public final class TestSdp {
    private static final String FINGERPRINT = "sha-256 "
            + "4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:26:3B:F2:6A:E5:91:88:C1:04:7B:94:F9";

    /** A publisher's offer: Opus audio (with the audio-level extension) and VP8 video, bundled, send only. */
    public static final String PUBLISHER_OFFER = offer();

    /** Not an SDP at all: Janus's core refuses it before the VideoRoom sees it. */
    public static final String MALFORMED = "v=0\r\nthis is not an SDP\r\n";

    private TestSdp() {}

    private static String offer() {
        List<String> lines = new ArrayList<>(List.of(
                "v=0",
                "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
                "s=-",
                "t=0 0",
                "a=group:BUNDLE 0 1",
                "a=extmap-allow-mixed",
                "a=msid-semantic: WMS camera",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111"));
        lines.addAll(transport("0"));
        lines.addAll(List.of(
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=sendonly",
                "a=msid:camera audio0",
                "a=rtcp-mux",
                "a=rtpmap:111 opus/48000/2",
                "a=rtcp-fb:111 transport-cc",
                "a=fmtp:111 minptime=10;useinbandfec=1",
                "a=ssrc:1001 cname:securevox",
                "m=video 9 UDP/TLS/RTP/SAVPF 96"));
        lines.addAll(transport("1"));
        lines.addAll(List.of(
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=sendonly",
                "a=msid:camera video0",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=rtpmap:96 VP8/90000",
                "a=rtcp-fb:96 goog-remb",
                "a=rtcp-fb:96 transport-cc",
                "a=rtcp-fb:96 ccm fir",
                "a=rtcp-fb:96 nack",
                "a=rtcp-fb:96 nack pli",
                "a=ssrc:2001 cname:securevox",
                ""));
        return String.join("\r\n", lines);
    }

    /** What every bundled m-line repeats: address, ICE credentials, DTLS fingerprint and role, its mid. */
    private static List<String> transport(String mid) {
        return List.of(
                "c=IN IP4 0.0.0.0",
                "a=rtcp:9 IN IP4 0.0.0.0",
                "a=ice-ufrag:Tst1",
                "a=ice-pwd:securevoxtestpassword123",
                "a=ice-options:trickle",
                "a=fingerprint:" + FINGERPRINT,
                "a=setup:actpass",
                "a=mid:" + mid);
    }
}
