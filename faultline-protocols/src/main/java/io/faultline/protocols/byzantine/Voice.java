package io.faultline.protocols.byzantine;

import io.faultline.sim.Address;
import io.faultline.sim.Context;

import java.util.List;
import java.util.OptionalInt;

/**
 * What a general actually says, given what the algorithm says it should. A loyal general speaks
 * with {@link #HONEST}; a traitor runs the same node class with a {@link Strategy}, so that the
 * mechanics (rounds, paths, signatures) are shared and only the claims differ.
 */
@FunctionalInterface
public interface Voice {

    /** Says exactly what the algorithm says. */
    Voice HONEST = (ctx, to, path, honest) -> OptionalInt.of(honest);

    /**
     * The value to send to {@code to}, or empty to send nothing.
     *
     * @param path the claim's chain: {@code [self]} for the speaker's own value, otherwise
     *             {@code [commander, ..., self]}: "self says that ... the commander said"; in
     *             the lecture algorithm's round 2, entry j of the vector is {@code [j, self]}
     *             (its own entry is {@code [self, self]})
     * @param honest what the algorithm would send
     */
    OptionalInt say(Context ctx, Address to, List<Address> path, int honest);
}
