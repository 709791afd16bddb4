package com.securevox.call.recording;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The folders of recordings: {@code recordings} holds one folder per recording; the SFU writes its raw files into
 * {@code raw} ({@code .spool} inside it), from where each recording's files move into its own folder when it ends.
 */
public record RecordingSpool(Path recordings, Path raw) {
    public RecordingSpool {
        Objects.requireNonNull(recordings, "recordings");
        Objects.requireNonNull(raw, "raw");
    }

    public static RecordingSpool in(Path recordings) {
        Path absolute = recordings.toAbsolutePath().normalize();
        return new RecordingSpool(absolute, absolute.resolve(".spool"));
    }
}
