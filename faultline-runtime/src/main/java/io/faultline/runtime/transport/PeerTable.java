package io.faultline.runtime.transport;

import io.faultline.sim.Address;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each node's transport listens: {@code Address -> host:port}. Shared by the transports of a
 * cluster; updated when a node comes back on another port (a restarted child process).
 * Thread-safe.
 */
public final class PeerTable {

    private final Map<Address, InetSocketAddress> endpoints = new ConcurrentHashMap<>();

    /** Records that {@code node} listens at {@code endpoint}, replacing any earlier entry. */
    public void put(Address node, InetSocketAddress endpoint) {
        endpoints.put(Objects.requireNonNull(node, "node"),
            Objects.requireNonNull(endpoint, "endpoint"));
    }

    /** Forgets {@code node}: messages to it are lost until it is put again. */
    public void remove(Address node) {
        endpoints.remove(node);
    }

    /** Where {@code node} listens, if known. */
    public Optional<InetSocketAddress> get(Address node) {
        return Optional.ofNullable(endpoints.get(node));
    }
}
