package io.faultline.bank.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.bank.Event;
import io.faultline.bank.LedgerStore;
import io.faultline.sim.Address;
import io.faultline.sim.DurableStore;
import io.faultline.sim.History;
import io.faultline.sim.MemoryStore;
import io.faultline.sim.Node;
import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.NetworkModel;
import io.faultline.sim.engine.NodeModel;
import io.faultline.sim.engine.SimResult;
import io.faultline.sim.engine.SimView;
import io.faultline.sim.engine.SystemModel;
import io.faultline.sim.engine.TimingModel;
import io.faultline.sim.engine.Verdict;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BankScenarioTest {

    private static SimResult run(String model, long seed) {
        String[] axes = model.split("/");
        SystemModel m = new SystemModel(NetworkModel.parse(axes[0]), NodeModel.parse(axes[1]),
            TimingModel.parse(axes[2]));
        return new BankScenario().configure("outbox", m, FaultConfig.defaults(), seed).build()
            .run();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fair-loss/crash-recovery/partial-sync", "reliable/crash-stop/sync",
        "fair-loss/crash-stop/async"})
    void everyPropertyHoldsWhileFaultsFire(String model) {
        long crashes = 0;
        long dropped = 0;
        for (long seed = 1; seed <= 8; seed++) {
            SimResult r = run(model, seed);
            assertThat(r.verdict()).as(model + " seed " + seed + ": " + r.violations())
                .isEqualTo(Verdict.OK);
            crashes += r.counters().get("crashes");
            dropped += r.counters().get("dropped");
        }
        // A pass means something only if faults bit.
        assertThat(crashes).as("crashes").isPositive();
        if (!model.startsWith("reliable")) {
            assertThat(dropped).as("dropped messages").isPositive();
        }
    }

    /** The final state of a real run, with one node's store replaced by a tampered copy. */
    private static SimView tampered(SimView real, Address node, Consumer<MemoryStore> change) {
        MemoryStore copy = new MemoryStore();
        real.store(node).scan("").forEach(copy::put);
        change.accept(copy);
        return new SimView() {
            @Override
            public long now() {
                return real.now();
            }

            @Override
            public List<Address> nodes() {
                return real.nodes();
            }

            @Override
            public Node node(Address address) {
                return real.node(address);
            }

            @Override
            public boolean isUp(Address address) {
                return real.isUp(address);
            }

            @Override
            public boolean isByzantine(Address address) {
                return real.isByzantine(address);
            }

            @Override
            public DurableStore store(Address address) {
                return address.equals(node) ? copy : real.store(address);
            }

            @Override
            public History history() {
                return real.history();
            }

            @Override
            public boolean healed() {
                return real.healed();
            }

            @Override
            public boolean quiescent() {
                return real.quiescent();
            }
        };
    }

    @Test
    void thePropertiesCatchAnEventAppliedTwiceAMissingOneAndABrokenLedger() {
        SimView done = run("reliable/crash-recovery/sync", 3).view();
        assertThat(BankScenario.readModelSound(done)).isEmpty();
        assertThat(BankScenario.readModelComplete(done)).isEmpty();
        LedgerStore rm = new LedgerStore(done.store(BankScenario.VIEW));
        List<Event> alice = rm.events("alice");
        Event last = alice.get(alice.size() - 1);

        // A deposit applied twice: the balance counts it again.
        SimView twice = tampered(done, BankScenario.VIEW, s -> s.put("acct/alice",
            (last.balanceAfter() + last.amount()) + " " + last.seq()));
        assertThat(BankScenario.readModelSound(twice)).get().asString()
            .contains("alice").contains("read model");

        // The last event never arrived.
        SimView missing = tampered(done, BankScenario.VIEW, s -> {
            s.delete(String.format("evt/alice/%019d", last.seq()));
            Event before = alice.get(alice.size() - 2);
            s.put("acct/alice", before.balanceAfter() + " " + before.seq());
        });
        assertThat(BankScenario.readModelSound(missing)).isEmpty();
        assertThat(BankScenario.readModelComplete(missing)).get().asString()
            .contains("account alice");

        // A ledger whose balance does not follow from its events.
        SimView broken = tampered(done, BankScenario.LEDGER, s -> s.put("acct/bob", "999999 2"));
        assertThat(BankScenario.ledgerConsistent(broken)).get().asString().contains("bob");
    }

    /**
     * Seeds where a forged sender made the broker answer one member's heartbeat to the other
     * member: that member took an assignment of its own generation that was not its own, was
     * refused ({@code NotOwner}) on every fetch and ignored the broker's right assignment, as it
     * was of the same generation, so a partition had no consumer for good and the read model
     * stayed behind the ledger (seed 777010: filling-1 took filling-2's generation-8 assignment
     * at t=4087ms and left partition 0, alice's, at offset 2).
     */
    @ParameterizedTest
    @ValueSource(longs = {777010, 777127, 777204, 777279, 777354, 777840, 777874, 777901, 777923})
    void aMemberThatTookAnotherMembersAssignmentRecovers(long seed) {
        SimResult r = run("arbitrary/crash-recovery/sync", seed);
        assertThat(r.verdict()).as("seed " + seed + ": " + r.violations()).isEqualTo(Verdict.OK);
    }
}
