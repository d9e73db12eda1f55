package io.faultline.sim;

/**
 * Records client operations in Jepsen's form: an {@code invoke}, then exactly one completion.
 *
 * <ul>
 *   <li>{@code ok}: the operation took effect, and the client knows it;</li>
 *   <li>{@code fail}: the operation definitely did not take effect;</li>
 *   <li>{@code info}: the client cannot know whether it took effect. This is the two generals'
 *       doubt made concrete: a request was sent and no answer came back.</li>
 * </ul>
 * An operation still open when a run ends is completed as {@code info}. The recorder belongs to the
 * engine, not to the node, so it survives crashes.
 */
public interface HistoryRecorder {

    /**
     * Records that {@code process} starts operation {@code f} with argument {@code value}.
     *
     * @return the operation's id, to pass to exactly one completion
     */
    long invoke(String process, String f, Object value);

    /** The operation took effect, with result {@code value}. */
    void ok(long opId, Object value);

    /** The operation definitely did not take effect, for {@code reason}. */
    void fail(long opId, String reason);

    /** The outcome of the operation is unknown, for {@code reason}. */
    void info(long opId, String reason);

    /** Whether the operation is still open (invoked, not completed). */
    boolean isOpen(long opId);
}
