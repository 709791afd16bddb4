package com.securevox.call.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void neverShowsItsValue() {
        Secret secret = new Secret("hunter2-hunter2");

        assertThat(secret).hasToString("***");
        assertThat("key=" + secret).isEqualTo("key=***");
    }

    @Test
    void bytesAreUtf8OfTheValueAndACopy() {
        Secret secret = new Secret("clé");
        byte[] bytes = secret.bytes();
        bytes[0] = 0;

        assertThat(secret.bytes()).isEqualTo("clé".getBytes(StandardCharsets.UTF_8));
        assertThat(secret.byteLength()).isEqualTo(4);
        assertThat(secret.characterCount()).isEqualTo(3);
    }

    @Test
    void mustNotBeEmpty() {
        assertThatThrownBy(() -> new Secret(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secret: empty (expected: at least one character)");
    }
}
