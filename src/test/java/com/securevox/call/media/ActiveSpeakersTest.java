package com.securevox.call.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.securevox.call.testing.ManualScheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActiveSpeakersTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<List<String>> told = new ArrayList<>();
    private final ActiveSpeakers speakers = new ActiveSpeakers(scheduler, Runnable::run, told::add);

    @Test
    void tellsTheLatestToStartFirstOncePerDebounce() {
        speakers.talking("a", true);
        speakers.talking("b", true);
        assertThat(told).isEmpty();
        assertThat(scheduler.tasks()).singleElement().satisfies(t -> assertThat(t.delay)
                .isEqualTo(ActiveSpeakers.DEBOUNCE));

        scheduler.firePending();
        assertThat(told).containsExactly(List.of("b", "a"));

        speakers.talking("a", true); // a speaks again: first now
        speakers.talking("b", false);
        scheduler.firePending();
        assertThat(told).last().isEqualTo(List.of("a"));
    }

    @Test
    void aFlapThatEndsWhereItStartedIsNotTold() {
        speakers.talking("a", true);
        scheduler.firePending();
        speakers.talking("a", false);
        speakers.talking("a", true);
        scheduler.firePending();
        assertThat(told).containsExactly(List.of("a"));
    }

    @Test
    void someoneWhoLeavesStopsSpeaking() {
        speakers.talking("a", true);
        scheduler.firePending();
        speakers.gone("a");
        scheduler.firePending();
        assertThat(told).containsExactly(List.of("a"), List.of());
        speakers.gone("nobody");
        assertThat(scheduler.firePending()).isZero();
    }
}
