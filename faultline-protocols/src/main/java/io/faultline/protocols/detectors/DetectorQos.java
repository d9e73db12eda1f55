package io.faultline.protocols.detectors;

import io.faultline.sim.engine.SimView;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The quality of service of a failure detector in one run, in the terms of Chen, Toueg and
 * Aguilera (2002), measured against what really happened to the target:
 * <ul>
 *   <li>detection time: from a crash to the monitor's suspicion, for each crash it caught;</li>
 *   <li>mistakes: suspicions of a target that is up, how many per minute of its up time and how
 *       long each lasted;</li>
 *   <li>query accuracy: the share of the target's up time during which the monitor trusted it.</li>
 * </ul>
 * Feed it every state of a run, simulated ({@link #observe(SimView)}) or real
 * ({@link #observe(long, boolean, boolean)}), in order; each state holds until the next.
 * A Byzantine target counts as up: it answers.
 */
public final class DetectorQos {

    private final long healAtMs;
    private boolean started;
    private long lastMs;
    private boolean up;
    private boolean suspected;
    private long downSinceMs;
    private boolean caught;
    private long mistakeSinceMs;

    private long upMs;
    private long trustedUpMs;
    private int mistakes;
    private int mistakesAfterHeal;
    private long mistakeMs;
    private int crashes;
    private final List<Long> detectionMs = new ArrayList<>();

    /** @param healAtMs when the run's faults stop, to count the mistakes made after it */
    public DetectorQos(long healAtMs) {
        this.healAtMs = healAtMs;
    }

    /** Takes the state after one event of a simulated run. */
    public void observe(SimView view) {
        observe(view.now(), view.isUp(DetectorScenario.TARGET),
            view.node(DetectorScenario.MONITOR, Monitor.class).suspects());
    }

    /**
     * Takes the state from {@code now} on: whether the target is up and whether the monitor
     * suspects it. Times must not go backwards.
     */
    public void observe(long now, boolean upNow, boolean suspectedNow) {
        if (started && now < lastMs) {
            throw new IllegalArgumentException("time went back from " + lastMs + " to " + now);
        }
        if (started) {
            account(now);
        }
        started = true;
        lastMs = now;
        if (up && !upNow) {
            crashes++;
            downSinceMs = now;
            caught = suspected;
            if (caught) {
                detectionMs.add(0L);
            }
            if (suspected) {
                mistakeMs += now - mistakeSinceMs; // the mistake became the truth
            }
        }
        if (upNow && suspectedNow && !(up && suspected)) {
            mistakes++;
            if (now >= healAtMs) {
                mistakesAfterHeal++;
            }
            mistakeSinceMs = now;
        } else if (up && suspected && upNow && !suspectedNow) {
            mistakeMs += now - mistakeSinceMs;
        }
        if (!upNow && suspectedNow && !caught) {
            caught = true;
            detectionMs.add(now - downSinceMs);
        }
        up = upNow;
        suspected = suspectedNow;
    }

    private void account(long now) {
        long dt = now - lastMs;
        if (up) {
            upMs += dt;
            if (!suspected) {
                trustedUpMs += dt;
            }
        }
    }

    /** Ends the run at {@code endMs}: the last state counts up to then. */
    public DetectorQos finish(long endMs) {
        if (started) {
            account(endMs);
            lastMs = endMs;
            if (up && suspected) {
                mistakeMs += endMs - mistakeSinceMs;
                mistakeSinceMs = endMs;
            }
        }
        return this;
    }

    /** Time the target was up, in ms. */
    public long upMs() {
        return upMs;
    }

    /** Of that, the time the monitor trusted it, in ms. */
    public long trustedUpMs() {
        return trustedUpMs;
    }

    /** How many times the monitor began to suspect the target while it was up. */
    public int mistakes() {
        return mistakes;
    }

    /** Of those, how many began after the faults stopped. */
    public int mistakesAfterHeal() {
        return mistakesAfterHeal;
    }

    /** The total length of the mistakes, in ms. */
    public long mistakeMs() {
        return mistakeMs;
    }

    /** How many times the target crashed. */
    public int crashes() {
        return crashes;
    }

    /** For each crash the monitor caught, the time it took, in ms. */
    public List<Long> detectionMs() {
        return Collections.unmodifiableList(detectionMs);
    }
}
