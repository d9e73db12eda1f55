package io.faultline.bank.scenario;

import io.faultline.bank.Event;
import io.faultline.bank.Ledger;
import io.faultline.bank.LedgerConfig;
import io.faultline.bank.LedgerStore;
import io.faultline.sim.Address;
import io.faultline.sim.Op;
import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.NodeModel;
import io.faultline.sim.engine.Property;
import io.faultline.sim.engine.Scenario;
import io.faultline.sim.engine.SimView;
import io.faultline.sim.engine.Simulation;
import io.faultline.sim.engine.SystemModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The course's bank with a broker, in the simulator: a client runs commands against the ledger
 * and watches one account through push; a broker pulls the ledger's outbox into a partitioned
 * log; two filling members of one consumer group apply it to the response part's read model,
 * which pushes to the client. Messages are lost, duplicated, reordered and delayed and nodes
 * crash, under the chosen system model.
 *
 * <p>Who crashes: under crash-recovery the ledger, both filling members and the response part
 * (each recovers from its store); under crash-stop one filling member, for good ("Server_1 is
 * broken?": the group must carry on with the other). The broker stands for a replicated Kafka
 * cluster and never crashes. Like the payments scenario, nodes do not sign their messages, so an
 * arbitrary network that forges them is beyond this model.
 *
 * <p>Properties:
 * <ul>
 *   <li>{@code ledger-balances-are-event-sums} (safety): every account's events are numbered 1, 2,
 *       ... and its balance is their sum, never below zero;</li>
 *   <li>{@code read-model-applies-each-event-once} (safety): the read model's events are numbered
 *       without a gap or a repeat, its balances follow from them, and each is the ledger's event
 *       of that number;</li>
 *   <li>{@code pushes-have-no-gap-or-repeat} (safety): the watched account's pushed events, as
 *       the client holds them, are the ledger's events 1..k;</li>
 *   <li>{@code read-model-equals-ledger} (liveness): after the faults stop, every balance and
 *       every event list of the read model equals the ledger's;</li>
 *   <li>{@code every-push-delivered} (liveness): the client has every event of its account;</li>
 *   <li>{@code every-command-answered} (liveness): every command got an answer.</li>
 * </ul>
 */
public final class BankScenario implements Scenario {

    public static final Address CLIENT = Address.of("client");
    public static final Address LEDGER = Address.of("ledger");
    public static final Address BROKER = Address.of("broker");
    public static final Address FILLING_1 = Address.of("filling-1");
    public static final Address FILLING_2 = Address.of("filling-2");
    public static final Address VIEW = Address.of("response");
    static final List<String> ACCOUNTS = List.of("alice", "bob", "carol");
    static final int COMMANDS = 16;
    static final int PARTITIONS = 2;

    @Override
    public String name() {
        return "bank";
    }

    @Override
    public String summary() {
        return "a ledger's outbox through a broker to a filling group and a pushing read model; "
            + "nothing lost, nothing applied twice, no gap in a push";
    }

    @Override
    public List<String> protocols() {
        return List.of("outbox");
    }

    @Override
    public Simulation.Builder configure(String protocol, SystemModel model, FaultConfig faults,
                                        long seed) {
        if (!protocols().contains(protocol)) {
            throw new IllegalArgumentException("unknown protocol '" + protocol
                + "' for scenario bank; valid: " + String.join(", ", protocols()));
        }
        long d = faults.deltaMs();
        List<Address> crashable = model.nodes() == NodeModel.CRASH_STOP ? List.of(FILLING_1)
            : List.of(LEDGER, FILLING_1, FILLING_2, VIEW);
        long spacingMs = Math.max(1, faults.healAtMs() / COMMANDS);
        return Simulation.builder()
            .seed(seed)
            .model(model)
            .faults(faults)
            .node(CLIENT, () -> new BankClientNode(LEDGER, VIEW, ACCOUNTS, COMMANDS, 8 * d + 1,
                Math.max(16 * d, 400), spacingMs, 40 * d + 1))
            .node(LEDGER, () -> new Ledger(LedgerConfig.defaults()))
            .node(BROKER, () -> new SimBroker(LEDGER, PARTITIONS, 4 * d + 1, 8 * d + 1,
                30 * d + 1, 50))
            .node(FILLING_1, () -> new FillingNode(BROKER, VIEW, 5 * d + 1, 8 * d + 1,
                4 * d + 1, 20))
            .node(FILLING_2, () -> new FillingNode(BROKER, VIEW, 5 * d + 1, 8 * d + 1,
                4 * d + 1, 20))
            .node(VIEW, () -> new ViewNode(50))
            .crashable(crashable)
            .corruptor((m, rng) -> null)
            .properties(properties());
    }

    /** The scenario's properties. */
    public static List<Property> properties() {
        return List.of(
            Property.safety("ledger-balances-are-event-sums", BankScenario::ledgerConsistent),
            Property.safety("read-model-applies-each-event-once", BankScenario::readModelSound),
            Property.safety("pushes-have-no-gap-or-repeat", BankScenario::pushesSound),
            Property.liveness("read-model-equals-ledger", BankScenario::readModelComplete),
            Property.liveness("every-push-delivered", BankScenario::pushesComplete),
            Property.liveness("every-command-answered", BankScenario::commandsAnswered));
    }

    private static Optional<String> first(List<String> problems) {
        return problems.isEmpty() ? Optional.empty() : Optional.of(problems.get(0));
    }

    static Optional<String> ledgerConsistent(SimView view) {
        return first(new LedgerStore(view.store(LEDGER)).checkInvariants(0));
    }

    static Optional<String> readModelSound(SimView view) {
        LedgerStore readModel = new LedgerStore(view.store(VIEW));
        Optional<String> broken = first(readModel.checkInvariants(0));
        if (broken.isPresent()) {
            return Optional.of("read model: " + broken.get());
        }
        LedgerStore ledger = new LedgerStore(view.store(LEDGER));
        for (String account : readModel.accounts().keySet()) {
            for (Event e : readModel.events(account)) {
                Optional<Event> source = ledger.event(account, e.seq());
                if (!source.equals(Optional.of(e))) {
                    return Optional.of("read model holds " + e + " but the ledger has "
                        + source.map(Event::toString).orElse("no such event"));
                }
            }
        }
        return Optional.empty();
    }

    private static List<Event> pushed(SimView view) {
        BankClientNode client = view.node(CLIENT, BankClientNode.class);
        return client == null ? List.of() : client.received();
    }

    static Optional<String> pushesSound(SimView view) {
        List<Event> got = pushed(view);
        LedgerStore ledger = new LedgerStore(view.store(LEDGER));
        for (int i = 0; i < got.size(); i++) {
            Event e = got.get(i);
            if (e.seq() != i + 1) {
                return Optional.of("push number " + (i + 1) + " has seq " + e.seq());
            }
            Optional<Event> source = ledger.event(e.client(), e.seq());
            if (!source.equals(Optional.of(e))) {
                return Optional.of("pushed " + e + " but the ledger has "
                    + source.map(Event::toString).orElse("no such event"));
            }
        }
        return Optional.empty();
    }

    static Optional<String> readModelComplete(SimView view) {
        LedgerStore ledger = new LedgerStore(view.store(LEDGER));
        LedgerStore readModel = new LedgerStore(view.store(VIEW));
        for (Map.Entry<String, LedgerStore.Account> a : ledger.accounts().entrySet()) {
            Optional<LedgerStore.Account> copy = readModel.account(a.getKey());
            if (!copy.equals(Optional.of(a.getValue()))) {
                return Optional.of("account " + a.getKey() + " is " + a.getValue()
                    + " in the ledger but " + copy.map(Object::toString).orElse("missing")
                    + " in the read model");
            }
        }
        return Optional.empty();
    }

    static Optional<String> pushesComplete(SimView view) {
        String watched = ACCOUNTS.get(0);
        long want = new LedgerStore(view.store(LEDGER)).account(watched)
            .map(LedgerStore.Account::lastSeq).orElse(0L);
        int got = pushed(view).size();
        return got == want ? Optional.empty()
            : Optional.of("the client has " + got + " of " + want + " events of " + watched);
    }

    static Optional<String> commandsAnswered(SimView view) {
        long answered = 0;
        for (Op op : view.history().completions()) {
            if (op.type() == Op.Type.INFO) {
                return Optional.of("command " + op.id() + " ended without an answer: "
                    + op.value());
            }
            answered++;
        }
        return answered == COMMANDS ? Optional.empty()
            : Optional.of(answered + " of " + COMMANDS + " commands answered");
    }
}
