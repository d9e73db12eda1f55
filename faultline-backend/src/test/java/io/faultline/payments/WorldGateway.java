package io.faultline.payments;

import io.faultline.payments.server.PaymentsGateway;
import io.faultline.payments.issuer.IssuerNode;
import io.faultline.sim.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A {@link PaymentsGateway} for adapter tests, until the runtime's node host is used: the payments
 * and issuer nodes in a {@link TestWorld} on one thread, each request from a client address of its
 * own so that a late reply finds its caller. Virtual time moves only when a test calls
 * {@link #advance}.
 */
public final class WorldGateway implements PaymentsGateway, AutoCloseable {

    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private final TestWorld world;
    private final Map<String, CompletableFuture<PaymentsMessage.Reply>> waiting = new TreeMap<>();
    private long next;
    /** Every request submitted, in order. */
    public final List<PaymentsMessage.Request> submitted = new ArrayList<>();

    public WorldGateway() {
        this(PaymentsNodeTest.config().build());
    }

    public WorldGateway(PaymentsConfig config) {
        this.world = new TestWorld()
            .add("issuer", () -> new IssuerNode(PaymentsNodeTest.SLOW_MS))
            .add("payments", () -> new PaymentsNode(config));
    }

    @Override
    public CompletableFuture<PaymentsMessage.Reply> submit(PaymentsMessage.Request request) {
        CompletableFuture<PaymentsMessage.Reply> future = new CompletableFuture<>();
        loop.execute(() -> {
            String client = "api-" + next++;
            submitted.add(request);
            waiting.put(client, future);
            world.request(client, "payments", request);
            collect();
        });
        return future;
    }

    /** Advances virtual time (on the loop thread) and waits until done. */
    public void advance(long ms) {
        CompletableFuture.runAsync(() -> {
            world.advance(ms);
            collect();
        }, loop).join();
    }

    /** The payments node's store, read on the loop thread. */
    public Map<String, String> paymentsStore() {
        return CompletableFuture.supplyAsync(() -> world.store("payments").snapshot(), loop).join();
    }

    /** How many charges the issuer approved. */
    public int approvedAtIssuer() {
        return CompletableFuture.supplyAsync(
            () -> IssuerNode.approvedKeys(world.store("issuer")).size(), loop).join();
    }

    private void collect() {
        for (String client : new ArrayList<>(waiting.keySet())) {
            List<Message> got = world.takeInbox(client);
            if (!got.isEmpty()) {
                waiting.remove(client).complete((PaymentsMessage.Reply) got.get(0));
            }
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
