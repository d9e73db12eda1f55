package io.faultline.protocols.byzantine;

import io.faultline.sim.Address;
import io.faultline.sim.Node;

import java.util.Optional;
import java.util.SortedMap;

/** A general of any of the algorithms here, as checkers and reports see it. */
public interface ByzantineGeneral extends Node {

    /**
     * The decided value for each commander (every general in interactive consistency, the one
     * commander otherwise; {@link Values#UNKNOWN} where undecided), empty until the last round.
     */
    Optional<SortedMap<Address, Integer>> decision();

    /** What this general sent, and what it rejected or ignored, so far. */
    Tally tally();

    /**
     * Counts of messages a general did not take.
     *
     * @param late arrived after the round they belong to had ended (taken as missing)
     * @param rejected malformed: wrong path, unknown commander, a chain that does not end with the
     *                 sender
     * @param forged a signature that does not verify (SM only): a forged or altered relay
     * @param duplicates a second copy of a message already taken
     * @param messages messages this general sent
     * @param bytes bytes this general sent (the UTF-8 length of each message's printed form)
     */
    record Tally(long late, long rejected, long forged, long duplicates, long messages,
                 long bytes) {

        /** Nothing counted. */
        public static final Tally ZERO = new Tally(0, 0, 0, 0, 0, 0);

        @Override
        public String toString() {
            return "messages=" + messages + " bytes=" + bytes + " late=" + late + " rejected="
                + rejected + " forged=" + forged + " duplicates=" + duplicates;
        }

        /** The sum of two tallies. */
        public Tally plus(Tally o) {
            return new Tally(late + o.late, rejected + o.rejected, forged + o.forged,
                duplicates + o.duplicates, messages + o.messages, bytes + o.bytes);
        }
    }
}
