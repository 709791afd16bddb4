package com.securevox.call.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceAccountTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String pem;

    @BeforeAll
    static void key() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static byte[] account(String tokenUri) throws Exception {
        ObjectNode account = JSON.createObjectNode()
                .put("type", "service_account")
                .put("project_id", "my-app-1234")
                .put("private_key_id", "k1")
                .put("private_key", pem)
                .put("client_email", "push@my-app-1234.iam.gserviceaccount.com");
        if (tokenUri != null) {
            account.put("token_uri", tokenUri);
        }
        return JSON.writeValueAsBytes(account);
    }

    @Test
    void googlesTokenEndpointUnlessTheFileNamesAnother() throws Exception {
        assertThat(ServiceAccount.parse(account(null)).tokenUri())
                .isEqualTo(URI.create("https://oauth2.googleapis.com/token"));
        assertThat(ServiceAccount.parse(account("https://127.0.0.1:8443/token")).tokenUri())
                .isEqualTo(URI.create("https://127.0.0.1:8443/token"));
    }

    @ParameterizedTest(name = "{0}")
    // The assertion is as good as the key for an hour: not even a local stand-in gets it in the clear.
    @ValueSource(
            strings = {
                "http://127.0.0.1:8080/token",
                "http://localhost/token",
                "ftp://oauth2.googleapis.com/token",
                "https:///token"
            })
    void aTokenEndpointOutsideHttpsIsRefused(String tokenUri) {
        assertThatThrownBy(() -> ServiceAccount.parse(account(tokenUri)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token_uri: \"" + tokenUri
                        + "\" (expected: an https URL, https://oauth2.googleapis.com/token)");
    }
}
