package io.faultline.protocols.byzantine;

import io.faultline.protocols.byzantine.ByzantineMessage.ArmySize;
import io.faultline.protocols.byzantine.ByzantineMessage.Report;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Timer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The course's two-round vector algorithm, exactly as on the slides.
 *
 * <ol>
 *   <li>Round 1: a loyal general sends its army size to everyone else; a traitor sends anything.
 *       Each general gathers the sizes into a vector (its own size at its own position).</li>
 *   <li>Round 2: each general sends its vector to everyone else; a traitor sends any vector.</li>
 *   <li>To decide general j's size, general i looks at the n-1 vectors other than j's own (i's
 *       own vector included) and accepts the value that repeats at least n-f-1 times; otherwise
 *       j's size is unknown. i knows its own size.</li>
 * </ol>
 * With f = 1, n = 4 and general 3 the traitor, general 1 decides 2 for general 2 from (2, y, 2)
 * and 4 for general 4 from (4, 4, l), and general 3's size only if a, b and c (what general 3 told
 * generals 1, 2 and 4) repeat.
 *
 * <p>Rounds end on timers of the known delay bound ({@link SyncRounds}); a message that arrives
 * after its round ended is counted as late and taken as missing.
 */
public final class LectureGeneral implements ByzantineGeneral {

    /**
     * @param armySize this general's value, ARMY_SIZE(i)
     * @param f how many traitors the threshold n-f-1 is built for
     * @param deltaMs the known delay bound
     * @param startMs when round 0 begins, on the engine's clock: 0 at once; later in a real
     *                cluster, once every host is up (a claim sent to a host not yet started is
     *                lost)
     */
    public record Config(int armySize, int f, long deltaMs, long startMs) {
        public Config {
            if (f < 0) {
                throw new IllegalArgumentException("f must be >= 0, got " + f);
            }
            SyncRounds.roundMs(deltaMs);
            SyncRounds.checkStart(startMs);
        }

        /** Round 0 at once. */
        public Config(int armySize, int f, long deltaMs) {
            this(armySize, f, deltaMs, 0);
        }
    }

    private final Config config;
    private final Voice voice;
    private final Map<Address, Integer> sizes = new TreeMap<>();
    private final Map<Address, List<Integer>> reports = new TreeMap<>();
    private List<Integer> ownVector;
    private final Books books = new Books();
    private int round;
    private volatile SortedMap<Address, Integer> decision;

    public LectureGeneral(Config config, Voice voice) {
        this.config = config;
        this.voice = voice;
    }

    @Override
    public void init(Context ctx) {
        SyncRounds.start(ctx, config.startMs(), this::begin);
    }

    private void begin(Context ctx) {
        for (Address to : Peers.others(ctx)) {
            OptionalInt v = voice.say(ctx, to, List.of(ctx.self()), config.armySize());
            if (v.isPresent()) {
                books.send(ctx, to, new ArmySize(v.getAsInt()));
            }
        }
        ctx.setTimer(new RoundTimer(1), SyncRounds.roundMs(config.deltaMs()));
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof ByzantineMessage.Ping) {
            return;
        }
        if (!ctx.nodes().contains(from) || from.equals(ctx.self())) {
            books.rejected++;
        } else if (message instanceof ArmySize a) {
            take(sizes, from, a.value(), 1);
        } else if (message instanceof Report r) {
            if (r.values().size() != ctx.nodes().size()) {
                books.rejected++;
            } else {
                take(reports, from, r.values(), 2);
            }
        } else {
            books.rejected++;
        }
    }

    private <V> void take(Map<Address, V> into, Address from, V value, int ofRound) {
        if (round >= ofRound) {
            books.late++;
        } else if (into.containsKey(from)) {
            books.duplicates++;
        } else {
            into.put(from, value);
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (!(timer instanceof RoundTimer t)) {
            return;
        }
        if (t.number() == 0) {
            begin(ctx);
            return;
        }
        round = t.number();
        if (round == 1) {
            sendVector(ctx);
            ctx.setTimer(new RoundTimer(2), SyncRounds.roundMs(config.deltaMs()));
        } else if (round == 2) {
            decide(ctx);
        }
    }

    private void sendVector(Context ctx) {
        List<Integer> vector = new ArrayList<>();
        for (Address a : ctx.nodes()) {
            vector.add(a.equals(ctx.self()) ? config.armySize() : sizes.getOrDefault(a,
                Values.UNKNOWN));
        }
        ownVector = Collections.unmodifiableList(vector);
        for (Address to : Peers.others(ctx)) {
            List<Integer> said = new ArrayList<>();
            boolean anything = false;
            for (int j = 0; j < vector.size(); j++) {
                Address about = ctx.nodes().get(j);
                // [j, self] for every j, own entry included, so that a strategy can tell the
                // round-2 restatement of its own size from its round-1 claim [self].
                List<Address> path = List.of(about, ctx.self());
                OptionalInt v = voice.say(ctx, to, path, vector.get(j));
                anything |= v.isPresent();
                said.add(v.orElse(Values.UNKNOWN));
            }
            if (anything) {
                books.send(ctx, to, new Report(said));
            }
        }
    }

    private void decide(Context ctx) {
        List<Address> nodes = ctx.nodes();
        int threshold = nodes.size() - config.f() - 1;
        SortedMap<Address, Integer> out = new TreeMap<>();
        for (int j = 0; j < nodes.size(); j++) {
            Address about = nodes.get(j);
            if (about.equals(ctx.self())) {
                out.put(about, config.armySize());
                continue;
            }
            List<Integer> column = new ArrayList<>();
            for (Address k : nodes) {
                List<Integer> v = k.equals(ctx.self()) ? ownVector : reports.get(k);
                if (!k.equals(about) && v != null) {
                    column.add(v.get(j));
                }
            }
            out.put(about, Values.repeated(column, threshold));
        }
        decision = Collections.unmodifiableSortedMap(out);
    }

    /** The vector gathered in round 1 (own size included), once round 1 has ended. */
    public Optional<List<Integer>> ownVector() {
        return Optional.ofNullable(ownVector);
    }

    /** The vectors received in round 2, by sender. */
    public SortedMap<Address, List<Integer>> reports() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(reports));
    }

    @Override
    public Optional<SortedMap<Address, Integer>> decision() {
        return Optional.ofNullable(decision);
    }

    @Override
    public Tally tally() {
        return books.tally();
    }
}
