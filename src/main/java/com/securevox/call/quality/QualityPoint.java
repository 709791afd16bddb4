package com.securevox.call.quality;

import com.securevox.call.call.MediaKind;
import com.securevox.call.quality.QualityReport.Connection;
import com.securevox.call.quality.QualityReport.Direction;
import com.securevox.call.quality.QualityReport.Limitation;
import com.securevox.call.quality.QualityReport.Track;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One participant's quality at one time, summarised from a report: what it sends and receives in all, the worst of
 * what it receives (the side a person hears and sees), its own camera's frame rate and size, and the first connection's
 * candidate pair. Null where no track reported it.
 *
 * @param mos the E-model's estimate from the worst received audio (RTT of its connection, jitter, loss); null without
 *     received audio with loss or jitter
 * @param source who measured it: the client's report, or the server's own view from its SFU
 */
public record QualityPoint(
        Instant at,
        Double outboundKbps,
        Double inboundKbps,
        Long packetsLost,
        Double lossRatio,
        Double jitterMs,
        Double rttMs,
        Double fps,
        Integer width,
        Integer height,
        Long framesDropped,
        Long freezes,
        String limitation,
        String candidateType,
        String protocol,
        String codec,
        Double mos,
        PointSource source) {

    public QualityPoint {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
    }

    public static QualityPoint of(Instant at, QualityReport report) {
        List<Connection> connections = report.connections();
        List<Track> tracks =
                connections.stream().flatMap(c -> c.tracks().stream()).toList();
        Predicate<Track> inbound = t -> t.direction() == Direction.INBOUND;
        Predicate<Track> outboundVideo = t -> t.direction() == Direction.OUTBOUND && t.kind() == MediaKind.VIDEO;
        Optional<Track> camera = tracks.stream().filter(outboundVideo).findFirst();
        Connection first = connections.getFirst();
        Double rtt = connections.stream()
                .map(Connection::rttMs)
                .filter(Objects::nonNull)
                .max(Double::compare)
                .orElse(null);
        return new QualityPoint(
                at,
                sum(tracks, t -> t.direction() == Direction.OUTBOUND, Track::bitrateKbps),
                sum(tracks, inbound, Track::bitrateKbps),
                tracks.stream()
                        .filter(inbound)
                        .map(Track::packetsLost)
                        .filter(Objects::nonNull)
                        .reduce(Long::sum)
                        .orElse(null),
                max(tracks, inbound, Track::lossRatio),
                max(tracks, inbound, Track::jitterMs),
                rtt,
                camera.map(Track::fps).orElse(null),
                camera.map(Track::width).orElse(null),
                camera.map(Track::height).orElse(null),
                total(tracks, Track::framesDropped),
                total(tracks, Track::freezes),
                tracks.stream()
                        .map(Track::limitation)
                        .filter(l -> l != null && l != Limitation.NONE)
                        .findFirst()
                        .or(() -> camera.map(Track::limitation))
                        .map(Limitation::wireName)
                        .orElse(null),
                first.candidateType() == null ? null : first.candidateType().wireName(),
                first.protocol() == null ? null : first.protocol().wireName(),
                tracks.stream()
                        .filter(t -> t.kind() == MediaKind.AUDIO && t.codec() != null)
                        .map(Track::codec)
                        .findFirst()
                        .orElse(null),
                audioMos(connections),
                PointSource.CLIENT);
    }

    /**
     * This point with the worst of its and {@code other}'s loss ratio, jitter, RTT and MOS: a stored point stands for
     * the reports its interval thinned out, and a dip must not vanish with them.
     */
    QualityPoint worstWith(QualityPoint other) {
        return new QualityPoint(
                at,
                outboundKbps,
                inboundKbps,
                packetsLost,
                worse(lossRatio, other.lossRatio, true),
                worse(jitterMs, other.jitterMs, true),
                worse(rttMs, other.rttMs, true),
                fps,
                width,
                height,
                framesDropped,
                freezes,
                limitation,
                candidateType,
                protocol,
                codec,
                worse(mos, other.mos, false),
                source);
    }

    private static Double worse(Double a, Double b, boolean higherIsWorse) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return higherIsWorse ? Math.max(a, b) : Math.min(a, b);
    }

    /** The worst MOS of the received audio streams; a connection that gave no RTT counts 0 ms, a stream without jitter or loss 0. */
    private static Double audioMos(List<Connection> connections) {
        return connections.stream()
                .flatMap(c -> c.tracks().stream()
                        .filter(t -> t.direction() == Direction.INBOUND && t.kind() == MediaKind.AUDIO)
                        .filter(t -> t.lossRatio() != null || t.jitterMs() != null)
                        .map(t -> EModel.mos(
                                c.rttMs() == null ? 0 : c.rttMs(),
                                t.jitterMs() == null ? 0 : t.jitterMs(),
                                t.lossRatio() == null ? 0 : t.lossRatio())))
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    private static Double sum(List<Track> tracks, Predicate<Track> which, Function<Track, Double> value) {
        return tracks.stream()
                .filter(which)
                .map(value)
                .filter(Objects::nonNull)
                .reduce(Double::sum)
                .orElse(null);
    }

    private static Double max(List<Track> tracks, Predicate<Track> which, Function<Track, Double> value) {
        return tracks.stream()
                .filter(which)
                .map(value)
                .filter(Objects::nonNull)
                .max(Double::compare)
                .orElse(null);
    }

    private static Long total(List<Track> tracks, Function<Track, Long> value) {
        return tracks.stream()
                .map(value)
                .filter(Objects::nonNull)
                .reduce(Long::sum)
                .orElse(null);
    }
}
