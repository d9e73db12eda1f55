package io.faultline.protocols.byzantine;

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
}
