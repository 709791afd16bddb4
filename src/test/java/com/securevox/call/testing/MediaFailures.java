package com.securevox.call.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.securevox.call.media.MediaException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** What an SFU operation failed with: the stage must fail within 20 s, with a {@link MediaException}. */
public final class MediaFailures {
    private MediaFailures() {}

    public static MediaException failure(CompletionStage<?> stage) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        assertThatThrownBy(() -> future.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        try {
            future.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(MediaException.class);
            return (MediaException) e.getCause();
        }
    }
}
