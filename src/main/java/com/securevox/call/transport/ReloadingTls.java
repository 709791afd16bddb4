package com.securevox.call.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context, read again when its files change: a renewed certificate (certbot, a Kubernetes secret)
 * is served to new connections without a restart, and connections already open keep theirs. Files that do not load
 * leave the current context in place and are reported once.
 */
final class ReloadingTls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReloadingTls.class);

    private final TlsSource source;
    private volatile TlsMaterial.Loaded current;
    private byte[] refusedDigest = new byte[0];
    private ScheduledExecutorService timer;

    private ReloadingTls(TlsSource source, TlsMaterial.Loaded loaded) {
        this.source = source;
        this.current = loaded;
    }

    /** Loads the files now: a server must not start with TLS it cannot serve. */
    static ReloadingTls load(TlsSource source) {
        return new ReloadingTls(source, TlsMaterial.load(source));
    }

    SslHandler newHandler(ByteBufAllocator allocator) {
        return current.context().newHandler(allocator);
    }

    /** The serial number of the certificate new connections get, for logs and tests. */
    String serial() {
        return current.leaf().getSerialNumber().toString(16);
    }

    /** Runs on the reload timer only. Returns whether new connections now get another certificate. */
    boolean reloadIfChanged() {
        byte[] digest;
        try {
            digest = TlsMaterial.digestOf(source);
        } catch (TlsException e) {
            refuse(new byte[0], e);
            return false;
        }
        if (Arrays.equals(digest, current.digest()) || Arrays.equals(digest, refusedDigest)) {
            return false;
        }
        try {
            TlsMaterial.Loaded loaded = TlsMaterial.load(source);
            current = loaded;
            refusedDigest = new byte[0];
            log.info(
                    "tls certificate reloaded subject={} serial={} notAfter={}",
                    loaded.leaf().getSubjectX500Principal().getName(),
                    serial(),
                    loaded.leaf().getNotAfter().toInstant());
            return true;
        } catch (TlsException e) {
            refuse(digest, e);
            return false;
        }
    }

    private void refuse(byte[] digest, TlsException e) {
        if (!Arrays.equals(digest, refusedDigest) || digest.length == 0) {
            log.error("tls files changed but cannot be served, keeping the current certificate: {}", e.getMessage());
        }
        refusedDigest = digest;
    }

    void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "securevox-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        long every = source.reloadInterval().toMillis();
        timer.scheduleWithFixedDelay(this::reloadQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private void reloadQuietly() {
        try {
            reloadIfChanged();
        } catch (RuntimeException e) {
            log.error("tls reload failed", e);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
