package io.faultline.payments;

import io.faultline.payments.IdempotencyRecord.Kind;
import io.faultline.payments.IdempotencyRecord.State;
import io.faultline.payments.IssuerMessage.AuthResult;
import io.faultline.payments.IssuerMessage.Authorize;
import io.faultline.payments.IssuerMessage.Resolve;
import io.faultline.payments.PaymentsMessage.ChargeRequest;
import io.faultline.payments.PaymentsMessage.GetPaymentRequest;
import io.faultline.payments.PaymentsMessage.PaymentReply;
import io.faultline.payments.PaymentsMessage.RefundReply;
import io.faultline.payments.PaymentsMessage.RefundRequest;
import io.faultline.payments.PaymentsMessage.Rejected;
import io.faultline.payments.PaymentsTimer.IssuerRetry;
import io.faultline.payments.PaymentsTimer.RetentionSweep;
import io.faultline.sim.Address;
import io.faultline.sim.Context;
import io.faultline.sim.Message;
import io.faultline.sim.Node;
import io.faultline.sim.Timer;
import io.faultline.sim.TimerId;
import io.faultline.sim.WriteBatch;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The payments service as a deterministic node: charges, refunds and reads, made safe to retry with
 * idempotency keys scoped to the API client.
 *
 * <h2>How a charge goes</h2>
 * <ol>
 *   <li>The request's input is checked ({@link RequestChecks}); a bad one is rejected and changes
 *       nothing.</li>
 *   <li>The key is looked up under the client. A retry of a finished request gets the stored
 *       outcome; a retry of one still in progress gets {@link ErrorCode#REQUEST_IN_PROGRESS}; the
 *       key with another payload gets {@link ErrorCode#IDEMPOTENCY_KEY_REUSED}.</li>
 *   <li>A new key: one atomic write stores the payment ({@link PaymentStatus#PENDING}), the key
 *       with the request's fingerprint, and a pending marker. Then the issuer is asked to
 *       authorise, under the payment id as the issuer's idempotency key, and asked again on a
 *       timeout with the same key.</li>
 *   <li>The issuer's answer is stored in one atomic write (outcome, key done, marker gone),
 *       and only then is the client answered.</li>
 * </ol>
 * After a crash the card details are gone (they were never stored), so the node asks the issuer to
 * {@link Resolve resolve} each pending payment: the issuer answers with its outcome, or settles it
 * as not charged.
 *
 * <h2>Store layout</h2>
 * {@code pay/<id>} a {@link Payment}; {@code idem/<client>/<key>} an {@link IdempotencyRecord};
 * {@code pending/<id>} a payment waiting for the issuer; {@code refund/<payment id>/<id>} a
 * {@link Refund}.
 *
 * <p>Not thread-safe: an engine hands it one event at a time.
 */
public final class PaymentsNode implements Node {

    static final String PAY = "pay/";
    static final String IDEM = "idem/";
    static final String PENDING = "pending/";
    static final String REFUND = "refund/";
    /** How many times the node has started: part of every id, so ids never repeat across lives. */
    static final String EPOCH = "meta/epoch";

    /** How often a retention sweep runs, at most; sweeps run only when keys expire. */
    static final long SWEEP_INTERVAL_MS_MAX = 60L * 60 * 1000;

    private final PaymentsConfig config;
    private final Fingerprints fingerprints;
    /** Payments waiting for the issuer, by id; sorted so that recovery runs in a fixed order. */
    private final TreeMap<String, Pending> pending = new TreeMap<>();
    /** This life's number, from {@link #EPOCH}. */
    private long epoch;
    /** Ids made in this life so far. */
    private long idCount;

    /**
     * A payment waiting for the issuer's answer; memory only. It holds what the store holds for
     * the payment and its key (both change only in {@link #finish}, which removes it), so the
     * answer's handler needs no read.
     */
    private static final class Pending {
        final Payment payment;
        final IdempotencyRecord record;
        /** Null after a crash: the details were never stored, so only a resolve is possible. */
        final CardDetails card;
        /** Who waits for the outcome; null after a crash (clients then retry with their key). */
        final Address waiter;
        int attempts;
        boolean resolving;
        TimerId timer;

        Pending(Payment payment, IdempotencyRecord record, CardDetails card, Address waiter) {
            this.payment = payment;
            this.record = record;
            this.card = card;
            this.waiter = waiter;
            this.resolving = card == null;
        }
    }

    public PaymentsNode(PaymentsConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.fingerprints = new Fingerprints(config.fingerprintKey());
    }

    @Override
    public void init(Context ctx) {
        epoch = ctx.store().get(EPOCH).map(Long::parseLong).orElse(0L) + 1;
        check(epoch <= 0xffff_ffffL, "more than 2^32 starts: ids would repeat");
        ctx.store().put(EPOCH, Long.toString(epoch));
        // A first start and a restart are the same: resume whatever the store says is pending.
        for (String key : ctx.store().scan(PENDING).keySet()) {
            String id = key.substring(PENDING.length());
            Payment payment = loadPayment(ctx, id).orElseThrow(() -> new IllegalStateException(
                "pending marker " + key + " has no payment"));
            IdempotencyRecord record = ctx.store()
                .get(idemKey(payment.clientId(), payment.idempotencyKey()))
                .map(IdempotencyRecord::decode).orElseThrow(() -> new IllegalStateException(
                    "pending payment " + id + " has no idempotency record"));
            Pending p = new Pending(payment, record, null, null);
            pending.put(id, p);
            askIssuer(ctx, p);
        }
        if (config.idempotencyRetentionMs().isPresent()) {
            ctx.setTimer(new RetentionSweep(), sweepIntervalMs());
        }
    }

    @Override
    public void onMessage(Context ctx, Address from, Message message) {
        if (message instanceof ChargeRequest r) {
            onCharge(ctx, from, r);
        } else if (message instanceof RefundRequest r) {
            onRefund(ctx, r);
        } else if (message instanceof GetPaymentRequest r) {
            onGet(ctx, r);
        } else if (message instanceof AuthResult r && from.equals(config.issuer())) {
            // Only the issuer decides a charge's outcome; a result from anyone else is forged.
            onAuthResult(ctx, r);
        }
        // Anything else (a reply sent here by mistake) is not for this node and is dropped.
    }

    @Override
    public void onTimer(Context ctx, Timer timer) {
        if (timer instanceof IssuerRetry t) {
            onIssuerRetry(ctx, t.paymentId());
        } else if (timer instanceof RetentionSweep) {
            sweepExpiredKeys(ctx);
            ctx.setTimer(new RetentionSweep(), sweepIntervalMs());
        }
    }

    /** The number of payments waiting for the issuer (for tests and status pages). */
    public int pendingCount() {
        return pending.size();
    }

    // ---- charges -------------------------------------------------------------------------------

    private void onCharge(Context ctx, Address from, ChargeRequest r) {
        long nowMs = calendarMs(ctx);
        Optional<Rejected> bad = RequestChecks.charge(r, config.amountMinorMax(), nowMs);
        if (bad.isPresent()) {
            ctx.reply(bad.get());
            return;
        }
        CardDetails card = r.card();
        String cardFp = fingerprints.card(card.digits());
        // The CVC is left out on purpose: a hash of three digits is easy to reverse.
        String fp = Fingerprints.request(Kind.CHARGE, r.amountMinor(), r.currency(), cardFp,
            card.expiryMonth(), card.expiryYear());
        String idemKey = idemKey(r.clientId(), r.idempotencyKey());
        Optional<IdempotencyRecord> seen = liveRecord(ctx, idemKey, nowMs);
        if (seen.isPresent()) {
            ctx.reply(replay(ctx, seen.get(), fp, r.idempotencyKey()));
            return;
        }
        Payment payment = new Payment(newId(ctx, "pay_"), r.clientId(), r.idempotencyKey(),
            r.amountMinor(), r.currency(), card.lastFour(), cardFp, card.expiryMonth(),
            card.expiryYear(), PaymentStatus.PENDING, "", nowMs, 0);
        IdempotencyRecord record = new IdempotencyRecord(fp, State.IN_PROGRESS, Kind.CHARGE,
            payment.id(), "", nowMs);
        ctx.store().write(WriteBatch.create()
            .put(PAY + payment.id(), payment.encode())
            .put(idemKey, record.encode())
            .put(PENDING + payment.id(), ""));
        Pending p = new Pending(payment, record, card, from);
        pending.put(payment.id(), p);
        askIssuer(ctx, p);
    }

    /** The answer to a request whose key was seen before: its outcome, "in progress", "reused". */
    private Message replay(Context ctx, IdempotencyRecord seen, String fp, String key) {
        if (!seen.fingerprint().equals(fp)) {
            return new Rejected(ErrorCode.IDEMPOTENCY_KEY_REUSED, "idempotency_key",
                "the idempotency key '" + key + "' was already used for a different request (a "
                    + seen.kind().name().toLowerCase(Locale.ROOT) + " of payment "
                    + seen.paymentId() + "); send a new key for a new request");
        }
        if (seen.state() == State.IN_PROGRESS) {
            return new Rejected(ErrorCode.REQUEST_IN_PROGRESS, "idempotency_key",
                "a request with the idempotency key '" + key + "' is still in progress; retry "
                    + "later with the same key to get its outcome");
        }
        Payment payment = loadPayment(ctx, seen.paymentId()).orElseThrow(
            () -> new IllegalStateException("idempotency record names a missing payment "
                + seen.paymentId()));
        if (seen.kind() == Kind.CHARGE) {
            return new PaymentReply(payment, true);
        }
        Refund refund = loadRefund(ctx, seen.paymentId(), seen.refundId());
        return new RefundReply(refund, payment, true);
    }

    private void askIssuer(Context ctx, Pending p) {
        Payment pay = p.payment;
        if (p.resolving) {
            ctx.send(config.issuer(), new Resolve(pay.id()));
        } else {
            ctx.send(config.issuer(),
                new Authorize(pay.id(), pay.amountMinor(), pay.currency(), p.card));
        }
        long delayMs = Math.min(config.retryBackoffMsMax(),
            config.issuerTimeoutMs() << Math.min(p.attempts, 20));
        p.timer = ctx.setTimer(new IssuerRetry(pay.id()), delayMs);
    }

    private void onIssuerRetry(Context ctx, String paymentId) {
        Pending p = pending.get(paymentId);
        if (p == null) {
            return;
        }
        p.attempts++;
        if (!p.resolving && p.attempts >= config.authorizeAttemptsMax()) {
            // Stop sending the card details; from now on only ask for the settled outcome.
            p.resolving = true;
            p.attempts = 0;
        }
        // No give-up on resolving: the issuer may have approved and its answer may only be slow
        // (asynchrony), so marking the charge failed here could lose money unseen. The exhaustive
        // search found exactly that when there was a resolve limit. The backoff caps the rate.
        askIssuer(ctx, p);
    }

    private void onAuthResult(Context ctx, AuthResult r) {
        Pending p = pending.get(r.key());
        if (p == null) {
            return; // a duplicate answer: the outcome is already recorded (or never asked)
        }
        PaymentStatus status = switch (r.outcome()) {
            case APPROVED -> PaymentStatus.SUCCEEDED;
            case DECLINED -> PaymentStatus.DECLINED;
            case FAILED -> PaymentStatus.FAILED;
        };
        String code = status == PaymentStatus.SUCCEEDED ? "" : knownCode(r.code());
        finish(ctx, p, status, code);
    }

    /** Stores a payment's outcome with its key done, atomically; then answers the waiter. */
    private void finish(Context ctx, Pending p, PaymentStatus status, String code) {
        Payment payment = p.payment;
        check(payment.status() == PaymentStatus.PENDING,
            "only a pending payment gets an outcome, " + payment.id() + " is " + payment.status());
        Payment done = payment.withOutcome(status, code);
        ctx.store().write(WriteBatch.create()
            .put(PAY + done.id(), done.encode())
            .put(idemKey(payment.clientId(), payment.idempotencyKey()), p.record.done().encode())
            .delete(PENDING + done.id()));
        pending.remove(done.id());
        if (p.timer != null) {
            ctx.cancelTimer(p.timer);
        }
        if (p.waiter != null) {
            ctx.send(p.waiter, new PaymentReply(done, false));
        }
    }

    /** The issuer's code if it is one this service knows, else a generic processing error. */
    private static String knownCode(String code) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.category() == ErrorCode.Category.CARD && c.wire().equals(code)) {
                return code;
            }
        }
        return ErrorCode.PROCESSING_ERROR.wire();
    }

    // ---- refunds and reads ---------------------------------------------------------------------

    private void onRefund(Context ctx, RefundRequest r) {
        long nowMs = calendarMs(ctx);
        Optional<Rejected> bad = RequestChecks.clientAndKey(r.clientId(), r.idempotencyKey());
        if (bad.isEmpty() && r.amountMinor() < 0) {
            bad = RequestChecks.reject(ErrorCode.INVALID_AMOUNT, "amount", "a refund amount must "
                + "be positive, or 0 for everything refundable; got " + r.amountMinor());
        }
        if (bad.isPresent()) {
            ctx.reply(bad.get());
            return;
        }
        String fp = Fingerprints.request(Kind.REFUND, r.paymentId(), r.amountMinor());
        String idemKey = idemKey(r.clientId(), r.idempotencyKey());
        Optional<IdempotencyRecord> seen = liveRecord(ctx, idemKey, nowMs);
        if (seen.isPresent()) {
            ctx.reply(replay(ctx, seen.get(), fp, r.idempotencyKey()));
            return;
        }
        Optional<Payment> found = ownedPayment(ctx, r.clientId(), r.paymentId());
        if (found.isEmpty()) {
            ctx.reply(notFound(r.paymentId()));
            return;
        }
        Payment payment = found.get();
        long refundable = payment.refundableMinor();
        if (refundable == 0) {
            ctx.reply(new Rejected(ErrorCode.PAYMENT_NOT_REFUNDABLE, "payment_id", "payment "
                + payment.id() + " is " + payment.status() + " with " + payment.refundedMinor()
                + " of " + payment.amountMinor() + " refunded; only the unrefunded part of a "
                + "SUCCEEDED payment can be refunded"));
            return;
        }
        long amount = r.amountMinor() == 0 ? refundable : r.amountMinor();
        if (amount > refundable) {
            ctx.reply(new Rejected(ErrorCode.REFUND_EXCEEDS_PAYMENT, "amount", "a refund of "
                + amount + " minor units exceeds the " + refundable + " still refundable on "
                + payment.id()));
            return;
        }
        Refund refund = new Refund(newId(ctx, "re_"), payment.id(),
            r.idempotencyKey(), amount, nowMs);
        Payment after = payment.withRefunded(amount);
        IdempotencyRecord record = new IdempotencyRecord(fp, State.DONE, Kind.REFUND, payment.id(),
            refund.id(), nowMs);
        ctx.store().write(WriteBatch.create()
            .put(REFUND + payment.id() + "/" + refund.id(), refund.encode())
            .put(PAY + payment.id(), after.encode())
            .put(idemKey, record.encode()));
        ctx.reply(new RefundReply(refund, after, false));
    }

    private void onGet(Context ctx, GetPaymentRequest r) {
        Optional<Rejected> bad = RequestChecks.client(r.clientId());
        if (bad.isPresent()) {
            ctx.reply(bad.get());
            return;
        }
        Optional<Payment> found = ownedPayment(ctx, r.clientId(), r.paymentId());
        ctx.reply(found.<Message>map(p -> new PaymentReply(p, false))
            .orElseGet(() -> notFound(r.paymentId())));
    }

    /** The payment if it exists and belongs to {@code clientId}: others' payments do not exist. */
    private Optional<Payment> ownedPayment(Context ctx, String clientId, String paymentId) {
        if (paymentId == null || paymentId.isEmpty() || paymentId.contains("/")) {
            return Optional.empty();
        }
        return loadPayment(ctx, paymentId).filter(p -> p.clientId().equals(clientId));
    }

    private static Rejected notFound(String paymentId) {
        return new Rejected(ErrorCode.PAYMENT_NOT_FOUND, "payment_id",
            "no payment '" + paymentId + "' for this API client");
    }

    // ---- idempotency retention -----------------------------------------------------------------

    /** The record of a key, unless there is none or it has outlived the retention. */
    private Optional<IdempotencyRecord> liveRecord(Context ctx, String idemKey, long nowMs) {
        return ctx.store().get(idemKey).map(IdempotencyRecord::decode)
            .filter(r -> !expired(r, nowMs));
    }

    private boolean expired(IdempotencyRecord r, long nowMs) {
        // A request in progress keeps its key whatever its age: its outcome is not stored yet.
        return r.state() == State.DONE && config.idempotencyRetentionMs().isPresent()
            && nowMs - r.createdAtMs() >= config.idempotencyRetentionMs().getAsLong();
    }

    private void sweepExpiredKeys(Context ctx) {
        long nowMs = calendarMs(ctx);
        WriteBatch batch = WriteBatch.create();
        int count = 0;
        for (Map.Entry<String, String> e : ctx.store().scan(IDEM).entrySet()) {
            if (count >= config.sweepBatchMax()) {
                break;
            }
            if (expired(IdempotencyRecord.decode(e.getValue()), nowMs)) {
                batch.delete(e.getKey());
                count++;
            }
        }
        if (!batch.isEmpty()) {
            ctx.store().write(batch);
        }
    }

    private long sweepIntervalMs() {
        return Math.min(SWEEP_INTERVAL_MS_MAX, config.idempotencyRetentionMs().orElseThrow() / 4);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private long calendarMs(Context ctx) {
        return config.clockOriginMs() + ctx.now();
    }

    static String idemKey(String clientId, String key) {
        return IDEM + clientId + "/" + key;
    }

    private static Optional<Payment> loadPayment(Context ctx, String id) {
        return ctx.store().get(PAY + id).map(Payment::decode);
    }

    private static Refund loadRefund(Context ctx, String paymentId, String refundId) {
        return ctx.store().get(REFUND + paymentId + "/" + refundId).map(Refund::decode)
            .orElseThrow(() -> new IllegalStateException("idempotency record names a missing "
                + "refund " + refundId));
    }

    /**
     * A fresh id with {@code prefix}: this life's number and a count, which make it unique by
     * construction (no store read to rule out a collision, whatever the random stream does), and
     * 64 random bits from the node's seeded stream, which make it unguessable.
     */
    private String newId(Context ctx, String prefix) {
        check(idCount < 0xffff_ffffL, "more than 2^32 ids in one life");
        HexFormat hex = HexFormat.of();
        return prefix + hex.toHexDigits((int) epoch) + hex.toHexDigits((int) idCount++)
            + hex.toHexDigits(ctx.random().nextLong());
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("invariant broken: " + message);
        }
    }
}
