package io.faultline.protocols.byzantine;

import io.faultline.sim.Address;
import io.faultline.sim.Context;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How a traitor lies. Every strategy is a {@link Voice}: it sees each message the algorithm would
 * send and chooses what to send instead. Values are drawn from {@code 0 .. domain-1}.
 */
public sealed interface Strategy extends Voice {

    /** The command-line names, in order. */
    List<String> NAMES = List.of("silent", "random", "equivocate", "two-faced", "collude");

    /** Sends nothing at all. */
    record Silent() implements Strategy {
        @Override
        public OptionalInt say(Context ctx, Address to, List<Address> path, int honest) {
            return OptionalInt.empty();
        }
    }

    /** Sends a random value of the domain in every message, drawn from the node's seeded stream. */
    record RandomValues(int domain) implements Strategy {
        public RandomValues {
            requireDomain(domain);
        }

        @Override
        public OptionalInt say(Context ctx, Address to, List<Address> path, int honest) {
            return OptionalInt.of(ctx.random().nextInt(domain));
        }
    }

    /** Tells each receiver a different value (receiver's position modulo the domain). */
    record Equivocate(int domain) implements Strategy {
        public Equivocate {
            requireDomain(domain);
        }

        @Override
        public OptionalInt say(Context ctx, Address to, List<Address> path, int honest) {
            return OptionalInt.of(ctx.nodes().indexOf(to) % domain);
        }
    }

    /**
     * Honest about its own value, two-faced about what others said: relays the truth to receivers
     * at even positions and a different value to those at odd positions.
     */
    record TwoFaced(int domain) implements Strategy {
        public TwoFaced {
            requireDomain(domain);
        }

        @Override
        public OptionalInt say(Context ctx, Address to, List<Address> path, int honest) {
            if (path.get(0).equals(ctx.self()) || ctx.nodes().indexOf(to) % 2 == 0) {
                return OptionalInt.of(honest);
            }
            return OptionalInt.of(Math.floorMod(honest + 1, domain));
        }
    }

    /**
     * Traitors sharing one plan: all of them tell the generals of {@code groupA} {@code valueA}
     * and every other general {@code valueB}, in every message, so that their lies agree with
     * each other and split the loyal generals in two.
     */
    record Colluding(Set<Address> groupA, int valueA, int valueB) implements Strategy {
        public Colluding {
            groupA = Set.copyOf(new TreeSet<>(groupA));
        }

        /** A plan that splits {@code loyal} (in order) into two halves told 0 and 1. */
        public static Colluding splitting(List<Address> loyal) {
            return new Colluding(Set.copyOf(loyal.subList(0, loyal.size() / 2)), 0, 1);
        }

        @Override
        public OptionalInt say(Context ctx, Address to, List<Address> path, int honest) {
            return OptionalInt.of(groupA.contains(to) ? valueA : valueB);
        }
    }

    /**
     * A fixed script, for exhaustive search: the value for each (receiver, path), where a
     * negative value means "send nothing"; a message the script does not mention is honest.
     *
     * @param choices keyed by {@link #key(Address, List)}
     */
    record Scripted(Map<String, Integer> choices) implements Strategy {
        public Scripted {
            choices = Map.copyOf(new TreeMap<>(choices));
        }

        /** The script key of a message to {@code to} carrying {@code path}. */
        public static String key(Address to, List<Address> path) {
            return to + "<" + path;
        }

        @Override
        public OptionalInt say(Context ctx, Address to, List<Address> path, int honest) {
            Integer v = choices.get(key(to, path));
            if (v == null) {
                return OptionalInt.of(honest);
            }
            return v < 0 ? OptionalInt.empty() : OptionalInt.of(v);
        }
    }

    /**
     * The strategy named {@code name} over values {@code 0 .. domain-1}; {@code loyal} are the
     * loyal generals, which colluding traitors plan against.
     *
     * @throws IllegalArgumentException naming the bad name and the valid ones
     */
    static Strategy parse(String name, int domain, List<Address> loyal) {
        switch (name == null ? "" : name) {
            case "silent":
                return new Silent();
            case "random":
                return new RandomValues(domain);
            case "equivocate":
                return new Equivocate(domain);
            case "two-faced":
                return new TwoFaced(domain);
            case "collude":
                return Colluding.splitting(loyal);
            default:
                throw new IllegalArgumentException("unknown strategy '" + name + "'; valid: "
                    + String.join(", ", NAMES));
        }
    }

    private static void requireDomain(int domain) {
        if (domain < 2) {
            throw new IllegalArgumentException("a traitor needs at least 2 values to lie with, got "
                + "domain " + domain);
        }
    }
}
