package io.faultline.protocols.byzantine;

import io.faultline.sim.Context;

import java.util.function.Consumer;

/**
 * Synchronous rounds built from the known delay bound of the sync timing model.
 *
 * <p>A round lasts the bound plus one millisecond, so that a message that takes exactly the bound
 * still arrives strictly before the next round's timer, whatever order an engine gives to events
 * at the same instant.
 */
public final class SyncRounds {

    private SyncRounds() {
    }

    /** The length of one round for a known delay bound {@code deltaMs}. */
    public static long roundMs(long deltaMs) {
        if (deltaMs < 0) {
            throw new IllegalArgumentException("deltaMs must be >= 0, got " + deltaMs);
        }
        return deltaMs + 1;
    }

    /** Checks a start delay: 0 or more milliseconds. */
    static void checkStart(long startMs) {
        if (startMs < 0) {
            throw new IllegalArgumentException("startMs must be >= 0, got " + startMs);
        }
    }

    /**
     * Begins round 0 now when {@code startMs} is 0, else sets {@code RoundTimer(0)} for the
     * moment {@code startMs} of the engine's clock, on which the node calls {@code begin} itself.
     * Aiming at a moment of the shared clock rather than a delay from the node's own start keeps
     * every general's rounds in step even when the hosts start one after another.
     */
    static void start(Context ctx, long startMs, Consumer<Context> begin) {
        if (startMs == 0) {
            begin.accept(ctx);
        } else {
            ctx.setTimer(new RoundTimer(0), Math.max(0, startMs - ctx.now()));
        }
    }
}
