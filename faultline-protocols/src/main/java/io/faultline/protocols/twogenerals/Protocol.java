package io.faultline.protocols.twogenerals;

import java.util.Locale;

/**
 * A protocol of the two generals family: a chain of {@code steps} messages alternating between
 * the generals (general 1 sends the odd steps, general 2 the even ones), each step carried by
 * {@code messengers} messengers, and a decision rule: a general attacks at dawn if and only if it
 * has received at least its threshold of the steps addressed to it.
 *
 * <p>The course's two strategies and the acknowledgement chains are members:
 * <ul>
 *   <li>{@link #alwaysAttack(int)}: one step; general 1 attacks whatever happens (threshold 0),
 *       general 2 when the order arrives.</li>
 *   <li>{@link #attackAfterAck(int)}: two steps; general 1 attacks only with the acknowledgement,
 *       general 2 with the order (and faces general 1's doubt).</li>
 *   <li>{@link #ackChain(int, int)}: k steps; each general attacks when it received every step
 *       addressed to it.</li>
 * </ul>
 * General 2 never attacks without the order (threshold at least 1): it cannot know of an attack
 * it never heard of.
 *
 * @param steps chain length, 1 or more
 * @param messengers copies of each step sent at once, 1 or more
 * @param threshold1 steps general 1 must receive to attack, 0..{@link #toGeneral1()}
 * @param threshold2 steps general 2 must receive to attack, 1..{@link #toGeneral2()}
 */
public record Protocol(int steps, int messengers, int threshold1, int threshold2) {

    /** A bound on one chain, so that a request cannot send without end. */
    public static final int STEPS_MAX = 64;
    /** A bound on messengers per step. */
    public static final int MESSENGERS_MAX = 1_000;

    public Protocol {
        if (steps < 1 || steps > STEPS_MAX) {
            throw new IllegalArgumentException("steps must be in 1.." + STEPS_MAX + ", got "
                + steps);
        }
        if (messengers < 1 || messengers > MESSENGERS_MAX) {
            throw new IllegalArgumentException("messengers must be in 1.." + MESSENGERS_MAX
                + ", got " + messengers);
        }
        if (threshold1 < 0 || threshold1 > steps / 2) {
            throw new IllegalArgumentException("threshold1 must be in 0.." + steps / 2 + ", got "
                + threshold1);
        }
        if (threshold2 < 1 || threshold2 > (steps + 1) / 2) {
            throw new IllegalArgumentException("threshold2 must be in 1.." + (steps + 1) / 2
                + ", got " + threshold2);
        }
    }

    /** Strategy 1 of the course: general 1 always attacks and sends many messengers. */
    public static Protocol alwaysAttack(int messengers) {
        return new Protocol(1, messengers, 0, 1);
    }

    /** Strategy 2 of the course: general 1 attacks only after a positive response. */
    public static Protocol attackAfterAck(int messengers) {
        return new Protocol(2, messengers, 1, 1);
    }

    /** A chain of {@code steps} acknowledgements; each general needs every step sent to it. */
    public static Protocol ackChain(int steps, int messengers) {
        return new Protocol(steps, messengers, steps / 2, (steps + 1) / 2);
    }

    /** Parses {@code always-attack}, {@code attack-after-ack} or {@code ack-chain}. */
    public static Protocol parse(String strategy, int steps, int messengers) {
        return switch (strategy == null ? "" : strategy.toLowerCase(Locale.ROOT)) {
            case "always-attack" -> alwaysAttack(messengers);
            case "attack-after-ack" -> attackAfterAck(messengers);
            case "ack-chain" -> ackChain(steps, messengers);
            default -> throw new IllegalArgumentException("unknown strategy '" + strategy
                + "'; valid: always-attack, attack-after-ack, ack-chain");
        };
    }

    /** How many steps are addressed to general 1 (the even ones). */
    public int toGeneral1() {
        return steps / 2;
    }

    /** How many steps are addressed to general 2 (the odd ones). */
    public int toGeneral2() {
        return (steps + 1) / 2;
    }

    /**
     * The probability of a coordinated outcome (both attack or neither does) when each messenger
     * is lost independently with probability {@code loss}.
     *
     * <p>A step gets through with q = 1 - loss^messengers. The chain stops at its first lost step
     * j (probability q^(j-1)(1-q)), after which general 1 holds floor((j-1)/2) steps and general 2
     * ceil((j-1)/2); with no loss each holds all of its steps.
     */
    public double coordinatedProbability(double loss) {
        double q = 1.0 - Math.pow(loss, messengers);
        double p = 0;
        for (int j = 1; j <= steps; j++) {
            if (attacks1((j - 1) / 2) == attacks2(j / 2)) {
                p += Math.pow(q, j - 1) * (1 - q);
            }
        }
        return p + Math.pow(q, steps);
    }

    /** Whether general 1 attacks having received {@code received} steps. */
    public boolean attacks1(int received) {
        return received >= threshold1;
    }

    /** Whether general 2 attacks having received {@code received} steps. */
    public boolean attacks2(int received) {
        return received >= threshold2;
    }

    @Override
    public String toString() {
        return steps + " step" + (steps == 1 ? "" : "s") + " x " + messengers + " messenger"
            + (messengers == 1 ? "" : "s") + ", general 1 needs " + threshold1
            + ", general 2 needs " + threshold2;
    }
}
