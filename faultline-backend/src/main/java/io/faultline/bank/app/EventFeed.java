package io.faultline.bank.app;

import io.faultline.bank.Event;
import java.util.function.Consumer;

/**
 * Where the response part gets the events it pushes over server-sent events.
 *
 * <p>A subscription delivers {@code client}'s events with sequence numbers above
 * {@code afterSeq}, each exactly once, in order and without a gap: first what is already known,
 * then new events as they come. Implementations are thread-safe; a sink is called by one thread
 * at a time.
 */
public interface EventFeed {

    /** Starts delivering to {@code sink}; closing the result stops it. */
    AutoCloseable subscribe(String client, long afterSeq, Consumer<Event> sink);
}
