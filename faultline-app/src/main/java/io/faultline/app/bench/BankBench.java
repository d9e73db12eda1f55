package io.faultline.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.faultline.app.UsageException;
import io.faultline.bank.Event;
import io.faultline.bank.LedgerMessages.Applied;
import io.faultline.bank.LedgerMessages.Deposit;
import io.faultline.bank.LedgerMessages.OpenAccount;
import io.faultline.bank.LedgerMessages.Reply;
import io.faultline.bank.LedgerMessages.Transfer;
import io.faultline.bank.LedgerStore;
import io.faultline.bank.app.BankJson;
import io.faultline.bank.app.LocalLedgerHost;
import io.faultline.bank.http.BankHttp;
import io.faultline.bank.server.BankServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faultline bench bank}: the course's comparison, measured. N clients want every update of
 * their account under a steady load of transfers; first each polls {@code GET /events?after=}
 * every second (the baseline), then each holds one SSE stream fed through Kafka. Both run in this
 * JVM against the same ledger, so an update's latency is measured from the ledger's commit to the
 * moment the client has it.
 */
@Command(name = "bank",
    description = "Polling every second against SSE push through Kafka: update latency and "
        + "requests per client per minute, measured in one run.",
    mixinStandardHelpOptions = true,
    footer = {"", "Examples:", "  faultline bench bank", "  faultline bench bank --clients 1000 "
        + "--seconds 30 --rate 200"})
public final class BankBench implements Callable<Integer> {

    private static final Duration GRACE = Duration.ofSeconds(3);

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

    @Option(names = "--data", paramLabel = "DIR",
        description = "where the ledger, read model and Kafka keep their data (default: a new "
            + "temporary directory)")
    Path data;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
        description = "an existing Kafka instead of an embedded one")
    String kafka;

    /** What one design's window measured. */
    record Figures(String design, Histogram latencyUs, long requests, long expected, long seen,
                   long gaps, long repeats, long errors, double minutes, int clients) {
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
        PrintWriter out = spec.commandLine().getOut();
        Path dir = data != null ? data : Files.createTempDirectory("faultline-bench-bank-");
        BankServer.Options options = new BankServer.Options(BankServer.Role.ALL,
            BankServer.Design.BROKER, kafka, dir, null, "postgres", "127.0.0.1", 0, 8, 2, 2,
            3_000);
        out.println("faultline bench bank: " + clients + " clients, " + rate
            + " transfers/s, " + seconds + " s per design; data in " + dir);
        out.flush();
        ExecutorService httpThreads = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().executor(httpThreads)
            .connectTimeout(Duration.ofSeconds(5)).build();
        try (BankServer bank = BankServer.start(options)) {
            LocalLedgerHost ledger = bank.ledger().orElseThrow();
            List<String> names = openAccounts(ledger);
            awaitReadModel(bank, names);
            Figures polling = pollingWindow(bank, ledger, http, names);
            Figures push = pushWindow(bank, ledger, http, names);
            print(out, polling, push);
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

    private List<String> openAccounts(LocalLedgerHost ledger) {
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
        private final List<String> names;
        private final LocalLedgerHost ledger;
        private final String prefix;
        private final java.util.SplittableRandom random = new java.util.SplittableRandom(7);

        Load(LocalLedgerHost ledger, List<String> names, String prefix) {
            this.ledger = ledger;
            this.names = names;
            this.prefix = prefix;
            long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
            timer.scheduleAtFixedRate(this::transfer, 0, periodNanos, TimeUnit.NANOSECONDS);
        }

        private void transfer() {
            int from = random.nextInt(names.size());
            int to = (from + 1 + random.nextInt(Math.max(1, names.size() - 1))) % names.size();
            if (from == to) {
                return;
            }
            ledger.ask(new Transfer(prefix + n.incrementAndGet(), names.get(from), names.get(to),
                1));
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    private Figures pollingWindow(BankServer bank, LocalLedgerHost ledger, HttpClient http,
                                  List<String> names) throws InterruptedException {
        BankHttp server = bank.ledgerHttp().orElseThrow();
        String base = "http://127.0.0.1:" + server.port();
        Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
        AtomicLong requests = new AtomicLong();
        AtomicLong seen = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong gaps = new AtomicLong();
        ScheduledExecutorService pollers = Executors.newScheduledThreadPool(2);
        long[] last = new long[names.size()];
        java.util.Arrays.fill(last, 2);
        boolean[] inFlight = new boolean[names.size()];
        long windowStart = System.nanoTime();
        long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(seconds);
        List<ScheduledFuture<?>> tasks = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            int c = i;
            long offsetMs = (long) i * pollMs / names.size();
            tasks.add(pollers.scheduleAtFixedRate(() -> {
                synchronized (inFlight) {
                    if (inFlight[c]) {
                        return;
                    }
                    inFlight[c] = true;
                }
                requests.incrementAndGet();
                HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/events/"
                    + names.get(c) + "?after=" + last[c] + "&limit=1000")).GET().build();
                http.sendAsync(get, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    long now = System.nanoTime();
                    if (e != null || r.statusCode() != 200) {
                        errors.incrementAndGet();
                    } else {
                        for (JsonNode ev : read(r.body()).get("events")) {
                            long seq = ev.get("seq").asLong();
                            if (seq != last[c] + 1) {
                                gaps.incrementAndGet();
                            }
                            last[c] = seq;
                            long committedAt = ledger.nanoTimeOf(ev.get("timeMs").asLong());
                            if (committedAt >= windowStart && committedAt <= windowEnd) {
                                latency.recordValue(Math.max(0, (now - committedAt) / 1_000));
                                seen.incrementAndGet();
                            }
                        }
                    }
                    synchronized (inFlight) {
                        inFlight[c] = false;
                    }
                });
            }, offsetMs, pollMs, TimeUnit.MILLISECONDS));
        }
        long requestsInWindow;
        try (Load load = new Load(ledger, names, "bench-poll-")) {
            sleepUntil(windowEnd);
            load.close();
            requestsInWindow = requests.get();
            sleepUntil(System.nanoTime() + GRACE.toNanos());
        } finally {
            tasks.forEach(t -> t.cancel(false));
            pollers.shutdownNow();
        }
        long committed = committedIn(bank, names, ledger, windowStart, windowEnd);
        return new Figures("polling every " + pollMs + " ms", latency, requestsInWindow,
            committed, seen.get(), gaps.get(), 0, errors.get(), seconds / 60.0, names.size());
    }

    private Figures pushWindow(BankServer bank, LocalLedgerHost ledger, HttpClient http,
                               List<String> names) throws InterruptedException {
        Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
        List<BankHttp> replicas = bank.replicas();
        BenchSseClient.Totals totals = new BenchSseClient.Totals();
        List<BenchSseClient> streams = new ArrayList<>();
        long[] window = new long[2];
        BenchSseClient.Clock clock = (timeMs, seenNanos) -> {
            long committedAt = ledger.nanoTimeOf(timeMs);
            if (committedAt >= window[0] && committedAt <= window[1]) {
                latency.recordValue(Math.max(0, (seenNanos - committedAt) / 1_000));
                return true;
            }
            return false;
        };
        for (int i = 0; i < names.size(); i++) {
            List<String> bases = new ArrayList<>();
            for (int r = 0; r < replicas.size(); r++) {
                bases.add("http://127.0.0.1:" + replicas.get((i + r) % replicas.size()).port());
            }
            streams.add(new BenchSseClient(http, bases, names.get(i), 2, clock, totals));
        }
        awaitStreams(replicas, names.size());
        window[0] = System.nanoTime();
        window[1] = window[0] + TimeUnit.SECONDS.toNanos(seconds);
        long connections;
        try (Load load = new Load(ledger, names, "bench-push-")) {
            sleepUntil(window[1]);
            load.close();
            // Every stream was opened before the window; count it as one request of the window.
            connections = totals.connections.get();
            sleepUntil(System.nanoTime() + GRACE.toNanos());
        } finally {
            streams.forEach(BenchSseClient::close);
        }
        long committed = committedIn(bank, names, ledger, window[0], window[1]);
        return new Figures("SSE push through Kafka", latency, connections, committed,
            totals.seen.get(), totals.gaps.get(), totals.repeats.get(), totals.errors.get(),
            seconds / 60.0, names.size());
    }

    /** How many events the ledger committed for these clients inside the window. */
    private static long committedIn(BankServer bank, List<String> names, LocalLedgerHost ledger,
                                    long startNanos, long endNanos) {
        LedgerStore store = new LedgerStore(bank.ledgerStore().orElseThrow());
        long count = 0;
        for (String name : names) {
            for (Event e : store.events(name)) {
                long at = ledger.nanoTimeOf(e.timeMs());
                if (at >= startNanos && at <= endNanos) {
                    count++;
                }
            }
        }
        return count;
    }

    private static void awaitStreams(List<BankHttp> replicas, int count)
        throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (replicas.stream().mapToInt(BankHttp::streamCount).sum() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + replicas.stream()
                    .mapToInt(BankHttp::streamCount).sum() + " of " + count
                    + " streams connected within 60 s");
            }
            Thread.sleep(20);
        }
    }

    private static JsonNode read(String body) {
        try {
            return BankJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private void print(PrintWriter out, Figures polling, Figures push) {
        out.println();
        out.printf("  %-26s %9s %9s %9s %14s %15s%n", "design", "p50 ms", "p99 ms",
            "max ms", "req/client/min", "seen/committed");
        for (Figures f : List.of(polling, push)) {
            out.printf("  %-26s %9.1f %9.1f %9.1f %14.2f %,7d/%,d%n", f.design(),
                f.latencyUs().getValueAtPercentile(50) / 1_000.0,
                f.latencyUs().getValueAtPercentile(99) / 1_000.0,
                f.latencyUs().getMaxValue() / 1_000.0,
                f.requestsPerClientMinute(), f.seen(), f.expected());
        }
        out.println();
        double p50 = ratio(polling.latencyUs().getValueAtPercentile(50),
            push.latencyUs().getValueAtPercentile(50));
        double p99 = ratio(polling.latencyUs().getValueAtPercentile(99),
            push.latencyUs().getValueAtPercentile(99));
        out.printf("  push vs polling: %.1fx lower p50, %.1fx lower p99, %.1fx fewer requests"
            + " (push counts each client's one stream as a request of this %d s window)%n",
            p50, p99, polling.requestsPerClientMinute()
                / Math.max(1e-9, push.requestsPerClientMinute()), seconds);
        out.printf("  gaps %d/%d, repeats %d/%d, errors %d/%d (polling/push)%n",
            polling.gaps(), push.gaps(), polling.repeats(), push.repeats(), polling.errors(),
            push.errors());
        out.flush();
    }

    private static double ratio(long a, long b) {
        return a / (double) Math.max(1, b);
    }
}
