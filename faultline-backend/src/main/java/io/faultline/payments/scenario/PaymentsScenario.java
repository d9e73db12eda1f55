package io.faultline.payments.scenario;

import io.faultline.payments.Payment;
import io.faultline.payments.PaymentStatus;
import io.faultline.payments.PaymentsConfig;
import io.faultline.payments.PaymentsNode;
import io.faultline.payments.issuer.IssuerNode;
import io.faultline.sim.Address;
import io.faultline.sim.DurableStore;
import io.faultline.sim.Op;
import io.faultline.sim.engine.Explorer;
import io.faultline.sim.engine.FaultConfig;
import io.faultline.sim.engine.Property;
import io.faultline.sim.engine.Scenario;
import io.faultline.sim.engine.SimView;
import io.faultline.sim.engine.Simulation;
import io.faultline.sim.engine.SystemModel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The course's payments question in the simulator: an online shop charges cards through the
 * payments service, which asks a card issuer; messages are lost, duplicated and delayed and the
 * payments service and the issuer crash, under the chosen system model. Is it safe to retry?
 *
 * <p>Protocols (how the shop retries): {@code same-key} (the default: every try of an order sends
 * the key chosen before the first) and {@code new-key-per-retry} (what goes wrong without
 * idempotency keys).
 *
 * <p>Properties:
 * <ul>
 *   <li>{@code one-charge-per-order} (safety): no order has more than one succeeded payment;</li>
 *   <li>{@code issuer-agrees} (safety): every charge the issuer approved is a payment the service
 *       recorded (pending or succeeded), and every succeeded payment was approved;</li>
 *   <li>{@code acknowledged-is-stored} (safety): every outcome the shop was told is the stored
 *       outcome of that payment;</li>
 *   <li>{@code every-order-resolved} (liveness): once faults stop, every order gets an outcome and
 *       no payment is left pending.</li>
 * </ul>
 */
public final class PaymentsScenario implements Scenario {

    public static final Address SHOP = Address.of("shop");
    public static final Address PAYMENTS = Address.of("payments");
    public static final Address ISSUER = Address.of("issuer");
    /** The node clock's origin: 1 January 2026, so the test cards' 12/2030 expiry is good. */
    static final long CLOCK_ORIGIN_MS = 1_767_225_600_000L;
    static final int ORDERS = 5;

    @Override
    public String name() {
        return "payments";
    }

    @Override
    public String summary() {
        return "a shop charges cards through the payments service and an issuer; retries must "
            + "never charge twice";
    }

    @Override
    public List<String> protocols() {
        return List.of(ShopClient.RetryStyle.SAME_KEY.cliName(),
            ShopClient.RetryStyle.NEW_KEY_PER_RETRY.cliName());
    }

    @Override
    public Simulation.Builder configure(String protocol, SystemModel model, FaultConfig faults,
                                        long seed) {
        ShopClient.RetryStyle style = ShopClient.RetryStyle.parse(protocol);
        long deltaMs = faults.deltaMs();
        PaymentsConfig config = PaymentsConfig.custom()
            .fingerprintKey("simulation fingerprint key 32 by".getBytes(StandardCharsets.UTF_8))
            .clockOriginMs(CLOCK_ORIGIN_MS)
            .issuerTimeoutMs(4 * deltaMs + 1)
            .retryBackoffMsMax(Math.max(4 * deltaMs + 1, 500))
            .authorizeAttemptsMax(5)
            .build();
        long slowMs = 20 * deltaMs;
        return Simulation.builder()
            .seed(seed)
            .model(model)
            .faults(faults)
            .node(SHOP, () -> new ShopClient(PAYMENTS, style, ORDERS, 10 * deltaMs + 1, 1_000,
                1_000, Math.max(1, 2 * faults.healAtMs() / ORDERS)))
            .node(PAYMENTS, () -> new PaymentsNode(config))
            .node(ISSUER, () -> new IssuerNode(slowMs))
            .crashable(List.of(PAYMENTS, ISSUER))
            // An altered message is unreadable and dropped, as TLS between nodes would make it;
            // the nodes do not sign messages themselves (see the package documentation).
            .corruptor((m, rng) -> null)
            .properties(properties(ORDERS));
    }

    /**
     * One order, the service and the issuer, for a bounded exhaustive search: every delivery
     * order, up to one loss and one duplicate on a lossy network, up to one crash of the service
     * (the issuer's crashes are left to the random runs, to keep the search within its budget).
     */
    @Override
    public Explorer.Builder explorer(String protocol, SystemModel model) {
        ShopClient.RetryStyle style = ShopClient.RetryStyle.parse(protocol);
        PaymentsConfig config = PaymentsConfig.custom()
            .fingerprintKey("simulation fingerprint key 32 by".getBytes(StandardCharsets.UTF_8))
            .clockOriginMs(CLOCK_ORIGIN_MS)
            .issuerTimeoutMs(41)
            .authorizeAttemptsMax(2)
            .build();
        // No adversary strategy under the Byzantine model: this scenario's nodes run honestly.
        return Explorer.builder()
            .node(SHOP, () -> new ShopClient(PAYMENTS, style, 1, 101, 1_000, 3, 0))
            .node(PAYMENTS, () -> new PaymentsNode(config))
            .node(ISSUER, () -> new IssuerNode(200))
            .properties(properties(1))
            .boundsFor(model, List.of(PAYMENTS))
            .maxDepth(14)
            .maxRuns(300_000);
    }

    /** The scenario's properties for a shop that places {@code orders} orders. */
    public static List<Property> properties(int orders) {
        return List.of(
            Property.safety("one-charge-per-order", PaymentsScenario::oneChargePerOrder),
            Property.safety("issuer-agrees", PaymentsScenario::issuerAgrees),
            Property.safety("acknowledged-is-stored", PaymentsScenario::acknowledgedIsStored),
            Property.liveness("every-order-resolved", v -> everyOrderResolved(v, orders)));
    }

    private static Map<String, Payment> payments(SimView view) {
        Map<String, Payment> out = new TreeMap<>();
        DurableStore store = view.store(PAYMENTS);
        for (String v : store.scan("pay/").values()) {
            Payment p = Payment.decode(v);
            out.put(p.id(), p);
        }
        return out;
    }

    static Optional<String> oneChargePerOrder(SimView view) {
        Map<Integer, List<Payment>> byOrder = new TreeMap<>();
        for (Payment p : payments(view).values()) {
            if (p.status() == PaymentStatus.SUCCEEDED) {
                byOrder.computeIfAbsent(ShopClient.orderOf(p.idempotencyKey()),
                    k -> new ArrayList<>()).add(p);
            }
        }
        for (Map.Entry<Integer, List<Payment>> e : byOrder.entrySet()) {
            if (e.getValue().size() > 1) {
                StringBuilder why = new StringBuilder("order " + e.getKey() + " was charged "
                    + e.getValue().size() + " times:");
                for (Payment p : e.getValue()) {
                    why.append(' ').append(p.id()).append(" (key ").append(p.idempotencyKey())
                        .append(", ").append(p.amountMinor()).append(" GBP minor)");
                }
                return Optional.of(why.toString());
            }
        }
        return Optional.empty();
    }

    static Optional<String> issuerAgrees(SimView view) {
        Map<String, Payment> payments = payments(view);
        SortedSet<String> approved = IssuerNode.approvedKeys(view.store(ISSUER));
        for (String key : approved) {
            Payment p = payments.get(key);
            if (p == null || p.status() == PaymentStatus.DECLINED
                || p.status() == PaymentStatus.FAILED) {
                return Optional.of("the issuer approved " + key + " but the service has it as "
                    + (p == null ? "unknown" : p.status()));
            }
        }
        for (Payment p : payments.values()) {
            if (p.status() == PaymentStatus.SUCCEEDED && !approved.contains(p.id())) {
                return Optional.of("payment " + p.id() + " succeeded but the issuer never "
                    + "approved it");
            }
        }
        return Optional.empty();
    }

    static Optional<String> acknowledgedIsStored(SimView view) {
        Map<String, Payment> payments = payments(view);
        for (Op op : view.history().completions()) {
            if (op.type() != Op.Type.OK) {
                continue;
            }
            String[] told = String.valueOf(op.value()).split(" ");
            Payment p = payments.get(told[0]);
            if (p == null || !p.status().name().equals(told[1])) {
                return Optional.of("the shop was told " + op.value() + " for operation "
                    + op.id() + " but the service stores " + (p == null ? "nothing" : p.status()));
            }
        }
        return Optional.empty();
    }

    static Optional<String> everyOrderResolved(SimView view, int orders) {
        List<Op> done = view.history().completions();
        for (Op op : done) {
            if (op.type() != Op.Type.OK) {
                return Optional.of("operation " + op.id() + " ended :" + op.type().jepsenName()
                    + " (" + op.value() + ")");
            }
        }
        if (done.size() < orders) {
            return Optional.of("only " + done.size() + " of " + orders + " orders have an outcome");
        }
        for (Payment p : payments(view).values()) {
            if (p.status() == PaymentStatus.PENDING) {
                return Optional.of("payment " + p.id() + " is still pending");
            }
        }
        return Optional.empty();
    }
}
