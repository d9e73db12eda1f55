package io.faultline.sim;

/**
 * One entry of a {@link History}: an invocation or a completion of a client operation.
 *
 * @param index position in the history, from 0
 * @param id the operation's id; the invocation and its completion share it
 * @param type invoke, ok, fail or info
 * @param process the client that performs the operation
 * @param f the operation's name, such as {@code "add"}
 * @param value the argument of an invocation, the result of an ok, the reason of a fail or info
 * @param timeMs when it happened, in the engine's milliseconds
 */
public record Op(long index, long id, Type type, String process, String f, Object value,
                 long timeMs) {

    /** Jepsen's four kinds of history entries. */
    public enum Type {
        INVOKE, OK, FAIL, INFO;

        public String jepsenName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Override
    public String toString() {
        return "{:index " + index + ", :type :" + type.jepsenName() + ", :process " + process
            + ", :f :" + f + ", :value " + value + ", :time " + timeMs + "}";
    }
}
