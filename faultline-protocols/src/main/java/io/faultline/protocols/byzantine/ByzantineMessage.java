package io.faultline.protocols.byzantine;

import io.faultline.sim.Address;
import io.faultline.sim.Message;

import java.util.List;
import java.util.Objects;

/** Every message of the Byzantine generals algorithms in this package. */
public sealed interface ByzantineMessage extends Message {

    /**
     * Nothing: a real cluster sends one between every pair before round 0 so that every
     * connection is open when the rounds begin. Every general ignores it.
     */
    record Ping() implements ByzantineMessage {
    }

    /** Lecture algorithm, round 1: "my army has {@code value} soldiers". */
    record ArmySize(int value) implements ByzantineMessage {
    }

    /**
     * Lecture algorithm, round 2: the vector of army sizes the sender gathered in round 1, indexed
     * like {@code Context.nodes()}; {@link Values#UNKNOWN} where nothing arrived.
     */
    record Report(List<Integer> values) implements ByzantineMessage {
        public Report {
            values = List.copyOf(values);
        }
    }

    /**
     * OM(m): "the last general of {@code path} says that the one before it said ... that the
     * first, the commander, said {@code value}". The path is the whole chain of relays; receivers
     * key what they store by it, never by the sender alone.
     */
    record Oral(List<Address> path, int value) implements ByzantineMessage {
        public Oral {
            path = List.copyOf(path);
        }
    }

    /**
     * SM(m): {@code value} as ordered by the first signer, signed by every general of
     * {@code chain} in turn.
     */
    record Signed(int value, List<Signature> chain) implements ByzantineMessage {
        public Signed {
            chain = List.copyOf(chain);
        }
    }

    /**
     * One link of a signature chain.
     *
     * @param signer who signed
     * @param base64 the Ed25519 signature, Base64 (a string, so that the message prints the same
     *               way in every run)
     */
    record Signature(Address signer, String base64) {
        public Signature {
            Objects.requireNonNull(signer, "signer");
            Objects.requireNonNull(base64, "base64");
        }
    }
}
