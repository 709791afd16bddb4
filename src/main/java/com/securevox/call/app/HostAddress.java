package com.securevox.call.app;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Comparator;
import java.util.Optional;

/**
 * The address of this machine a managed Janus takes its media candidates from: the first IPv4 address, by interface
 * index, of an interface that is up and neither loopback nor virtual. Janus is told to use that one only, so that the
 * address clients reach it at is known, and a managed coturn can let relayed clients reach exactly it.
 */
final class HostAddress {
    private HostAddress() {}

    static Optional<String> primary() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(HostAddress::usable)
                    .sorted(Comparator.comparingInt(NetworkInterface::getIndex))
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> address instanceof Inet4Address)
                    .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                    .map(InetAddress::getHostAddress)
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static boolean usable(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback() && !network.isVirtual();
        } catch (SocketException e) {
            return false;
        }
    }
}
