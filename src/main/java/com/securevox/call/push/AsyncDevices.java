package com.securevox.call.push;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The device registry for callers on an I/O thread (a socket event): each call runs on a virtual thread and answers
 * through its stage. A refused registration ({@link InvalidDeviceException}) is checked before anything is queued.
 */
public final class AsyncDevices {
    private final DeviceRegistry registry;
    private final Executor executor;

    public AsyncDevices(DeviceRegistry registry, Executor executor) {
        this.registry = registry;
        this.executor = executor;
    }

    /**
     * Registers (or refreshes) a device; see {@link DeviceRegistry#register}. Build the registration with {@link
     * DeviceRegistration#of}, which throws {@link InvalidDeviceException} naming the field at once.
     *
     * @return the device, or a failure when the database cannot be reached
     */
    public CompletionStage<Device> register(DeviceRegistration registration) {
        return CompletableFuture.supplyAsync(() -> registry.register(registration), executor);
    }

    /** The user's devices. */
    public CompletionStage<List<Device>> devices(String userId) {
        return CompletableFuture.supplyAsync(() -> registry.devices(userId), executor);
    }

    /** Removes one of the user's devices; false if there was no such device. */
    public CompletionStage<Boolean> remove(String userId, String id) {
        return CompletableFuture.supplyAsync(() -> registry.remove(userId, id), executor);
    }
}
