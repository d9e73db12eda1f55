package io.faultline.protocols.byzantine;

import io.faultline.protocols.byzantine.ByzantineMessage.Signature;
import io.faultline.protocols.byzantine.ByzantineMessage.Signed;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Timer;

import java.security.PrivateKey;
import java.security.PublicKey;
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
 * SM(m), the signed messages algorithm of Lamport, Shostak and Pease (1982), with Ed25519
 * signatures. Tolerates m traitors among any n &gt;= m + 2 generals.
 *
 * <p>A commander signs its value and sends it to everyone. A general that receives a value it
 * has not seen, with a valid chain of k distinct signatures starting with the commander's, adds
 * it to its set V and, when k &lt;= m, signs and relays it to every general not yet on the chain.
 * After round m it decides the single value of V, or {@link Values#DEFAULT} when V holds none or
 * more than one (the commander was a traitor). A forged or altered relay fails verification: it
 * is dropped and counted ({@link Tally#forged()}).
 *
 * <p>Signature k signs the value, the signers so far and signature k-1, so that no link can be
 * moved to another chain. Only the first two values of a commander are relayed: the decision only
 * tells one value from more than one, so a third adds nothing, and this bounds the messages a
 * traitorous commander can cause.
 */
public final class SignedGeneral implements ByzantineGeneral {

    /** Relaying a third value of one commander could not change any decision (see above). */
    private static final int RELAYED_VALUES_MAX = 2;

    /**
     * @param m the number of relay rounds and of traitors tolerated
     * @param commanders the generals whose values are agreed on
     * @param value this general's own value, used when it is a commander
     * @param deltaMs the known delay bound
     * @param startMs when round 0 begins, on the engine's clock: 0 at once; later in a real
     *                cluster, once every host is up (a claim sent to a host not yet started is
     *                lost)
     * @param privateKey this general's signing key
     * @param publicKeys every general's public key
     */
    public record Config(int m, Set<Address> commanders, int value, long deltaMs, long startMs,
                         PrivateKey privateKey, Map<Address, PublicKey> publicKeys) {
        public Config {
            commanders = Peers.checkedCommanders(m, commanders);
            publicKeys = Collections.unmodifiableSortedMap(new TreeMap<>(publicKeys));
            SyncRounds.roundMs(deltaMs);
            SyncRounds.checkStart(startMs);
        }

        /** Round 0 at once. */
        public Config(int m, Set<Address> commanders, int value, long deltaMs,
                      PrivateKey privateKey, Map<Address, PublicKey> publicKeys) {
            this(m, commanders, value, deltaMs, 0, privateKey, publicKeys);
        }
    }

    private final Config config;
    private final Voice voice;
    private final Map<Address, SortedSet<Integer>> values = new TreeMap<>();
    private final Books books = new Books();
    private int round;
    private volatile SortedMap<Address, Integer> decision;
    private long signatures;
    private long verifications;

    public SignedGeneral(Config config, Voice voice) {
        this.config = config;
        this.voice = voice;
    }

    /** The text signature k of a chain signs. */
    static String payload(int value, List<Address> signers, String previousSignature) {
        return "SM|" + value + "|" + Peers.key(signers) + "|" + previousSignature;
    }

    @Override
    public void init(Context ctx) {
        SyncRounds.start(ctx, config.startMs(), this::begin);
    }

    private void begin(Context ctx) {
        if (config.commanders().contains(ctx.self())) {
            for (Address to : Peers.others(ctx)) {
                send(ctx, to, List.of(), config.value());
            }
        }
        ctx.setTimer(new RoundTimer(1), SyncRounds.roundMs(config.deltaMs()));
    }

    /** Signs {@code chain} + self over what the voice says and sends it to {@code to}. */
    private void send(Context ctx, Address to, List<Signature> chain, int honest) {
        List<Address> signers = new ArrayList<>();
        for (Signature s : chain) {
            signers.add(s.signer());
        }
        signers.add(ctx.self());
        OptionalInt said = voice.say(ctx, to, List.copyOf(signers), honest);
        if (said.isEmpty()) {
            return;
        }
        // A traitor that changes a relayed value can sign only its own link: the earlier links
        // still sign the original value, which is how receivers catch the alteration.
        String previous = chain.isEmpty() ? "" : chain.get(chain.size() - 1).base64();
        String sig = KeyRing.sign(config.privateKey(),
            payload(said.getAsInt(), signers, previous));
        signatures++;
        List<Signature> signed = new ArrayList<>(chain);
        signed.add(new Signature(ctx.self(), sig));
        books.send(ctx, to, new Signed(said.getAsInt(), signed));
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof ByzantineMessage.Ping) {
            return;
        }
        if (!(message instanceof Signed s)) {
            books.rejected++;
            return;
        }
        List<Address> signers = new ArrayList<>();
        for (Signature sig : s.chain()) {
            signers.add(sig.signer());
        }
        if (!Peers.validChain(signers, config.m() + 1, from, ctx.self(), config.commanders(),
                ctx.nodes())) {
            books.rejected++;
            return;
        }
        if (!verified(s, signers)) {
            books.forged++;
            return;
        }
        if (round >= signers.size()) {
            books.late++;
            return;
        }
        SortedSet<Integer> v = values.computeIfAbsent(signers.get(0), c -> new TreeSet<>());
        if (!v.add(s.value())) {
            // The same value through another chain: normal, and nothing new to relay.
            return;
        }
        if (signers.size() <= config.m() && v.size() <= RELAYED_VALUES_MAX) {
            for (Address to : ctx.nodes()) {
                if (!to.equals(ctx.self()) && !signers.contains(to)) {
                    send(ctx, to, s.chain(), s.value());
                }
            }
        }
    }

    private boolean verified(Signed s, List<Address> signers) {
        String previous = "";
        for (int k = 0; k < s.chain().size(); k++) {
            Signature sig = s.chain().get(k);
            PublicKey key = config.publicKeys().get(sig.signer());
            verifications++;
            if (key == null || !KeyRing.verify(key,
                    payload(s.value(), signers.subList(0, k + 1), previous), sig.base64())) {
                return false;
            }
            previous = sig.base64();
        }
        return true;
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
            ctx.setTimer(new RoundTimer(round + 1), SyncRounds.roundMs(config.deltaMs()));
        } else if (round == config.m() + 1) {
            SortedMap<Address, Integer> out = new TreeMap<>();
            for (Address c : config.commanders()) {
                SortedSet<Integer> v = values.getOrDefault(c, Collections.emptySortedSet());
                out.put(c, c.equals(ctx.self()) ? config.value()
                    : v.size() == 1 ? v.first() : Values.DEFAULT);
            }
            decision = Collections.unmodifiableSortedMap(out);
        }
    }

    /** The set V of valid values received for each commander. */
    public SortedMap<Address, SortedSet<Integer>> values() {
        SortedMap<Address, SortedSet<Integer>> out = new TreeMap<>();
        values.forEach((c, v) -> out.put(c, Collections.unmodifiableSortedSet(new TreeSet<>(v))));
        return Collections.unmodifiableSortedMap(out);
    }

    /** Signatures made and checked by this general: the cost of SM over OM. */
    public long signatures() {
        return signatures;
    }

    /** Signature verifications done by this general. */
    public long verifications() {
        return verifications;
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
