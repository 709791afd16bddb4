package com.securevox.call.httpapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseHealthTest {
    @Test
    void theStatusFollowsFromTheFailedWrites() {
        assertThat(DatabaseHealth.of("sqlite", 0, 3, 0)).isEqualTo(new DatabaseHealth("sqlite", "up", 0, 3, 0));
        assertThat(DatabaseHealth.of("postgresql", 4, 120, 2).status()).isEqualTo("failing");
    }

    @Test
    void refusesWhatCannotBe() {
        assertThatThrownBy(() -> new DatabaseHealth("mysql", "up", 0, 0, 0))
                .hasMessageContaining("'mysql'")
                .hasMessageContaining("expected: one of");
        assertThatThrownBy(() -> new DatabaseHealth("sqlite", "up", 2, 0, 0))
                .hasMessage("database status: 'up' with 2 failed writes (expected: 'failing')");
        assertThatThrownBy(() -> DatabaseHealth.of("sqlite", 0, -1, 0)).hasMessageContaining("not negative");
    }
}
