// Realistic WebRTC session descriptions for the ping-pong phase: a Chrome-style
// audio+video offer (~2.4 KB) and a matching answer of about the same size.

const L = (lines) => lines.join('\r\n') + '\r\n';
export const OFFER_SDP = L([
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS 5d7c8a3e-2f1b-4c9d-8e6a-7b3f0c2d1e94',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 9 0 8 13 110 126',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:Xk3d',
  'a=ice-pwd:9pN3q0b8Zc1vF6yH2sW4tR7u',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 4A:1F:9C:3B:7E:22:D0:8A:5F:61:C4:0B:93:E7:2D:48:AF:16:5C:80:3E:D9:72:B1:0F:6A:C8:54:E3:29:9D:07',
  'a=setup:actpass',
  'a=mid:0',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
  'a=sendrecv',
  'a=msid:5d7c8a3e-2f1b-4c9d-8e6a-7b3f0c2d1e94 a1c4e7f2-3b6d-4e8a-9c0f-1d2e3f4a5b6c',
  'a=rtcp-mux',
  'a=rtcp-rsize',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  'a=ssrc:2846523719 cname:q8Zr5Tm1Kd0Lw3Xv',
  'a=ssrc:2846523719 msid:5d7c8a3e-2f1b-4c9d-8e6a-7b3f0c2d1e94 a1c4e7f2-3b6d-4e8a-9c0f-1d2e3f4a5b6c',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 100 101',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:Xk3d',
  'a=ice-pwd:9pN3q0b8Zc1vF6yH2sW4tR7u',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 4A:1F:9C:3B:7E:22:D0:8A:5F:61:C4:0B:93:E7:2D:48:AF:16:5C:80:3E:D9:72:B1:0F:6A:C8:54:E3:29:9D:07',
  'a=setup:actpass',
  'a=mid:1',
  'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
  'a=sendrecv',
  'a=msid:5d7c8a3e-2f1b-4c9d-8e6a-7b3f0c2d1e94 e9b8a7c6-d5e4-4f3a-8b2c-1d0e9f8a7b6c',
  'a=rtcp-mux',
  'a=rtcp-rsize',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 transport-cc',
  'a=rtcp-fb:96 ccm fir',
  'a=rtcp-fb:96 nack',
  'a=rtcp-fb:96 nack pli',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:100 H264/90000',
  'a=rtcp-fb:100 transport-cc',
  'a=rtcp-fb:100 nack pli',
  'a=fmtp:100 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  'a=rtpmap:101 rtx/90000',
  'a=fmtp:101 apt=100',
  'a=ssrc:1349061838 cname:q8Zr5Tm1Kd0Lw3Xv',
  'a=ssrc:1349061838 msid:5d7c8a3e-2f1b-4c9d-8e6a-7b3f0c2d1e94 e9b8a7c6-d5e4-4f3a-8b2c-1d0e9f8a7b6c',
]);

// The answer: same media sections, answerer's own ICE credentials, DTLS role,
// fingerprint, origin and SSRCs.
export const ANSWER_SDP = OFFER_SDP
  .replace('o=- 4611731400430051336 2', 'o=- 7302918845160239471 2')
  .replaceAll('a=ice-ufrag:Xk3d', 'a=ice-ufrag:Pq7m')
  .replaceAll('a=ice-pwd:9pN3q0b8Zc1vF6yH2sW4tR7u', 'a=ice-pwd:Lr2Vb8Nw4Hc6Jx0Tz5Ys1Kq3')
  .replaceAll(
    '4A:1F:9C:3B:7E:22:D0:8A:5F:61:C4:0B:93:E7:2D:48:AF:16:5C:80:3E:D9:72:B1:0F:6A:C8:54:E3:29:9D:07',
    'B7:03:E2:5D:18:C9:4F:A6:71:0E:D4:93:2B:6C:F8:45:1A:97:E0:3C:58:B2:0D:C6:7F:29:84:E1:5B:A3:06:DC')
  .replaceAll('a=setup:actpass', 'a=setup:active')
  .replaceAll('5d7c8a3e-2f1b-4c9d-8e6a-7b3f0c2d1e94', '8f2e6b1a-4c3d-4a7e-b5f9-0e1d2c3b4a59')
  .replaceAll('a1c4e7f2-3b6d-4e8a-9c0f-1d2e3f4a5b6c', 'c3d2e1f0-a9b8-4c7d-96e5-f4a3b2c1d0e8')
  .replaceAll('e9b8a7c6-d5e4-4f3a-8b2c-1d0e9f8a7b6c', '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d')
  .replaceAll('2846523719', '3917402658')
  .replaceAll('1349061838', '2064718395')
  .replaceAll('q8Zr5Tm1Kd0Lw3Xv', 'Hn4Fp9Qs2Wv7Yc0B');
