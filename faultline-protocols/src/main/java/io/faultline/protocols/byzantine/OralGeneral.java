package io.faultline.protocols.byzantine;

import io.faultline.protocols.byzantine.ByzantineMessage.Oral;
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
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * OM(m), the oral messages algorithm of Lamport, Shostak and Pease (1982), as a deterministic node
 * with synchronous rounds. Correct for n &gt; 3m generals with at most m traitors.
 *
 * <p>Every value a general receives is stored under its whole path of relays
 * ({@code [commander, r1, ..., sender]}), never under the sender alone: the same sender relays
 * many different claims in one round. Round 0: each commander sends its value. Round r (1..m):
 * each general relays every claim of length r it holds (or {@link Values#DEFAULT} where the claim
 * never arrived) to every general not on the path. After round m, a general decides bottom up:
 * the value of path p is the majority of what it received for p and of the values of p+[k] for
 * every other general k not on p; a path of length m+1 is a leaf.
 *
 * <p>With one commander this is the commander form (IC1: loyal lieutenants obey the same order;
 * IC2: if the commander is loyal they obey its order). With every general a commander of its own
 * value it is interactive consistency: every loyal general ends with the same vector.
 *
 * <p>Cost per commander: (n-1) + (n-1)(n-2) + ... + (n-1)...(n-m-1) messages, one term per
 * round.
 */
public final class OralGeneral implements ByzantineGeneral {

    /**
     * @param m the number of relay rounds, the number of traitors tolerated when n &gt; 3m
     * @param commanders the generals whose values are agreed on (all of them for interactive
     *                   consistency)
     * @param value this general's own value, used when it is a commander
     * @param deltaMs the known delay bound
     * @param startMs when round 0 begins, on the engine's clock: 0 at once; later in a real
     *                cluster, once every host is up (a claim sent to a host not yet started is
     *                lost)
     */
    public record Config(int m, Set<Address> commanders, int value, long deltaMs, long startMs) {
        public Config {
            commanders = Peers.checkedCommanders(m, commanders);
            SyncRounds.roundMs(deltaMs);
            SyncRounds.checkStart(startMs);
        }

        /** Round 0 at once. */
        public Config(int m, Set<Address> commanders, int value, long deltaMs) {
            this(m, commanders, value, deltaMs, 0);
        }
    }

    private final Config config;
    private final Voice voice;
    private final Map<String, Integer> received = new TreeMap<>();
    private final Books books = new Books();
    private int round;
    private volatile SortedMap<Address, Integer> decision;

    public OralGeneral(Config config, Voice voice) {
        this.config = config;
        this.voice = voice;
    }

    @Override
    public void init(Context ctx) {
        SyncRounds.start(ctx, config.startMs(), this::begin);
    }

    private void begin(Context ctx) {
        if (config.commanders().contains(ctx.self())) {
            List<Address> path = List.of(ctx.self());
            for (Address to : Peers.others(ctx)) {
                send(ctx, to, path, config.value());
            }
        }
        ctx.setTimer(new RoundTimer(1), SyncRounds.roundMs(config.deltaMs()));
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof ByzantineMessage.Ping) {
            return;
        }
        if (!(message instanceof Oral o) || !Peers.validChain(o.path(), config.m() + 1, from,
                ctx.self(), config.commanders(), ctx.nodes())) {
            books.rejected++;
            return;
        }
        // A claim of length L is sent at the start of round L-1 and must arrive before the
        // timer that ends it; after that the receiver has already used the default.
        if (round >= o.path().size()) {
            books.late++;
            return;
        }
        if (received.putIfAbsent(Peers.key(o.path()), o.value()) != null) {
            books.duplicates++;
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
        if (round <= config.m()) {
            relay(ctx, round);
            ctx.setTimer(new RoundTimer(round + 1), SyncRounds.roundMs(config.deltaMs()));
        } else if (round == config.m() + 1) {
            decide(ctx);
        }
    }

    private void relay(Context ctx, int length) {
        for (List<Address> path : paths(ctx, length)) {
            int value = received.getOrDefault(Peers.key(path), Values.DEFAULT);
            List<Address> relayed = Peers.append(path, ctx.self());
            for (Address to : ctx.nodes()) {
                if (!relayed.contains(to)) {
                    send(ctx, to, relayed, value);
                }
            }
        }
    }

    private void send(Context ctx, Address to, List<Address> path, int honest) {
        OptionalInt v = voice.say(ctx, to, path, honest);
        if (v.isPresent()) {
            books.send(ctx, to, new Oral(path, v.getAsInt()));
        }
    }

    /** Every path of {@code length} this general may receive, in a fixed order. */
    private List<List<Address>> paths(Context ctx, int length) {
        List<List<Address>> level = new ArrayList<>();
        for (Address c : config.commanders()) {
            if (!c.equals(ctx.self())) {
                level.add(List.of(c));
            }
        }
        for (int l = 1; l < length; l++) {
            List<List<Address>> next = new ArrayList<>();
            for (List<Address> p : level) {
                for (Address k : ctx.nodes()) {
                    if (!k.equals(ctx.self()) && !p.contains(k)) {
                        next.add(Peers.append(p, k));
                    }
                }
            }
            level = next;
        }
        return level;
    }

    private void decide(Context ctx) {
        SortedMap<Address, Integer> out = new TreeMap<>();
        for (Address c : config.commanders()) {
            out.put(c, c.equals(ctx.self()) ? config.value() : valueOf(ctx, List.of(c)));
        }
        decision = Collections.unmodifiableSortedMap(out);
    }

    /**
     * The value this general settles on for the sub-instance whose commander is the last general
     * of {@code path}. Recursion depth is at most m+1.
     */
    private int valueOf(Context ctx, List<Address> path) {
        int direct = received.getOrDefault(Peers.key(path), Values.DEFAULT);
        if (path.size() == config.m() + 1) {
            return direct;
        }
        List<Integer> votes = new ArrayList<>();
        votes.add(direct);
        for (Address k : ctx.nodes()) {
            if (!k.equals(ctx.self()) && !path.contains(k)) {
                votes.add(valueOf(ctx, Peers.append(path, k)));
            }
        }
        return Values.majority(votes);
    }

    /** Every claim received so far, keyed by its path ({@code g1>g3>g2}). */
    public SortedMap<String, Integer> received() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(received));
    }

    /** The commanders of this run. */
    public SortedSet<Address> commanders() {
        return new TreeSet<>(config.commanders());
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
