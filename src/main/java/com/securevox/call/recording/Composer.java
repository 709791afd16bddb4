package com.securevox.call.recording;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One file of the whole call: every participant's video in a grid (each tile black until its media starts and after
 * it ends), everyone's audio mixed, each placed at its offset in the recording. Re-encodes (VP8 + Opus), so it costs
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

    RecordingFile compose(List<RecordingFile> files, Path folder, Path work, Duration length, Probe probe)
            throws RecordingException {
        List<RecordingFile> videos = files.stream().filter(RecordingFile::video).toList();
        List<RecordingFile> audios = files.stream().filter(RecordingFile::audio).toList();
        int columns = (int) Math.ceil(Math.sqrt(Math.max(1, videos.size())));
        int rows = (int) Math.ceil(Math.max(1, videos.size()) / (double) columns);
        List<String> command = new ArrayList<>(
                List.of(programs.ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
        for (RecordingFile file : files) {
            command.addAll(List.of("-i", folder.resolve(file.name()).toString()));
        }
        StringBuilder graph = new StringBuilder();
        graph.append("color=c=black:s=")
                .append(TILE_WIDTH * columns)
                .append('x')
                .append(TILE_HEIGHT * rows)
                .append(":r=25:d=")
                .append(PostProcessor.seconds(length))
                .append("[base0];");
        int tile = 0;
        String last = "base0";
        for (int i = 0; i < files.size(); i++) {
            RecordingFile file = files.get(i);
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
            String next = "base" + (tile + 1);
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
            tile++;
        }
        // The overlays leave an alpha plane that VP8 cannot carry.
        graph.append('[').append(last).append("]format=yuv420p[grid];");
        command.addAll(List.of("-map", "[grid]"));
        if (!audios.isEmpty()) {
            int mixed = 0;
            for (int i = 0; i < files.size(); i++) {
                RecordingFile file = files.get(i);
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
                NAME, null, Duration.ZERO, probe.duration(target), !audios.isEmpty(), true, PostProcessor.size(target));
    }
}
