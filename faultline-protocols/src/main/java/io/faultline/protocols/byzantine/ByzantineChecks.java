package io.faultline.protocols.byzantine;

import io.faultline.protocols.byzantine.ByzantineScenario.Algorithm;
import io.faultline.protocols.byzantine.ByzantineScenario.Outcome;
import io.faultline.protocols.byzantine.ByzantineScenario.Spec;
import io.faultline.sim.Address;
import io.faultline.sim.engine.Verdict;

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
 * Enumerations that check IC1 and IC2 for small configurations, and find a counterexample where
 * the theorem says one exists.
 *
 * <ul>
 *   <li>{@link #strategies}: every set of f traitor positions, every named strategy, every given
 *       vector of true values, interactive consistency form.</li>
 *   <li>{@link #scripted}: the commander form with one traitor at each position in turn, and
 *       every possible behaviour of that traitor: each message it sends is any value of the domain
 *       or nothing, in every combination, for every value of the commander. Interactive
 *       consistency is n independent commander instances, so this covers it too.</li>
 * </ul>
 */
public final class ByzantineChecks {

    /** A bound on one scripted enumeration, so that a bad request cannot run for hours. */
    public static final long SCRIPTS_MAX = 200_000;

    /**
     * The result of an enumeration.
     *
     * @param runs how many runs were checked
     * @param failures how many violated a property
     * @param first the first failing run in enumeration order, if any
     * @param tally everything the runs' generals sent and rejected, summed
     */
    public record Report(long runs, long failures, Optional<Failure> first,
                         ByzantineGeneral.Tally tally) {

        /** Whether every run held. */
        public boolean holds() {
            return failures == 0;
        }
    }

    /**
     * One failing run.
     *
     * @param spec the scenario
     * @param plan how the traitors behaved, in words
     * @param outcome what the run found
     */
    public record Failure(Spec spec, String plan, Outcome outcome) {

        /** A multi-line account: traitors, their plan, each loyal general's decision, verdict. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append("algorithm ").append(spec.algorithm().cliName()).append(", n = ")
                .append(spec.n()).append(", f = ").append(spec.f()).append(", ")
                .append(spec.commander() == 0 ? "interactive consistency"
                    : "commander g" + spec.commander())
                .append(", true values ").append(spec.values()).append('\n');
            sb.append("traitors ").append(outcome.traitors()).append(": ").append(plan)
                .append('\n');
            for (Map.Entry<Address, Optional<SortedMap<Address, Integer>>> e
                    : outcome.decisions().entrySet()) {
                if (!outcome.traitors().contains(e.getKey())) {
                    sb.append("  loyal ").append(e.getKey()).append(" decided ")
                        .append(e.getValue().map(ByzantineChecks::format).orElse("nothing"))
                        .append('\n');
                }
            }
            sb.append(outcome.result().firstViolation());
            return sb.toString();
        }
    }

    private ByzantineChecks() {
    }

    /** Every loyal general's decision as {@code g1=1 g2=0 ...}. */
    public static String format(SortedMap<Address, Integer> decision) {
        StringBuilder sb = new StringBuilder();
        decision.forEach((c, v) -> sb.append(sb.length() == 0 ? "" : " ").append(c).append('=')
            .append(Values.format(v)));
        return sb.toString();
    }

    /**
     * Every set of exactly f traitor positions, every strategy of {@link Strategy#NAMES}, every
     * vector of {@code valueVectors}, and {@code seeds} seeds (the random strategy draws from
     * them), in interactive consistency form.
     */
    public static Report strategies(Algorithm algorithm, int n, int f,
                                    List<List<Integer>> valueVectors, int domain, int seeds) {
        Counter counter = new Counter();
        for (Set<Integer> traitors : subsets(n, f)) {
            for (String strategy : Strategy.NAMES) {
                for (List<Integer> values : valueVectors) {
                    for (long seed = 1; seed <= seeds; seed++) {
                        Spec spec = Spec.of(algorithm, n, f, values).withSeed(seed).withTraitors(
                            ByzantineScenario.strategy(strategy, n, traitors, domain));
                        counter.run(spec, "strategy " + strategy);
                    }
                }
            }
        }
        return counter.report();
    }

    /**
     * The commander form with commander g1 and one traitor at each position in turn; for each
     * commander value in {@code 0..domain-1}, every script of the traitor: each message it would
     * send carries any value of the domain or is not sent.
     *
     * @throws IllegalArgumentException when f is not 1 or the enumeration would exceed
     *                                  {@link #SCRIPTS_MAX} runs
     */
    public static Report scripted(Algorithm algorithm, int n, int f, int domain) {
        if (f != 1) {
            throw new IllegalArgumentException("the scripted enumeration is for f = 1, got f = "
                + f + "; use the strategy enumeration for more traitors");
        }
        Counter counter = new Counter();
        for (int traitor = 1; traitor <= n; traitor++) {
            for (int commanderValue = 0; commanderValue < domain; commanderValue++) {
                List<Integer> values = Collections.nCopies(n, commanderValue);
                Spec base = Spec.of(algorithm, n, f, values).withCommander(1);
                List<String> keys = messagesOf(base, traitor);
                long scripts = power(domain + 1, keys.size());
                if (scripts * domain * n > SCRIPTS_MAX) {
                    throw new IllegalArgumentException("n = " + n + " needs " + scripts
                        + " scripts per traitor position; at most " + SCRIPTS_MAX
                        + " runs in all are allowed");
                }
                for (long s = 0; s < scripts; s++) {
                    Map<String, Integer> choices = new TreeMap<>();
                    long rest = s;
                    for (String key : keys) {
                        int digit = (int) (rest % (domain + 1));
                        rest /= domain + 1;
                        choices.put(key, digit == domain ? -1 : digit);
                    }
                    SortedMap<Integer, Voice> t = new TreeMap<>();
                    t.put(traitor, new Strategy.Scripted(choices));
                    Spec spec = base.withTraitors(t);
                    counter.run(spec, describe(choices));
                }
            }
        }
        return counter.report();
    }

    /** Runs scenarios and keeps the count, the first failure and the summed tally. */
    private static final class Counter {
        private long runs;
        private long failures;
        private Failure first;
        private ByzantineGeneral.Tally tally = ByzantineGeneral.Tally.ZERO;

        void run(Spec spec, String plan) {
            Outcome o = ByzantineScenario.run(spec, null);
            runs++;
            tally = tally.plus(o.tally());
            if (o.result().verdict() != Verdict.OK) {
                failures++;
                if (first == null) {
                    first = new Failure(spec, plan, o);
                }
            }
        }

        Report report() {
            return new Report(runs, failures, Optional.ofNullable(first), tally);
        }
    }

    /** The messages (script keys) the general at {@code position} sends in an honest run. */
    private static List<String> messagesOf(Spec base, int position) {
        SortedSet<String> keys = new TreeSet<>();
        Voice recording = (ctx, to, path, honest) -> {
            keys.add(Strategy.Scripted.key(to, path));
            return OptionalInt.of(honest);
        };
        SortedMap<Integer, Voice> t = new TreeMap<>();
        t.put(position, recording);
        ByzantineScenario.run(base.withTraitors(t), null);
        return List.copyOf(keys);
    }

    private static String describe(Map<String, Integer> choices) {
        StringBuilder sb = new StringBuilder();
        choices.forEach((k, v) -> {
            int split = k.indexOf('<');
            sb.append(sb.length() == 0 ? "" : "; ").append("to ").append(k, 0, split)
                .append(" about ").append(k.substring(split + 1)).append(": ")
                .append(v < 0 ? "nothing" : v.toString());
        });
        return sb.toString();
    }

    /** Every subset of {1..n} with exactly {@code k} elements, in lexicographic order. */
    public static List<Set<Integer>> subsets(int n, int k) {
        List<Set<Integer>> out = new ArrayList<>();
        collect(1, n, k, new ArrayList<>(), out);
        return out;
    }

    private static void collect(int from, int n, int k, List<Integer> current,
                                List<Set<Integer>> out) {
        if (current.size() == k) {
            out.add(Collections.unmodifiableSet(new TreeSet<>(current)));
            return;
        }
        for (int i = from; i <= n; i++) {
            current.add(i);
            collect(i + 1, n, k, current, out);
            current.remove(current.size() - 1);
        }
    }

    /** Every vector of n values over {@code 0..domain-1}, in counting order. */
    public static List<List<Integer>> allVectors(int n, int domain) {
        List<List<Integer>> out = new ArrayList<>();
        long total = power(domain, n);
        for (long i = 0; i < total; i++) {
            List<Integer> v = new ArrayList<>();
            long rest = i;
            for (int j = 0; j < n; j++) {
                v.add((int) (rest % domain));
                rest /= domain;
            }
            out.add(List.copyOf(v));
        }
        return out;
    }

    private static long power(int base, int exp) {
        long r = 1;
        for (int i = 0; i < exp; i++) {
            r = Math.multiplyExact(r, base);
        }
        return r;
    }
}
