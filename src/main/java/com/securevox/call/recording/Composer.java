package com.securevox.call.recording;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One file of the whole call: every participant's camera and screen in a grid, one tile each (black until their media
 * starts, between their presences and after they leave), everyone's audio mixed, each piece placed at its offset in
 * the recording. Re-encodes (VP8 + Opus), so it costs
 * far more than the per-participant files, which are copied; hence optional.
 */
final class Composer {
    static final String NAME = "composed.webm";
    private static final int TILE_WIDTH = 640;
    private static final int TILE_HEIGHT = 360;

    private final Programs programs;

    Composer(Programs programs) {
        this.programs = programs;
    }

    interface Probe {
        Duration duration(Path file) throws RecordingException;
    }

    RecordingFile compose(List<PieceFile> files, Path folder, Path work, Duration length, Probe probe)
            throws RecordingException {
        // One tile per participant and source, in the order they were first recorded; each presence lands in it.
        Map<String, Integer> tiles = new LinkedHashMap<>();
        for (PieceFile file : files) {
            if (file.video()) {
                tiles.computeIfAbsent(file.userId() + "/" + file.source(), key -> tiles.size());
            }
        }
        boolean anyAudio = files.stream().anyMatch(PieceFile::audio);
        int columns = (int) Math.ceil(Math.sqrt(Math.max(1, tiles.size())));
        int rows = (int) Math.ceil(Math.max(1, tiles.size()) / (double) columns);
        List<String> command = new ArrayList<>(
                List.of(programs.ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
        for (PieceFile file : files) {
            command.addAll(List.of("-i", file.file().toString()));
        }
        StringBuilder graph = new StringBuilder();
        graph.append("color=c=black:s=")
                .append(TILE_WIDTH * columns)
                .append('x')
                .append(TILE_HEIGHT * rows)
                .append(":r=25:d=")
                .append(PostProcessor.seconds(length))
                .append("[base0];");
        int overlays = 0;
        String last = "base0";
        for (int i = 0; i < files.size(); i++) {
            PieceFile file = files.get(i);
            if (!file.video()) {
                continue;
            }
            String shifted = PostProcessor.seconds(file.startOffset());
            graph.append('[')
                    .append(i)
                    .append(":v]setpts=PTS-STARTPTS+")
                    .append(shifted)
                    .append("/TB,")
                    .append("scale=")
                    .append(TILE_WIDTH)
                    .append(':')
                    .append(TILE_HEIGHT)
                    .append(":force_original_aspect_ratio=decrease,pad=")
                    .append(TILE_WIDTH)
                    .append(':')
                    .append(TILE_HEIGHT)
                    .append(":(ow-iw)/2:(oh-ih)/2[v")
                    .append(i)
                    .append("];");
            int tile = tiles.get(file.userId() + "/" + file.source());
            String next = "base" + (overlays + 1);
            graph.append('[')
                    .append(last)
                    .append("][v")
                    .append(i)
                    .append("]overlay=x=")
                    .append(TILE_WIDTH * (tile % columns))
                    .append(":y=")
                    .append(TILE_HEIGHT * (tile / columns))
                    .append(":eof_action=pass[")
                    .append(next)
                    .append("];");
            last = next;
            overlays++;
        }
        // The overlays leave an alpha plane that VP8 cannot carry.
        graph.append('[').append(last).append("]format=yuv420p[grid];");
        command.addAll(List.of("-map", "[grid]"));
        if (anyAudio) {
            int mixed = 0;
            for (int i = 0; i < files.size(); i++) {
                PieceFile file = files.get(i);
                if (!file.audio()) {
                    continue;
                }
                graph.append('[')
                        .append(i)
                        .append(":a]asetpts=PTS-STARTPTS,adelay=")
                        .append(file.startOffset().toMillis())
                        .append(":all=1[a")
                        .append(i)
                        .append("];");
                mixed++;
            }
            for (int i = 0; i < files.size(); i++) {
                if (files.get(i).audio()) {
                    graph.append("[a").append(i).append(']');
                }
            }
            graph.append("amix=inputs=").append(mixed).append(":duration=longest:normalize=0[mix]");
            command.addAll(List.of("-map", "[mix]", "-c:a", "libopus", "-b:a", "64k"));
        } else if (graph.charAt(graph.length() - 1) == ';') {
            graph.setLength(graph.length() - 1);
        }
        command.addAll(List.of("-filter_complex", graph.toString()));
        Path target = folder.resolve(NAME);
        command.addAll(List.of(
                "-c:v",
                "libvpx",
                "-deadline",
                "realtime",
                "-cpu-used",
                "8",
                // libvpx encodes on one thread unless told: the composed file is the slow part of a recording.
                "-threads",
                Integer.toString(Runtime.getRuntime().availableProcessors()),
                "-b:v",
                "1500k",
                "-t",
                PostProcessor.seconds(length),
                "-f",
                "webm",
                target.toString()));
        programs.run(command, work.resolve("composed.log"));
        return new RecordingFile(
                NAME, null, Duration.ZERO, probe.duration(target), anyAudio, true, PostProcessor.size(target));
    }
}
