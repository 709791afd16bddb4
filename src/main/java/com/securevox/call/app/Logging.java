package com.securevox.call.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import com.securevox.call.config.LogFormat;
import java.net.URL;
import org.slf4j.LoggerFactory;

/** Chooses the log format: readable text (logback.xml) or one JSON object a line (logback-json.xml). */
public final class Logging {
    private Logging() {}

    public static void configure(LogFormat format) {
        if (format == LogFormat.TEXT) {
            return; // logback.xml, loaded by default
        }
        URL resource = Logging.class.getResource("/logback-json.xml");
        if (resource == null) {
            throw new IllegalStateException("logback-json.xml missing from the jar");
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(resource);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure JSON logging", e);
        }
    }
}
