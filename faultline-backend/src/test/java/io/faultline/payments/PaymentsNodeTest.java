package io.faultline.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.payments.IssuerMessage.AuthResult;
import io.faultline.payments.IssuerMessage.Authorize;
import io.faultline.payments.IssuerMessage.Resolve;
import io.faultline.payments.PaymentsMessage.ChargeRequest;
import io.faultline.payments.PaymentsMessage.GetPaymentRequest;
import io.faultline.payments.PaymentsMessage.PaymentReply;
import io.faultline.payments.PaymentsMessage.RefundReply;
import io.faultline.payments.PaymentsMessage.RefundRequest;
import io.faultline.payments.PaymentsMessage.Rejected;
import io.faultline.payments.issuer.IssuerNode;
import io.faultline.payments.issuer.TestCards;
import io.faultline.sim.Message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PaymentsNodeTest {

    /** The node's calendar: its clock reads 0 at noon on 15 June 2026. */
    static final long ORIGIN_MS = Instant.parse("2026-06-15T12:00:00Z").toEpochMilli();
    static final byte[] KEY = "test fingerprint key, 32 bytes!!".getBytes(StandardCharsets.UTF_8);
    static final long SLOW_MS = 3_000;

    static PaymentsConfig.Builder config() {
        return PaymentsConfig.custom().fingerprintKey(KEY).clockOriginMs(ORIGIN_MS)
            .issuerTimeoutMs(1_000).authorizeAttemptsMax(5);
    }

    static TestWorld world(PaymentsConfig config) {
        return new TestWorld()
            .add("issuer", () -> new IssuerNode(SLOW_MS))
            .add("payments", () -> new PaymentsNode(config));
    }

    static CardDetails card(String number) {
        return new CardDetails(number, 12, 2030, "123");
    }

    static ChargeRequest charge(String client, String key, long amount, String number) {
        return new ChargeRequest(client, key, amount, Currency.GBP, card(number));
    }

    private final TestWorld world = world(config().build());

    private Payment pay(String client, String key, long amount, String number) {
        Message reply = world.ask(client, "payments", charge(client, key, amount, number));
        assertThat(reply).isInstanceOf(PaymentReply.class);
        return ((PaymentReply) reply).payment();
    }

    private int approvedAtIssuer() {
        return IssuerNode.approvedKeys(world.store("issuer")).size();
    }

    // ---- charges and idempotency ---------------------------------------------------------------

    @Test
    void chargesAGoodCardOnceTheIssuerApproves() {
        world.advance(5_000);
        Payment p = pay("shop", "order-1", 399, "4242 4242 4242 4242");

        assertThat(p.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(p.id()).matches("pay_[0-9a-f]{32}");
        assertThat(p.amountMinor()).isEqualTo(399);
        assertThat(p.currency()).isEqualTo(Currency.GBP);
        assertThat(p.cardLastFour()).isEqualTo("4242");
        assertThat(p.failureCode()).isEmpty();
        assertThat(p.createdAtMs()).isEqualTo(ORIGIN_MS + 5_000);
        assertThat(p.clientId()).isEqualTo("shop");
        assertThat(p.idempotencyKey()).isEqualTo("order-1");
        assertThat(approvedAtIssuer()).isEqualTo(1);
        assertThat(world.store("payments").scan(PaymentsNode.PENDING)).isEmpty();
        assertThat(world.pendingTimers()).isZero();
    }

    @Test
    void neverStoresOrSendsInClearTheCardNumberOrTheCvc() {
        ChargeRequest r = new ChargeRequest("shop", "k", 500, Currency.USD,
            new CardDetails("4242424242424242", 12, 2030, "987"));
        world.ask("shop", "payments", r);

        for (String value : world.store("payments").snapshot().values()) {
            assertThat(value).doesNotContain("4242424242424242").doesNotContain("cvc");
        }
        assertThat(world.store("payments").snapshot().toString())
            .doesNotContain("4242424242424242");
        for (TestWorld.Envelope e : world.sent) {
            assertThat(e.toString()).doesNotContain("4242424242424242").doesNotContain("987");
        }
    }

    @Test
    void retryWithSameKeyAndPayloadReturnsTheStoredOutcomeWithoutChargingAgain() {
        Payment first = pay("shop", "order-1", 399, TestCards.SUCCEEDS);
        Message again = world.ask("shop", "payments", charge("shop", "order-1", 399,
            TestCards.SUCCEEDS));

        assertThat(again).isEqualTo(new PaymentReply(first, true));
        assertThat(approvedAtIssuer()).isEqualTo(1);
        assertThat(world.store("payments").scan(PaymentsNode.PAY)).hasSize(1);
    }

    @Test
    void rejectsReusedKeyWithDifferentPayload() {
        pay("shop", "order-1", 399, TestCards.SUCCEEDS);
        SortedMap<String, String> before = world.store("payments").snapshot();

        Message other = world.ask("shop", "payments", charge("shop", "order-1", 400,
            TestCards.SUCCEEDS));
        Message otherCard = world.ask("shop", "payments", charge("shop", "order-1", 399,
            "4000 0566 5566 5556"));

        assertThat(other).isInstanceOfSatisfying(Rejected.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
            assertThat(r.param()).isEqualTo("idempotency_key");
            assertThat(r.message()).contains("order-1");
        });
        assertThat(otherCard).isInstanceOfSatisfying(Rejected.class,
            r -> assertThat(r.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
        assertThat(world.store("payments").snapshot()).isEqualTo(before);
        assertThat(approvedAtIssuer()).isEqualTo(1);
    }

    @Test
    void retryWhileTheFirstIsInProgressIsAskedToTryAgain() {
        world.request("shop", "payments", charge("shop", "slow-1", 399, TestCards.SLOW));
        assertThat(world.takeInbox("shop")).isEmpty();

        Message retry = world.ask("shop-retry", "payments",
            charge("shop", "slow-1", 399, TestCards.SLOW));
        assertThat(retry).isInstanceOfSatisfying(Rejected.class,
            r -> assertThat(r.code()).isEqualTo(ErrorCode.REQUEST_IN_PROGRESS));

        Message reused = world.ask("shop-retry", "payments",
            charge("shop", "slow-1", 1, TestCards.SLOW));
        assertThat(reused).isInstanceOfSatisfying(Rejected.class,
            r -> assertThat(r.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
    }

    @Test
    void slowIssuerIsRetriedWithTheSameKeyAndChargesOnce() {
        world.request("shop", "payments", charge("shop", "slow-1", 399, TestCards.SLOW));
        world.advance(SLOW_MS + 100);

        List<Message> got = world.takeInbox("shop");
        assertThat(got).hasSize(1);
        assertThat(((PaymentReply) got.get(0)).payment().status())
            .isEqualTo(PaymentStatus.SUCCEEDED);
        List<Authorize> attempts = world.sent.stream().map(TestWorld.Envelope::message)
            .filter(Authorize.class::isInstance).map(Authorize.class::cast).toList();
        assertThat(attempts).hasSizeGreaterThan(1);
        assertThat(attempts).extracting(Authorize::key).containsOnly(attempts.get(0).key());
        assertThat(approvedAtIssuer()).isEqualTo(1);
    }

    @Test
    void lostIssuerAnswersAreRetriedUntilOneArrives() {
        int[] lost = {0};
        world.drop = e -> e.message() instanceof AuthResult && lost[0]++ < 2;
        world.request("shop", "payments", charge("shop", "k", 399, TestCards.SUCCEEDS));
        world.advance(10_000);

        List<Message> got = world.takeInbox("shop");
        assertThat(got).hasSize(1);
        assertThat(((PaymentReply) got.get(0)).payment().status())
            .isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(lost[0]).isGreaterThanOrEqualTo(3);
        assertThat(approvedAtIssuer()).isEqualTo(1);
    }

    @Test
    void keysAreScopedToTheClient() {
        Payment a = pay("shop-a", "order-1", 399, TestCards.SUCCEEDS);
        Payment b = pay("shop-b", "order-1", 500, TestCards.SUCCEEDS);

        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(approvedAtIssuer()).isEqualTo(2);
    }

    @Test
    void declinesAndFailuresAreStoredOutcomesThatRetriesReplay() {
        Payment declined = pay("shop", "d", 100, TestCards.DECLINED);
        Payment poor = pay("shop", "i", 100, TestCards.INSUFFICIENT_FUNDS);
        Payment failed = pay("shop", "f", 100, TestCards.FAILS);

        assertThat(declined.status()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(declined.failureCode()).isEqualTo("card_declined");
        assertThat(poor.status()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(poor.failureCode()).isEqualTo("insufficient_funds");
        assertThat(failed.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(failed.failureCode()).isEqualTo("processing_error");
        assertThat(world.ask("shop", "payments", charge("shop", "d", 100, TestCards.DECLINED)))
            .isEqualTo(new PaymentReply(declined, true));
        assertThat(approvedAtIssuer()).isZero();
    }

    @Test
    void ignoresAnAuthorisationResultThatDoesNotComeFromTheIssuer() {
        world.request("shop", "payments", charge("shop", "slow", 399, TestCards.SLOW));
        String id = world.store("payments").scan(PaymentsNode.PAY).values().stream()
            .map(Payment::decode).findFirst().orElseThrow().id();

        world.request("mallory", "payments",
            new AuthResult(id, IssuerMessage.Outcome.APPROVED, ""));

        assertThat(Payment.decode(world.store("payments").get(PaymentsNode.PAY + id).orElseThrow())
            .status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(world.takeInbox("shop")).isEmpty();
    }

    // ---- crashes and an unreachable issuer ------------------------------------------------------

    @Test
    void crashAfterTheIssuerApprovedRecoversTheOutcomeByResolving() {
        world.drop = e -> e.message() instanceof AuthResult;
        world.request("shop", "payments", charge("shop", "k", 399, TestCards.SUCCEEDS));
        assertThat(approvedAtIssuer()).isEqualTo(1);

        world.drop = e -> false;
        world.crashAndRestart("payments");

        assertThat(world.sent).extracting(TestWorld.Envelope::message)
            .anyMatch(Resolve.class::isInstance);
        Message retry = world.ask("shop", "payments", charge("shop", "k", 399, TestCards.SUCCEEDS));
        assertThat(retry).isInstanceOfSatisfying(PaymentReply.class, r -> {
            assertThat(r.payment().status()).isEqualTo(PaymentStatus.SUCCEEDED);
            assertThat(r.replayed()).isTrue();
        });
        assertThat(approvedAtIssuer()).isEqualTo(1);
        assertThat(world.store("payments").scan(PaymentsNode.PENDING)).isEmpty();
    }

    @Test
    void crashBeforeTheIssuerHeardSettlesTheChargeAsNotChargedAndFencesLateRequests() {
        world.drop = e -> e.message() instanceof Authorize;
        world.request("shop", "payments", charge("shop", "k", 399, TestCards.SUCCEEDS));
        Authorize lost = world.sent.stream().map(TestWorld.Envelope::message)
            .filter(Authorize.class::isInstance).map(Authorize.class::cast).findFirst()
            .orElseThrow();

        world.drop = e -> false;
        world.crashAndRestart("payments");
        Payment p = ((PaymentReply) world.ask("shop", "payments",
            charge("shop", "k", 399, TestCards.SUCCEEDS))).payment();
        assertThat(p.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(p.failureCode()).isEqualTo("processing_interrupted");

        // The lost authorisation finally arrives: the issuer must refuse it.
        Message late = world.ask("payments-late", "issuer", lost);
        assertThat(late).isInstanceOfSatisfying(AuthResult.class,
            r -> assertThat(r.outcome()).isEqualTo(IssuerMessage.Outcome.FAILED));
        assertThat(approvedAtIssuer()).isZero();
    }

    @Test
    void anUnreachableIssuerLeavesTheChargePendingAndIsAskedAtABoundedRate() {
        world.drop = e -> e.to().name().equals("issuer");
        world.request("shop", "payments", charge("shop", "k", 399, TestCards.SUCCEEDS));
        world.advance(120_000);

        assertThat(world.takeInbox("shop")).isEmpty();
        assertThat(world.store("payments").scan(PaymentsNode.PENDING)).hasSize(1);
        long sentToIssuer = world.sent.stream().filter(e -> e.to().name().equals("issuer")).count();
        // 5 authorisations over 17 s, then a resolve at most every 5 s (the backoff cap).
        assertThat(sentToIssuer).isBetween(20L, 5L + 4 + 120_000 / 5_000 + 1);

        world.drop = e -> false;
        world.advance(10_000);
        List<Message> got = world.takeInbox("shop");
        assertThat(got).hasSize(1);
        Payment p = ((PaymentReply) got.get(0)).payment();
        assertThat(p.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(p.failureCode()).isEqualTo("processing_interrupted");
        assertThat(approvedAtIssuer()).isZero();
        assertThat(world.pendingTimers()).isZero();
    }

    @Test
    void aChargeTheIssuerApprovedIsNeverGivenUpHoweverLongItsAnswerTakes() {
        // The exhaustive search's counterexample: the issuer approves, every answer is delayed
        // past the retries, and a service that gave up would call an approved charge failed.
        world.drop = e -> e.message() instanceof AuthResult;
        world.request("shop", "payments", charge("shop", "k", 399, TestCards.SUCCEEDS));
        world.advance(600_000);
        assertThat(approvedAtIssuer()).isEqualTo(1);
        assertThat(world.takeInbox("shop")).isEmpty();

        world.drop = e -> false;
        world.advance(10_000);
        List<Message> got = world.takeInbox("shop");
        assertThat(got).hasSize(1);
        assertThat(((PaymentReply) got.get(0)).payment().status())
            .isEqualTo(PaymentStatus.SUCCEEDED);
    }

    // ---- input checks ---------------------------------------------------------------------------

    static Stream<Arguments> badCharges() {
        ChargeRequest good = charge("shop", "k", 399, TestCards.SUCCEEDS);
        return Stream.of(
            bad(good, r -> withCard(r, "4242424242424241"), ErrorCode.INVALID_CARD_NUMBER,
                "card.card_number"),
            bad(good, r -> withCard(r, "42424242"), ErrorCode.INVALID_CARD_NUMBER,
                "card.card_number"),
            bad(good, r -> withCard(r, "4242-4242-4242-4242"), ErrorCode.INVALID_CARD_NUMBER,
                "card.card_number"),
            bad(good, r -> withCard(r, "42424242424242424242"), ErrorCode.INVALID_CARD_NUMBER,
                "card.card_number"),
            bad(good, r -> withExpiry(r, 13, 2030), ErrorCode.INVALID_EXPIRY_MONTH,
                "card.expiry_month"),
            bad(good, r -> withExpiry(r, 0, 2030), ErrorCode.INVALID_EXPIRY_MONTH,
                "card.expiry_month"),
            bad(good, r -> withExpiry(r, 5, 2026), ErrorCode.EXPIRED_CARD, "card.expiry_year"),
            bad(good, r -> withExpiry(r, 12, 2025), ErrorCode.EXPIRED_CARD, "card.expiry_year"),
            bad(good, r -> withExpiry(r, 12, 30), ErrorCode.INVALID_EXPIRY_YEAR,
                "card.expiry_year"),
            bad(good, r -> withExpiry(r, 12, -2030), ErrorCode.INVALID_EXPIRY_YEAR,
                "card.expiry_year"),
            bad(good, r -> withExpiry(r, 12, 2099), ErrorCode.INVALID_EXPIRY_YEAR,
                "card.expiry_year"),
            bad(good, r -> withCvc(r, "12"), ErrorCode.INVALID_CVC, "card.cvc"),
            bad(good, r -> withCvc(r, "12345"), ErrorCode.INVALID_CVC, "card.cvc"),
            bad(good, r -> withCvc(r, "12a"), ErrorCode.INVALID_CVC, "card.cvc"),
            bad(good, r -> withCvc(r, null), ErrorCode.INVALID_CVC, "card.cvc"),
            bad(good, r -> withAmount(r, 0), ErrorCode.INVALID_AMOUNT, "amount"),
            bad(good, r -> withAmount(r, -5), ErrorCode.INVALID_AMOUNT, "amount"),
            bad(good, r -> withAmount(r, 100_000_000), ErrorCode.AMOUNT_TOO_LARGE, "amount"),
            bad(good, r -> new ChargeRequest("shop", "k", 399, null, r.card()),
                ErrorCode.INVALID_CURRENCY, "currency"),
            bad(good, r -> new ChargeRequest("shop", "k", 399, Currency.GBP, null),
                ErrorCode.INVALID_REQUEST, "card"),
            bad(good, r -> new ChargeRequest("shop", "", 399, Currency.GBP, r.card()),
                ErrorCode.MISSING_IDEMPOTENCY_KEY, "idempotency_key"),
            bad(good, r -> new ChargeRequest("shop", null, 399, Currency.GBP, r.card()),
                ErrorCode.MISSING_IDEMPOTENCY_KEY, "idempotency_key"),
            bad(good, r -> new ChargeRequest("shop", "a b", 399, Currency.GBP, r.card()),
                ErrorCode.INVALID_IDEMPOTENCY_KEY, "idempotency_key"),
            bad(good, r -> new ChargeRequest("shop", "k".repeat(256), 399, Currency.GBP, r.card()),
                ErrorCode.INVALID_IDEMPOTENCY_KEY, "idempotency_key"),
            bad(good, r -> new ChargeRequest("sh/op", "k", 399, Currency.GBP, r.card()),
                ErrorCode.INVALID_CLIENT, "client"));
    }

    private static Arguments bad(ChargeRequest good, UnaryOperator<ChargeRequest> change,
                                 ErrorCode code, String param) {
        return Arguments.of(change.apply(good), code, param);
    }

    private static ChargeRequest withCard(ChargeRequest r, String number) {
        return new ChargeRequest(r.clientId(), r.idempotencyKey(), r.amountMinor(), r.currency(),
            new CardDetails(number, 12, 2030, "123"));
    }

    private static ChargeRequest withExpiry(ChargeRequest r, int month, int year) {
        return new ChargeRequest(r.clientId(), r.idempotencyKey(), r.amountMinor(), r.currency(),
            new CardDetails(TestCards.SUCCEEDS, month, year, "123"));
    }

    private static ChargeRequest withCvc(ChargeRequest r, String cvc) {
        return new ChargeRequest(r.clientId(), r.idempotencyKey(), r.amountMinor(), r.currency(),
            new CardDetails(TestCards.SUCCEEDS, 12, 2030, cvc));
    }

    private static ChargeRequest withAmount(ChargeRequest r, long amount) {
        return new ChargeRequest(r.clientId(), r.idempotencyKey(), amount, r.currency(), r.card());
    }

    @ParameterizedTest
    @MethodSource("badCharges")
    void rejectsBadInputNamingTheFieldAndChangesNothing(ChargeRequest r, ErrorCode code,
                                                       String param) {
        long writes = world.store("payments").writeCount();
        int sentBefore = world.sent.size();

        Message reply = world.ask("shop", "payments", r);

        assertThat(reply).isInstanceOfSatisfying(Rejected.class, rej -> {
            assertThat(rej.code()).isEqualTo(code);
            assertThat(rej.param()).isEqualTo(param);
            assertThat(rej.message()).isNotBlank().doesNotContain("424242424242");
        });
        assertThat(world.store("payments").writeCount()).isEqualTo(writes);
        assertThat(world.sent).hasSize(sentBefore + 2); // the request and the rejection only
    }

    @Test
    void rejectionNamesTheValidCurrencies() {
        Rejected r = (Rejected) world.ask("shop", "payments",
            new ChargeRequest("shop", "k", 399, null, card(TestCards.SUCCEEDS)));
        assertThat(r.message()).contains("GBP", "USD", "JPY");
    }

    @Test
    void aCardExpiringThisMonthIsStillGood() {
        Payment p = ((PaymentReply) world.ask("shop", "payments", new ChargeRequest("shop", "k",
            399, Currency.GBP, new CardDetails(TestCards.SUCCEEDS, 6, 2026, "1234")))).payment();
        assertThat(p.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void aRejectedRequestDoesNotUseUpItsKey() {
        world.ask("shop", "payments", charge("shop", "k", 0, TestCards.SUCCEEDS));
        Payment fixed = pay("shop", "k", 399, TestCards.SUCCEEDS);
        assertThat(fixed.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    // ---- refunds and reads ----------------------------------------------------------------------

    @Test
    void refundsPartThenTheRestAndNoMore() {
        Payment p = pay("shop", "c", 1_000, TestCards.SUCCEEDS);

        RefundReply part = (RefundReply) world.ask("shop", "payments",
            new RefundRequest("shop", "r1", p.id(), 300));
        RefundReply rest = (RefundReply) world.ask("shop", "payments",
            new RefundRequest("shop", "r2", p.id(), 0));
        Message more = world.ask("shop", "payments", new RefundRequest("shop", "r3", p.id(), 1));

        assertThat(part.refund().amountMinor()).isEqualTo(300);
        assertThat(part.payment().refundedMinor()).isEqualTo(300);
        assertThat(part.refund().id()).matches("re_[0-9a-f]{32}");
        assertThat(rest.refund().amountMinor()).isEqualTo(700);
        assertThat(rest.payment().refundableMinor()).isZero();
        assertThat(more).isInstanceOfSatisfying(Rejected.class,
            r -> assertThat(r.code()).isEqualTo(ErrorCode.PAYMENT_NOT_REFUNDABLE));
    }

    @Test
    void rejectsARefundLargerThanWhatIsLeft() {
        Payment p = pay("shop", "c", 1_000, TestCards.SUCCEEDS);
        Message r = world.ask("shop", "payments", new RefundRequest("shop", "r1", p.id(), 1_001));
        assertThat(r).isInstanceOfSatisfying(Rejected.class, rej -> {
            assertThat(rej.code()).isEqualTo(ErrorCode.REFUND_EXCEEDS_PAYMENT);
            assertThat(rej.message()).contains("1001", "1000");
        });
    }

    @Test
    void aRetriedRefundIsAppliedOnce() {
        Payment p = pay("shop", "c", 1_000, TestCards.SUCCEEDS);
        RefundReply first = (RefundReply) world.ask("shop", "payments",
            new RefundRequest("shop", "r1", p.id(), 300));
        RefundReply again = (RefundReply) world.ask("shop", "payments",
            new RefundRequest("shop", "r1", p.id(), 300));

        assertThat(again.refund()).isEqualTo(first.refund());
        assertThat(again.replayed()).isTrue();
        assertThat(again.payment().refundedMinor()).isEqualTo(300);
        assertThat(world.store("payments").scan(PaymentsNode.REFUND)).hasSize(1);
    }

    @Test
    void aKeyUsedForAChargeCannotBeUsedForARefund() {
        Payment p = pay("shop", "c", 1_000, TestCards.SUCCEEDS);
        Message r = world.ask("shop", "payments", new RefundRequest("shop", "c", p.id(), 100));
        assertThat(r).isInstanceOfSatisfying(Rejected.class,
            rej -> assertThat(rej.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
    }

    @Test
    void declinedPaymentsCannotBeRefunded() {
        Payment p = pay("shop", "c", 1_000, TestCards.DECLINED);
        Message r = world.ask("shop", "payments", new RefundRequest("shop", "r", p.id(), 0));
        assertThat(r).isInstanceOfSatisfying(Rejected.class,
            rej -> assertThat(rej.code()).isEqualTo(ErrorCode.PAYMENT_NOT_REFUNDABLE));
    }

    @Test
    void aClientCannotReadOrRefundAnotherClientsPayment() {
        Payment p = pay("shop-a", "c", 1_000, TestCards.SUCCEEDS);

        assertThat(world.ask("shop-a", "payments", new GetPaymentRequest("shop-a", p.id())))
            .isEqualTo(new PaymentReply(p, false));
        Message read = world.ask("shop-b", "payments", new GetPaymentRequest("shop-b", p.id()));
        Message refund = world.ask("shop-b", "payments",
            new RefundRequest("shop-b", "r", p.id(), 0));
        Message unknown = world.ask("shop-a", "payments",
            new GetPaymentRequest("shop-a", "pay_000000000000000000000000"));

        for (Message m : List.of(read, refund, unknown)) {
            assertThat(m).isInstanceOfSatisfying(Rejected.class,
                rej -> assertThat(rej.code()).isEqualTo(ErrorCode.PAYMENT_NOT_FOUND));
        }
        assertThat(((Rejected) read).message()).isEqualTo(((Rejected) unknown).message()
            .replace("pay_000000000000000000000000", p.id()));
    }

    // ---- retention ------------------------------------------------------------------------------

    @Test
    void keysAreKeptForTheRetentionThenForgotten() {
        long dayMs = PaymentsConfig.RETENTION_MS_MIN;
        TestWorld w = world(config().idempotencyRetentionMs(dayMs).build());
        ChargeRequest r = charge("shop", "k", 399, TestCards.SUCCEEDS);
        Payment first = ((PaymentReply) w.ask("shop", "payments", r)).payment();

        w.advance(dayMs - 1);
        assertThat(((PaymentReply) w.ask("shop", "payments", r)).payment()).isEqualTo(first);
        w.advance(1);
        Payment second = ((PaymentReply) w.ask("shop", "payments", r)).payment();
        assertThat(second.id()).isNotEqualTo(first.id());

        w.advance(2 * dayMs);
        assertThat(w.store("payments").scan(PaymentsNode.IDEM)).isEmpty();
        assertThat(w.store("payments").scan(PaymentsNode.PAY)).hasSize(2);
    }

    @Test
    void keysAreKeptForeverByDefault() {
        Payment first = pay("shop", "k", 399, TestCards.SUCCEEDS);
        world.advance(400L * PaymentsConfig.RETENTION_MS_MIN);
        assertThat(pay("shop", "k", 399, TestCards.SUCCEEDS)).isEqualTo(first);
    }

    @Test
    void configRefusesARetentionUnderADayAndNamesTheRange() {
        assertThatThrownBy(() -> config().idempotencyRetentionMs(3_600_000))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("idempotencyRetentionMs")
            .hasMessageContaining("86400000")
            .hasMessageContaining("3600000");
        assertThatThrownBy(() -> PaymentsConfig.custom().build())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("fingerprintKey");
        assertThatThrownBy(() -> config().fingerprintKey(new byte[8]))
            .hasMessageContaining("16");
    }

    // ---- determinism ----------------------------------------------------------------------------

    @Test
    void idsCarryTheNodesLifeSoTheyNeverRepeatAfterARestart() {
        Payment first = pay("shop", "k1", 399, TestCards.SUCCEEDS);
        Payment second = pay("shop", "k2", 399, TestCards.SUCCEEDS);
        world.crashAndRestart("payments");
        Payment third = pay("shop", "k3", 399, TestCards.SUCCEEDS);

        assertThat(first.id()).startsWith("pay_0000000100000000");
        assertThat(second.id()).startsWith("pay_0000000100000001");
        assertThat(third.id()).startsWith("pay_0000000200000000");
    }

    @Test
    void theSameRunGivesTheSameIdsAndStores() {
        TestWorld a = world(config().build());
        TestWorld b = world(config().build());
        for (TestWorld w : List.of(a, b)) {
            w.ask("shop", "payments", charge("shop", "k1", 399, TestCards.SUCCEEDS));
            w.ask("shop", "payments", charge("shop", "k2", 399, TestCards.DECLINED));
        }
        assertThat(a.store("payments").snapshot()).isEqualTo(b.store("payments").snapshot());
    }
}
