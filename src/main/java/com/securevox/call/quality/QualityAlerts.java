package com.securevox.call.quality;

/** Where alerts go (the webhooks). Must not block: it is told from a socket's I/O thread. */
public interface QualityAlerts {
    QualityAlerts NONE = alert -> {};

    void alert(QualityAlert alert);
}
