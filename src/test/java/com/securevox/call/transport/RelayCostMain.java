package com.securevox.call.transport;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.securevox.call.signaling.ClientEvent;
import com.securevox.call.signaling.ClientEventDecoder;
import com.securevox.call.signaling.ClientEventType;
import com.securevox.call.signaling.Wire;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Not a test: the single-thread CPU time of one relayed offer (decode, validate, encode) and of its parts, for
 * comparing changes to the relay path. Run with the test classpath: {@code java -cp ... RelayCostMain}.
 */
final class RelayCostMain {
    /** The bean-serialised shape of {@link Wire.SdpRelay}, for comparison with its own serialiser. */
    record BeanRelay(
            String sessionId,
            String from,
            Object sdp,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> streams) {}

    public static void main(String[] args) throws Exception {
        StringBuilder sdp = new StringBuilder();
        while (sdp.length() < 2300) {
            sdp.append("a=candidate:1 1 udp 2122260223 192.168.1.10 54321 typ host generation 0\\r\\n");
        }
        byte[] frame = ("42[\"offer\",{\"to\":\"bob\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"" + sdp + "\"}}]")
                .getBytes(StandardCharsets.UTF_8);
        ClientEventDecoder decoder = new ClientEventDecoder(new ObjectMapper());
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int n = 200_000;
        for (int round = 0; round < 5; round++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            Object sink = null;
            for (int i = 0; i < n; i++) {
                SocketIoPacket packet = SocketIoCodec.decode(frame, 1);
                sink = decoder.decode(ClientEventType.OFFER, packet.data().get(1));
            }
            long t1 = cpu.getCurrentThreadCpuTime();
            ClientEvent.Sdp event = (ClientEvent.Sdp) sink;
            Object own = new Wire.SdpRelay("call", "amy", event.signal().description(), null);
            for (int i = 0; i < n; i++) {
                io.netty.buffer.ByteBuf b = OutboundJson.event("offer", own);
                b.release();
                sink = b;
            }
            long t2 = cpu.getCurrentThreadCpuTime();
            Object bean = new BeanRelay("call", "amy", event.signal().description(), null);
            for (int i = 0; i < n; i++) {
                io.netty.buffer.ByteBuf b = OutboundJson.event("offer", bean);
                b.release();
                sink = b;
            }
            long t3 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                io.netty.buffer.ByteBuf b = OutboundJson.ack(i, new Wire.Ok(true));
                b.release();
                sink = b;
            }
            long t4 = cpu.getCurrentThreadCpuTime();
            System.out.printf(
                    "decode+validate %.2f us, encode (own) %.2f us, encode (bean) %.2f us, ack %.2f us  [%s]%n",
                    (t1 - t0) / 1e3 / n,
                    (t2 - t1) / 1e3 / n,
                    (t3 - t2) / 1e3 / n,
                    (t4 - t3) / 1e3 / n,
                    sink.getClass().getSimpleName());
        }
    }
}
