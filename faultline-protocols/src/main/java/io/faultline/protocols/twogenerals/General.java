package io.faultline.protocols.twogenerals;

import io.faultline.protocols.twogenerals.TwoGeneralsMessage.Messenger;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;

import java.util.BitSet;
import java.util.Optional;

/**
 * One of the two generals running a {@link Protocol}. General 1 sends step 1 at the start; a
 * general that receives step s for the first time sends step s+1 (if the chain has one) with as
 * many messengers as the protocol says. At dawn each general decides with what it has received;
 * messengers arriving after dawn are too late to matter.
 */
public final class General implements Node {

    /**
     * @param protocol the chain and the decision rule
     * @param first true for general 1 (who sends the odd steps), false for general 2
     * @param peer the other general
     * @param dawnMs when the attack is, from the start
     */
    public record Config(Protocol protocol, boolean first, Address peer, long dawnMs) {
    }

    private final Config config;
    private final BitSet seen = new BitSet();
    private int received;
    private long duplicates;
    private long late;
    private Boolean attacks;

    public General(Config config) {
        this.config = config;
    }

    @Override
    public void init(Context ctx) {
        if (config.first()) {
            sendStep(ctx, 1);
        }
        ctx.setTimer(new Dawn(), config.dawnMs());
    }

    private void sendStep(Context ctx, int step) {
        for (int copy = 1; copy <= config.protocol().messengers(); copy++) {
            ctx.send(config.peer(), new Messenger(step, copy));
        }
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (!(message instanceof Messenger m) || !from.equals(config.peer())) {
            return;
        }
        boolean mine = (m.step() % 2 == 0) == config.first();
        if (!mine || m.step() < 1 || m.step() > config.protocol().steps()) {
            return;
        }
        if (attacks != null) {
            late++;
        } else if (seen.get(m.step())) {
            duplicates++;
        } else {
            seen.set(m.step());
            received++;
            if (m.step() < config.protocol().steps()) {
                sendStep(ctx, m.step() + 1);
            }
        }
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (timer instanceof Dawn && attacks == null) {
            attacks = config.first() ? config.protocol().attacks1(received)
                : config.protocol().attacks2(received);
        }
    }

    /** Whether this general attacks, once dawn has come. */
    public Optional<Boolean> attacks() {
        return Optional.ofNullable(attacks);
    }

    /** Distinct steps received before dawn. */
    public int received() {
        return received;
    }

    /** Messengers that repeated a step already received, and messengers that came after dawn. */
    public long duplicates() {
        return duplicates;
    }

    public long late() {
        return late;
    }
}
