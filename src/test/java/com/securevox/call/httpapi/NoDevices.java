package com.securevox.call.httpapi;

import com.securevox.call.push.Device;
import com.securevox.call.push.DeviceRegistration;
import com.securevox.call.push.DeviceRegistry;
import com.securevox.call.store.HistoryStoreException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A server whose device registry is unreachable, for tests of the HTTP layer that are not about devices. */
public final class NoDevices implements DeviceRegistry {

    public static DeviceRegistry registry() {
        return new NoDevices();
    }

    @Override
    public Device register(DeviceRegistration registration) {
        throw new HistoryStoreException("no device registry in this test", null);
    }

    @Override
    public List<Device> devices(String userId) {
        throw new HistoryStoreException("no device registry in this test", null);
    }

    @Override
    public Optional<Device> device(String userId, String id) {
        throw new HistoryStoreException("no device registry in this test", null);
    }

    @Override
    public boolean remove(String userId, String id) {
        throw new HistoryStoreException("no device registry in this test", null);
    }

    @Override
    public boolean forget(Device device, Instant registeredNoLaterThan) {
        throw new HistoryStoreException("no device registry in this test", null);
    }
}
