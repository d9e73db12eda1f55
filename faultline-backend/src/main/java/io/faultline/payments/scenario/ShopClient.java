package io.faultline.payments.scenario;

import io.faultline.payments.CardDetails;
import io.faultline.payments.Currency;
import io.faultline.payments.ErrorCode;
import io.faultline.payments.PaymentsMessage.ChargeRequest;
import io.faultline.payments.PaymentsMessage.PaymentReply;
import io.faultline.payments.PaymentsMessage.Rejected;
import io.faultline.payments.issuer.TestCards;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;
import io.faultline.sim.TimerId;

import java.util.List;

/**
 * The online shop of the course, as a simulated client: it places {@code orders} orders one after
 * another, each a charge recorded in the history as invoke then ok (an outcome came back) or info
 * (it gave up not knowing). On a timeout it retries; how depends on the {@link RetryStyle}: with
 * the same idempotency key (safe), or with a new key per try (the double charge the simulator
 * finds).
 */
public final class ShopClient implements Node {

    /** The API client id the shop uses. */
    public static final String CLIENT_ID = "shop";
    private static final List<String> CARDS =
        List.of(TestCards.SUCCEEDS, TestCards.SUCCEEDS, TestCards.DECLINED, TestCards.SLOW);

    /** How the shop retries a charge that got no answer in time. */
    public enum RetryStyle {
        /** Every try of an order sends the key chosen before the first try. */
        SAME_KEY("same-key"),
        /** Every try gets a fresh key: the service cannot tell a retry from a new order. */
        NEW_KEY_PER_RETRY("new-key-per-retry");

        private final String cliName;

        RetryStyle(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        /** The style named {@code name}; throws naming the valid ones. */
        public static RetryStyle parse(String name) {
            for (RetryStyle s : values()) {
                if (s.cliName.equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown protocol '" + name
                + "'; valid: same-key, new-key-per-retry");
        }
    }

    /** The shop's timers. */
    sealed interface ShopTimer extends Timer {
    }

    /** It is time to place the next order. */
    record NextOrder() implements ShopTimer {
    }

    /** No answer for {@code order}'s try {@code attempt} yet. */
    record TryTimeout(int order, int attempt) implements ShopTimer {
    }

    private final Address payments;
    private final RetryStyle style;
    private final int orders;
    private final long timeoutMs;
    private final long backoffMsMax;
    private final int triesMax;
    private final long thinkMsMax;
    private int placed;
    private int order = -1;
    private long historyId;
    private long amountMinor;
    private String card;
    private int attempt;
    private String key;
    private TimerId timer;

    /**
     * @param payments the payments node
     * @param style how to retry
     * @param orders how many orders to place, one after another
     * @param timeoutMs how long to wait for the first try's answer; doubled per try
     * @param backoffMsMax the longest wait between tries
     * @param triesMax how many tries an order gets before the shop gives up not knowing
     * @param thinkMsMax the longest pause between two orders
     */
    public ShopClient(Address payments, RetryStyle style, int orders, long timeoutMs,
                      long backoffMsMax, int triesMax, long thinkMsMax) {
        this.payments = payments;
        this.style = style;
        this.orders = orders;
        this.timeoutMs = timeoutMs;
        this.backoffMsMax = backoffMsMax;
        this.triesMax = triesMax;
        this.thinkMsMax = thinkMsMax;
    }

    /** The order an idempotency key belongs to: "order-3" and "order-3-try-1" are order 3. */
    public static int orderOf(String idempotencyKey) {
        String rest = idempotencyKey.substring("order-".length());
        int dash = rest.indexOf('-');
        return Integer.parseInt(dash < 0 ? rest : rest.substring(0, dash));
    }

    @Override
    public void init(Context ctx) {
        scheduleNext(ctx);
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (order < 0) {
            return;
        }
        if (message instanceof PaymentReply r && orderOf(r.payment().idempotencyKey()) == order) {
            ctx.history().ok(historyId, r.payment().id() + " " + r.payment().status());
            finish(ctx);
        } else if (message instanceof Rejected r && r.code() != ErrorCode.REQUEST_IN_PROGRESS) {
            // A rejection is definite: nothing was charged for this request.
            ctx.history().fail(historyId, r.code().wire());
            finish(ctx);
        }
        // REQUEST_IN_PROGRESS: the first try is still running; the next timeout retries.
    }

    @Override
    public void onTimer(Context ctx, Timer t) {
        if (t instanceof NextOrder) {
            startOrder(ctx);
        } else if (t instanceof TryTimeout tt && tt.order() == order && tt.attempt() == attempt) {
            if (attempt + 1 >= triesMax) {
                ctx.history().info(historyId, "no answer after " + triesMax + " tries");
                finish(ctx);
                return;
            }
            attempt++;
            if (style == RetryStyle.NEW_KEY_PER_RETRY) {
                key = "order-" + order + "-try-" + attempt;
            }
            sendTry(ctx);
        }
    }

    private void startOrder(Context ctx) {
        order = placed;
        amountMinor = 100 + ctx.random().nextInt(9_900);
        card = CARDS.get(ctx.random().nextInt(CARDS.size()));
        historyId = ctx.history().invoke(CLIENT_ID, "charge", "order-" + order + " "
            + amountMinor + " GBP card " + card.substring(card.length() - 4));
        attempt = 0;
        key = style == RetryStyle.SAME_KEY ? "order-" + order : "order-" + order + "-try-0";
        sendTry(ctx);
    }

    private void sendTry(Context ctx) {
        ctx.send(payments, new ChargeRequest(CLIENT_ID, key, amountMinor, Currency.GBP,
            new CardDetails(card, 12, 2030, "123")));
        long waitMs = Math.min(backoffMsMax, timeoutMs << Math.min(attempt, 20));
        timer = ctx.setTimer(new TryTimeout(order, attempt), waitMs);
    }

    private void finish(Context ctx) {
        if (timer != null) {
            ctx.cancelTimer(timer);
            timer = null;
        }
        order = -1;
        placed++;
        scheduleNext(ctx);
    }

    private void scheduleNext(Context ctx) {
        if (placed < orders) {
            ctx.setTimer(new NextOrder(), ctx.random().nextLong(thinkMsMax + 1));
        }
    }

    /** Orders finished (ok, fail or info). */
    public int placed() {
        return placed;
    }
}
