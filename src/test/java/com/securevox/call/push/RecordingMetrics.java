package com.securevox.call.push;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What push told its metrics, in order, as "provider result reason" and "removed provider reason" lines. */
final class RecordingMetrics implements PushMetrics {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void push(String provider, String result, String reason) {
        lines.add(provider + " " + result + " " + reason);
    }

    @Override
    public void deviceRemoved(String provider, String reason) {
        lines.add("removed " + provider + " " + reason);
    }
}
