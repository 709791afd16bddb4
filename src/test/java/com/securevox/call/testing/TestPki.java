package com.securevox.call.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throw-away certificate authority in a directory, made with the {@code openssl} and {@code keytool} commands the
 * way an operator makes test certificates, so the server reads exactly what it will read in production.
 */
public final class TestPki {
    /** The names of {@link #leaf}: a server on this machine. */
    private static final String LOCAL = "DNS:localhost,IP:127.0.0.1";

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** A new CA ({@code ca.pem}, {@code ca.key}) in {@code dir}. */
    public static TestPki create(Path dir) {
        TestPki pki = new TestPki(dir);
        pki.run(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=SecureVOX Call test CA");
        return pki;
    }

    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    /** A server certificate for localhost and 127.0.0.1 signed by the CA: {@code name.pem} (leaf, then CA) and key. */
    public Leaf leaf(String name, long serial) {
        return leaf(name, serial, "ec", "ec_paramgen_curve:P-256", LOCAL);
    }

    public Leaf rsaLeaf(String name, long serial) {
        return leaf(name, serial, "rsa", "rsa_keygen_bits:2048", LOCAL);
    }

    /**
     * A server certificate signed by the CA for other names only, such as {@code DNS:redis.example}: a client that
     * connects to localhost and checks host names refuses it.
     */
    public Leaf leafFor(String name, long serial, String subjectAltName) {
        return leaf(name, serial, "ec", "ec_paramgen_curve:P-256", subjectAltName);
    }

    private Leaf leaf(String name, long serial, String algorithm, String parameter, String subjectAltName) {
        write(name + ".ext", "subjectAltName=" + subjectAltName + "\n");
        run(
                "openssl",
                "req",
                "-newkey",
                algorithm,
                "-pkeyopt",
                parameter,
                "-nodes",
                "-keyout",
                name + ".key",
                "-out",
                name + ".csr",
                "-subj",
                "/CN=localhost");
        run(
                "openssl",
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-set_serial",
                Long.toString(serial),
                "-days",
                "1",
                "-extfile",
                name + ".ext",
                "-out",
                name + ".leaf.pem");
        try {
            Files.writeString(
                    dir.resolve(name + ".pem"),
                    Files.readString(dir.resolve(name + ".leaf.pem")) + Files.readString(caCertificate()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Leaf(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    }

    /** The leaf's key in the older PKCS#1 form ({@code BEGIN RSA PRIVATE KEY}) that some tools still write. */
    public Path pkcs1(Leaf rsa, String name) {
        run("openssl", "pkey", "-in", rsa.key().toString(), "-traditional", "-out", name);
        return dir.resolve(name);
    }

    /** The leaf with its key in a PKCS#12 keystore. */
    public Path pkcs12(Leaf leaf, String name, String password) {
        run(
                "openssl",
                "pkcs12",
                "-export",
                "-in",
                leaf.chain().toString(),
                "-inkey",
                leaf.key().toString(),
                "-out",
                name,
                "-passout",
                "pass:" + password);
        return dir.resolve(name);
    }

    /** A self-signed keystore whose certificate expired yesterday. */
    public Path expiredPkcs12(String name, String password) {
        run(
                "keytool",
                "-genkeypair",
                "-keystore",
                name,
                "-storetype",
                "PKCS12",
                "-storepass",
                password,
                "-alias",
                "old",
                "-keyalg",
                "EC",
                "-dname",
                "CN=localhost",
                "-startdate",
                "-3d",
                "-validity",
                "2");
        return dir.resolve(name);
    }

    public Path write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server's TLS context presenting the certificate and key of a PKCS#12 keystore, trusting the JDK's CAs. */
    public static SSLContext serverContext(Path pkcs12, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pkcs12)) {
            store.load(in, password.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** A certificate chain file and its private key. */
    public record Leaf(Path chain, Path key) {}

    private void run(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        try {
            Process process = new ProcessBuilder(args)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", args) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + args.getFirst() + " (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
