package com.securevox.call.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserAgentsTest {
    private final UserAgents agents = new UserAgents();

    @Test
    void equalValuesShareOneInstance() {
        String first = agents.shared(new String("Dart/3.5 (dart:io)"));
        String second = agents.shared(new String("Dart/3.5 (dart:io)"));

        assertThat(second).isSameAs(first);
        assertThat(agents.shared("")).isEmpty();
    }

    @Test
    void theTableIsBoundedAndLongValuesAreNotShared() {
        for (int i = 0; i < UserAgents.MAX_KNOWN; i++) {
            agents.shared("client/" + i);
        }
        String late = new String("late/1");
        assertThat(agents.shared(late)).isSameAs(late);
        assertThat(agents.shared(new String("late/1"))).isNotSameAs(late).isEqualTo("late/1");
        assertThat(agents.shared(new String("client/7"))).isEqualTo("client/7");

        String huge = "x".repeat(UserAgents.MAX_SHARED_LENGTH + 1);
        assertThat(new UserAgents().shared(huge)).isSameAs(huge);
    }
}
