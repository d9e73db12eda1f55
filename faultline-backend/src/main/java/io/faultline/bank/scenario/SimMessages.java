package io.faultline.bank.scenario;

import io.faultline.bank.Event;
import io.faultline.bank.ReadModel;
import io.faultline.sim.Message;
import java.util.List;
import java.util.Map;

/** The messages of the bank scenario's broker, filling part and response part. */
public final class SimMessages {

    private SimMessages() {
    }

    /** Everything the scenario's own nodes send (the ledger speaks its own messages). */
    public sealed interface BankSimMessage extends Message {
    }

    /** A filling member is alive; the broker answers with its {@link Assignment}. */
    public record Heartbeat(String member) implements BankSimMessage {
    }

    /**
     * The partitions {@code member} owns in generation {@code generation}, each with its committed
     * offset (where the member starts reading). It names its member, as Kafka's SyncGroup answer
     * is for one member id: a member takes only its own assignment, not one that reached it
     * because the heartbeat it answers came under a forged sender.
     */
    public record Assignment(String member, long generation, Map<Integer, Long> committed)
        implements BankSimMessage {
        public Assignment {
            committed = Map.copyOf(committed);
        }
    }

    /** Asks for up to {@code max} records of {@code partition} from {@code offset}. */
    public record Fetch(String member, long generation, int partition, long offset, int max)
        implements BankSimMessage {
    }

    /** Records of a partition from {@code offset}; empty when there are none yet. */
    public record Records(long generation, int partition, long offset, List<Event> events)
        implements BankSimMessage {
        public Records {
            events = List.copyOf(events);
        }
    }

    /** The member does not own the partition in the current generation: heartbeat again. */
    public record NotOwner(long generation, int partition) implements BankSimMessage {
    }

    /** Everything of {@code partition} before {@code offset} is applied; no reply. */
    public record Commit(String member, long generation, int partition, long offset)
        implements BankSimMessage {
    }

    /** Asks the response part to apply events to its read model. */
    public record Apply(long requestId, List<Event> events) implements BankSimMessage {
        public Apply {
            events = List.copyOf(events);
        }
    }

    /** What the read model did with each event of an {@link Apply}, in order. */
    public record ApplyDone(long requestId, List<ReadModel.Outcome> outcomes)
        implements BankSimMessage {
        public ApplyDone {
            outcomes = List.copyOf(outcomes);
        }
    }

    /** A client wants {@code account}'s events after {@code afterSeq} (SSE with Last-Event-ID). */
    public record Subscribe(String account, long afterSeq) implements BankSimMessage {
    }

    /** One pushed event (an SSE frame whose id is the event's sequence number). */
    public record Push(Event event) implements BankSimMessage {
    }
}
