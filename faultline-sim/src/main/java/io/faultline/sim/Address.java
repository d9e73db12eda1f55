package io.faultline.sim;

import java.util.Objects;

/**
 * The name of a node. Addresses order by name so that every engine can iterate over nodes in the
 * same, reproducible order.
 *
 * @param name a short, unique, non-blank name such as {@code "server"} or {@code "g3"}
 */
public record Address(String name) implements Comparable<Address> {

    public Address {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an address needs a non-blank name");
        }
    }

    public static Address of(String name) {
        return new Address(name);
    }

    @Override
    public int compareTo(Address other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
