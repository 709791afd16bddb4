package com.securevox.call;

import com.securevox.call.app.App;
import com.securevox.call.app.Banner;
import com.securevox.call.app.Logging;
import com.securevox.call.config.ConfigException;
import com.securevox.call.config.ConfigLoader;
import com.securevox.call.config.ServerConfig;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Loads the config, starts the app, waits for signals. Exit codes: 0 after a drain, 78 bad config. */
public final class Main {
    private static final int EX_CONFIG = 78;
    private static final int EX_SOFTWARE = 70;

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        ServerConfig config;
        App app;
        try {
            config = ConfigLoader.fromSystem();
            Logging.configure(config.logFormat());
            app = new App(config, Clock.systemUTC());
        } catch (ConfigException e) {
            System.err.println("securevox-call: cannot start, the configuration is invalid:");
            e.problems().forEach(problem -> System.err.println("  " + problem));
            System.exit(EX_CONFIG);
            return;
        } catch (RuntimeException e) {
            // The history database could not be opened or migrated.
            System.err.println("securevox-call: cannot start: " + e.getMessage());
            System.exit(EX_SOFTWARE);
            return;
        }
        try {
            app.start();
        } catch (RuntimeException e) {
            System.err.println("securevox-call: cannot start: " + e.getMessage());
            app.stop();
            System.exit(EX_SOFTWARE);
            return;
        }
        Banner.print(config, app.port(), System.out);
        // Signals rather than shutdown hooks: a drain must end in exit status 0, not 143.
        AtomicInteger signals = new AtomicInteger();
        CountDownLatch stopped = new CountDownLatch(1);
        SignalHandler handler = signal -> {
            if (signals.getAndIncrement() > 0) {
                Runtime.getRuntime().halt(1); // a second signal: stop waiting for calls
            }
            Thread.ofPlatform().name("securevox-drain").start(() -> {
                app.drainAndStop();
                stopped.countDown();
            });
        };
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
        stopped.await();
        System.exit(0);
    }
}
