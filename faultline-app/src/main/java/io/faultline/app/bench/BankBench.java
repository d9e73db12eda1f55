package io.faultline.app.bench;

import io.faultline.app.UsageException;
import io.faultline.bank.Event;
import io.faultline.bank.LedgerMessages.Applied;
import io.faultline.bank.LedgerMessages.Deposit;
import io.faultline.bank.LedgerMessages.OpenAccount;
import io.faultline.bank.LedgerMessages.Reply;
import io.faultline.bank.LedgerMessages.Transfer;
import io.faultline.bank.LedgerStore;
import io.faultline.bank.app.LedgerGateway;
import io.faultline.bank.app.StoreReadGateway;
import io.faultline.bank.http.BankHttp;
import io.faultline.bank.server.BankServer;
import io.faultline.runtime.HostClock;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faultline bench bank}: the course's comparison, measured. N clients want every update of
 * their account under a steady load of transfers; first each polls {@code GET /events?after=}
 * every second against the ledger's database (the baseline), then each holds one SSE stream fed
 * through Kafka. Both run in this JVM against the same ledger, so an update's latency is measured
 * from the event's time on the ledger's clock (taken as the ledger handles the command, just
 * before its group commit) to the moment the client has it. With {@code --failover} each design
 * runs once more and loses a server half-way ("Server_1 is broken?").
 */
@Command(name = "bank",
    description = "Polling every second against SSE push through Kafka: update latency and "
        + "requests per client per minute, measured in one run; with --failover, also a server "
        + "killed under load in each design.",
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:", "  faultline bench bank", "  faultline bench bank --clients 1000 "
        + "--seconds 30 --rate 200", "  faultline bench bank --clients 200 --seconds 20 "
        + "--failover"})
public final class BankBench implements Callable<Integer> {

    private static final Duration GRACE = Duration.ofSeconds(3);
    private static final Duration FAILOVER_GRACE = Duration.ofSeconds(12);

    @Spec
    CommandSpec spec;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "1000",
        description = "clients, one account each (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "30",
        description = "measured seconds per design (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "200",
        description = "transfers per second during each window (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--poll-ms", paramLabel = "MS", defaultValue = "1000",
        description = "the polling clients' interval (default: ${DEFAULT-VALUE})")
    int pollMs;

    @Option(names = "--failover",
        description = "also kill a server half-way through a window of each design")
    boolean failover;

    @Option(names = "--session-timeout-ms", paramLabel = "MS", defaultValue = "3000",
        description = "how long the filling group waits for a silent (killed) member before it "
            + "hands its partitions over (default: ${DEFAULT-VALUE})")
    int sessionTimeoutMs;

    @Option(names = "--data", paramLabel = "DIR",
        description = "where the ledger, read model and Kafka keep their data (default: a new "
            + "temporary directory)")
    Path data;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
        description = "an existing Kafka instead of an embedded one")
    String kafka;

    /** What one design's window measured. */
    record Figures(String design, Histogram latencyUs, long requests, long committed, long seen,
                   long gaps, long repeats, long errors, long behind, Histogram reconnectUs,
                   Histogram firstUpdateUs, Histogram afterKillUs, int affected, double minutes,
                   int clients) {
        double requestsPerClientMinute() {
            return requests / (double) clients / minutes;
        }
    }

    @Override
    public Integer call() throws Exception {
        check("--clients", clients, 1, 20_000);
        check("--seconds", seconds, 1, 3_600);
        check("--rate", rate, 1, 10_000);
        check("--poll-ms", pollMs, 10, 60_000);
        check("--session-timeout-ms", sessionTimeoutMs, 1_000, 300_000);
        PrintWriter out = spec.commandLine().getOut();
        Path dir = data != null ? data : Files.createTempDirectory("faultline-bench-bank-");
        BankServer.Options options = new BankServer.Options(BankServer.Role.ALL,
            BankServer.Design.BROKER, kafka, dir, null, "postgres", "bank", "127.0.0.1", 0, 8, 2, 2,
            sessionTimeoutMs);
        out.println("faultline bench bank: " + clients + " clients, " + rate
            + " transfers/s, " + seconds + " s per design; data in " + dir);
        out.flush();
        ExecutorService httpThreads = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().executor(httpThreads)
            .connectTimeout(Duration.ofSeconds(5)).build();
        try (BankServer bank = BankServer.start(options)) {
            LedgerGateway ledger = bank.ledger().orElseThrow();
            List<String> names = openAccounts(ledger);
            awaitReadModel(bank, names);
            Window w = new Window(bank, ledger, bank.ledgerClock().orElseThrow(), http, names);
            // Unmeasured warm-up of both paths (JIT, connections), so neither design is
            // measured cold just because it runs first.
            w.windowSeconds = Math.min(5, seconds);
            w.polling(false);
            w.push(false);
            w.windowSeconds = seconds;
            Figures polling = w.polling(false);
            Figures push = w.push(false);
            print(out, "steady load", polling, push);
            if (failover) {
                Figures pollingKill = w.polling(true);
                Figures pushKill = w.push(true);
                print(out, "a server killed half-way", pollingKill, pushKill);
                printFailover(out, pollingKill, pushKill);
            }
        } finally {
            httpThreads.shutdownNow();
        }
        return 0;
    }

    private static void check(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageException(name + " must be in [" + min + ", " + max + "], got "
                + value);
        }
    }

    private List<String> openAccounts(LedgerGateway ledger) {
        List<String> names = new ArrayList<>();
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String name = String.format("c%05d", i);
            names.add(name);
            replies.add(ledger.ask(new OpenAccount("bench-open-" + name, name)));
            replies.add(ledger.ask(new Deposit("bench-fund-" + name, name, 1_000_000_000L)));
        }
        for (CompletableFuture<Reply> r : replies) {
            Reply reply = r.join();
            if (!(reply instanceof Applied)) {
                throw new IllegalStateException("could not open the bench's accounts: " + reply);
            }
        }
        return names;
    }

    private static void awaitReadModel(BankServer bank, List<String> names)
        throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        var readModel = bank.readModel().orElseThrow();
        for (String name : names) {
            while (readModel.account(name).map(a -> a.lastSeq() < 2).orElse(true)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the read model did not receive the "
                        + "bench's accounts within 120 s");
                }
                Thread.sleep(10);
            }
        }
    }

    /** Runs transfers at {@link #rate} per second between random accounts. */
    private final class Load implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong n = new AtomicLong();
        private final SplittableRandom random = new SplittableRandom(7);
        private final List<String> names;
        private final LedgerGateway ledger;
        private final String prefix;

        Load(LedgerGateway ledger, List<String> names, String prefix) {
            this.ledger = ledger;
            this.names = names;
            this.prefix = prefix;
            long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
            timer.scheduleAtFixedRate(this::transfer, 0, periodNanos, TimeUnit.NANOSECONDS);
        }

        private void transfer() {
            if (names.size() < 2) {
                return;
            }
            int from = random.nextInt(names.size());
            int to = (from + 1 + random.nextInt(names.size() - 1)) % names.size();
            ledger.ask(new Transfer(prefix + n.incrementAndGet(), names.get(from), names.get(to),
                1));
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /** One measured window of one design, optionally with a server killed half-way. */
    private final class Window {
        private final BankServer bank;
        private final LedgerGateway ledger;
        /** The ledger's clock: turns an event's time back into System.nanoTime. */
        private final HostClock ledgerClock;
        private final HttpClient http;
        private final List<String> names;
        private int runs;
        int windowSeconds;

        Window(BankServer bank, LedgerGateway ledger, HostClock ledgerClock, HttpClient http,
               List<String> names) {
            this.bank = bank;
            this.ledger = ledger;
            this.ledgerClock = ledgerClock;
            this.http = http;
            this.names = names;
        }

        Figures polling(boolean kill) throws InterruptedException {
            // Two polling servers over the ledger's database; half the clients start on each.
            int pageMax = 1_000;
            List<BankHttp> servers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                servers.add(BankHttp.builder().commands(ledger)
                    .reads(new StoreReadGateway(new LedgerStore(bank.ledgerStore().orElseThrow()),
                        pageMax)).build().start("127.0.0.1", 0));
            }
            ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
            try {
                return run("polling every " + pollMs + " ms", kill, false,
                    (clock) -> {
                        List<BenchClient> out = new ArrayList<>();
                        for (int i = 0; i < names.size(); i++) {
                            out.add(new BenchPoller(http, bases(servers, i), names.get(i),
                                lastSeq(names.get(i)), clock.clock(), clock.totals(), timer,
                                (long) i * pollMs / names.size(), pollMs));
                        }
                        return out;
                    }, () -> servers.get(0).close());
            } finally {
                timer.shutdownNow();
                servers.forEach(BankHttp::close);
            }
        }

        Figures push(boolean kill) throws InterruptedException {
            List<BankHttp> replicas = bank.replicas();
            return run("SSE push through Kafka", kill, true, (clock) -> {
                List<BenchClient> out = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    out.add(new BenchSseClient(http, bases(replicas, i), names.get(i),
                        lastSeq(names.get(i)), clock.clock(), clock.totals()));
                }
                awaitStreams(replicas, names.size());
                return out;
            }, () -> {
                bank.killReplica(0);
                bank.fillings().get(0).kill();
            });
        }

        private List<String> bases(List<BankHttp> servers, int client) {
            List<String> out = new ArrayList<>();
            for (int r = 0; r < servers.size(); r++) {
                out.add("http://127.0.0.1:" + servers.get((client + r) % servers.size()).port());
            }
            return out;
        }

        private long lastSeq(String client) {
            return new LedgerStore(bank.ledgerStore().orElseThrow()).account(client)
                .orElseThrow().lastSeq();
        }

        /** The clock and counters the clients of one window report to. */
        private record Meter(BenchSseClient.Clock clock, BenchSseClient.Totals totals) {
        }

        private Figures run(String design, boolean kill, boolean streamsCountAsRequests,
                            Function<Meter, List<BenchClient>> start, Runnable killer)
            throws InterruptedException {
            Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
            Histogram afterKill = new ConcurrentHistogram(3_600_000_000L, 3);
            BenchSseClient.Totals totals = new BenchSseClient.Totals();
            // window start, window end, kill time
            long[] window = {Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE};
            BenchSseClient.Clock clock = (timeMs, seenNanos) -> {
                long committedAt = ledgerClock.nanoTimeOf(timeMs);
                if (committedAt >= window[0] && committedAt <= window[1]) {
                    long us = Math.max(0, (seenNanos - committedAt) / 1_000);
                    latency.recordValue(us);
                    if (committedAt >= window[2]) {
                        afterKill.recordValue(us);
                    }
                    return true;
                }
                return false;
            };
            List<BenchClient> started = start.apply(new Meter(clock, totals));
            long connectionsBefore = streamsCountAsRequests ? 0 : totals.connections.get();
            window[1] = Long.MAX_VALUE;
            window[0] = System.nanoTime();
            long end = window[0] + TimeUnit.SECONDS.toNanos(windowSeconds);
            long killedAt = 0;
            long requests;
            try (Load load = new Load(ledger, names, "bench-" + (runs++) + "-")) {
                if (kill) {
                    sleepUntil(window[0] + (end - window[0]) / 2);
                    killedAt = System.nanoTime();
                    window[2] = killedAt;
                    killer.run();
                }
                sleepUntil(end);
                window[1] = end;
                load.close();
                requests = totals.connections.get() - connectionsBefore;
                sleepUntil(System.nanoTime() + (kill ? FAILOVER_GRACE : GRACE).toNanos());
            } finally {
                started.forEach(BenchClient::close);
            }
            Histogram reconnect = new Histogram(3_600_000_000L, 3);
            Histogram firstUpdate = new Histogram(3_600_000_000L, 3);
            int affected = 0;
            long behind = 0;
            for (int i = 0; i < started.size(); i++) {
                UpdateTracker u = started.get(i).updates();
                if (u.lastSeq() < lastSeq(names.get(i))) {
                    behind++;
                }
                if (kill && u.lostAtNanos() != 0) {
                    affected++;
                    record(reconnect, u.reconnectedAtNanos(), killedAt);
                    record(firstUpdate, u.resumedAtNanos(), killedAt);
                }
            }
            return new Figures(design, latency, requests,
                committedIn(bank, names, ledgerClock, window[0], window[1]), totals.seen.get(),
                totals.gaps.get(), totals.repeats.get(), totals.errors.get(), behind, reconnect,
                firstUpdate, afterKill, affected, windowSeconds / 60.0, names.size());
        }
    }

    private static void record(Histogram h, long atNanos, long sinceNanos) {
        if (atNanos != 0) {
            h.recordValue(Math.max(0, (atNanos - sinceNanos) / 1_000));
        }
    }

    /** How many events the ledger committed for these clients inside the window. */
    private static long committedIn(BankServer bank, List<String> names, HostClock ledgerClock,
                                    long startNanos, long endNanos) {
        LedgerStore store = new LedgerStore(bank.ledgerStore().orElseThrow());
        long count = 0;
        for (String name : names) {
            for (Event e : store.events(name)) {
                long at = ledgerClock.nanoTimeOf(e.timeMs());
                if (at >= startNanos && at <= endNanos) {
                    count++;
                }
            }
        }
        return count;
    }

    private static void awaitStreams(List<BankHttp> replicas, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (replicas.stream().mapToInt(BankHttp::streamCount).sum() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + replicas.stream()
                    .mapToInt(BankHttp::streamCount).sum() + " of " + count
                    + " streams connected within 60 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while connecting streams", e);
            }
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1_000.0;
    }

    private void print(PrintWriter out, String title, Figures polling, Figures push) {
        out.println();
        out.println("  " + title + ":");
        out.printf("  %-26s %9s %9s %9s %14s %15s%n", "design", "p50 ms", "p99 ms",
            "max ms", "req/client/min", "seen/committed");
        for (Figures f : List.of(polling, push)) {
            out.printf("  %-26s %9.1f %9.1f %9.1f %14.2f %,7d/%,d%n", f.design(),
                ms(f.latencyUs(), 50), ms(f.latencyUs(), 99), f.latencyUs().getMaxValue() / 1e3,
                f.requestsPerClientMinute(), f.seen(), f.committed());
        }
        out.printf("  push vs polling: %.1fx lower p50, %.1fx lower p99, %.1fx fewer requests"
            + " (push counts each client's one stream as a request of this %d s window)%n",
            ms(polling.latencyUs(), 50) / ms(push.latencyUs(), 50),
            ms(polling.latencyUs(), 99) / ms(push.latencyUs(), 99),
            polling.requestsPerClientMinute() / Math.max(1e-9, push.requestsPerClientMinute()),
            seconds);
        out.printf("  gaps %d/%d, repeats %d/%d, clients behind the ledger at the end %d/%d,"
            + " failed requests %d/%d (polling/push)%n", polling.gaps(), push.gaps(),
            polling.repeats(), push.repeats(), polling.behind(), push.behind(), polling.errors(),
            push.errors());
        out.flush();
    }

    private void printFailover(PrintWriter out, Figures polling, Figures push) {
        out.println();
        out.println("  Server_1 is broken? polling: one of two servers killed; push: one of two"
            + " response replicas and one of two filling-part instances killed.");
        out.printf("  %-26s %9s %20s %20s %20s%n", "design", "clients",
            "kill->reconnected", "kill->first update", "after-kill latency");
        out.printf("  %-26s %9s %20s %20s %20s%n", "", "", "p50 / max ms", "p50 / max ms",
            "p50 / p99 / max ms");
        for (Figures f : List.of(polling, push)) {
            out.printf("  %-26s %4d/%-4d %9.0f / %-8.0f %9.0f / %-8.0f %6.0f / %5.0f / %-6.0f%n",
                f.design(), f.reconnectUs().getTotalCount(), f.affected(),
                ms(f.reconnectUs(), 50), f.reconnectUs().getMaxValue() / 1e3,
                ms(f.firstUpdateUs(), 50), f.firstUpdateUs().getMaxValue() / 1e3,
                ms(f.afterKillUs(), 50), ms(f.afterKillUs(), 99),
                f.afterKillUs().getMaxValue() / 1e3);
        }
        out.println("  clients: reconnected to a survivor / lost their server. A first update"
            + " comes only when the client's account changes again; the after-kill latency is"
            + " that of every update committed after the kill, all clients.");
        out.flush();
    }
}
