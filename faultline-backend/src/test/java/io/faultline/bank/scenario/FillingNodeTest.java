package io.faultline.bank.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.bank.Event;
import io.faultline.bank.EventType;
import io.faultline.bank.ReadModel;
import io.faultline.bank.scenario.SimMessages.Apply;
import io.faultline.bank.scenario.SimMessages.ApplyDone;
import io.faultline.bank.scenario.SimMessages.Assignment;
import io.faultline.bank.scenario.SimMessages.Commit;
import io.faultline.bank.scenario.SimMessages.Fetch;
import io.faultline.bank.scenario.SimMessages.Records;
import io.faultline.payments.TestWorld;
import io.faultline.sim.Address;
import io.faultline.sim.Message;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FillingNodeTest {

    private static final String BROKER = "broker";
    private static final String VIEW = "view";
    private static final String MEMBER = "filling-1";

    private final TestWorld world = new TestWorld().add(MEMBER, () -> new FillingNode(
        Address.of(BROKER), Address.of(VIEW), 1_000, 1_000, 100, 10));

    /** Gives the member partition 0 from offset 0, answers its fetch, and returns its apply. */
    private Apply assignedFetchedApplying(List<Event> events) {
        world.request(BROKER, MEMBER, new Assignment(MEMBER, 1, Map.of(0, 0L)));
        Fetch fetch = only(Fetch.class, world.takeInbox(BROKER));
        world.request(BROKER, MEMBER, new Records(1, 0, fetch.offset(), events));
        return only(Apply.class, world.takeInbox(VIEW));
    }

    /**
     * Found by a seed sweep (fair-loss, crash-recovery, async, seed 777364 before another fix
     * changed that run): request ids restarted at 1 with each life, so the answer to the last
     * life's apply, delayed on the network, matched the new life's apply. The member committed
     * an offset past events the read model had not applied, and the read model waited at the gap
     * for good.
     */
    @Test
    void anAnswerToTheLastLifesApplyIsNotTakenForThisOnes() {
        Event e1 = new Event("alice", 1, EventType.OPENED, 0, 0, "c1", Event.NO_COUNTERPARTY, 0);
        Event e2 = new Event("alice", 2, EventType.DEPOSITED, 5, 5, "c2", Event.NO_COUNTERPARTY,
            0);
        Apply before = assignedFetchedApplying(List.of(e1, e2));

        world.crashAndRestart(MEMBER);
        world.takeInbox(BROKER);
        Apply now = assignedFetchedApplying(List.of(e1));
        world.request(VIEW, MEMBER, new ApplyDone(before.requestId(),
            List.of(ReadModel.Outcome.APPLIED, ReadModel.Outcome.APPLIED)));

        assertThat(now.requestId()).isNotEqualTo(before.requestId());
        assertThat(world.takeInbox(BROKER)).noneMatch(m -> m instanceof Commit);
        world.request(VIEW, MEMBER, new ApplyDone(now.requestId(),
            List.of(ReadModel.Outcome.APPLIED)));
        assertThat(world.takeInbox(BROKER)).contains(new Commit(MEMBER, 1, 0, 1));
    }

    private static <T> T only(Class<T> type, List<Message> messages) {
        List<T> matching = messages.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).as("one %s in %s", type.getSimpleName(), messages).hasSize(1);
        return matching.get(0);
    }
}
