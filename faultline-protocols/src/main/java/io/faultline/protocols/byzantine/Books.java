package io.faultline.protocols.byzantine;

import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;

import java.nio.charset.StandardCharsets;

/**
 * A general's bookkeeping: what it sent (messages and bytes) and what it did not take. Every
 * algorithm here sends through {@link #send} so that cost is counted the same way for all.
 */
final class Books {

    long late;
    long rejected;
    long forged;
    long duplicates;
    private long messages;
    private long bytes;

    /** Sends and counts; a message's size is the UTF-8 length of its printed form. */
    void send(Context ctx, Address to, Message message) {
        messages++;
        bytes += message.toString().getBytes(StandardCharsets.UTF_8).length;
        ctx.send(to, message);
    }

    ByzantineGeneral.Tally tally() {
        return new ByzantineGeneral.Tally(late, rejected, forged, duplicates, messages, bytes);
    }
}
