package io.faultline.payments.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.ErrorInfo;
import io.faultline.payments.WorldGateway;
import io.faultline.payments.server.ApiKeys;
import io.faultline.payments.grpc.proto.GetPaymentRequest;
import io.faultline.payments.grpc.proto.PaymentRequest;
import io.faultline.payments.grpc.proto.PaymentServiceGrpc;
import io.faultline.payments.grpc.proto.PaymentServiceGrpc.PaymentServiceBlockingStub;
import io.faultline.payments.grpc.proto.PaymentStatus;
import io.faultline.payments.grpc.proto.RefundRequest;
import io.faultline.payments.grpc.proto.RefundStatus;
import io.faultline.payments.issuer.TestCards;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaymentsGrpcServerTest {

    static final String KEY_A = "sk_test_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String KEY_B = "sk_test_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final ApiKeys KEYS = ApiKeys.of(Map.of(KEY_A, "shop-a", KEY_B, "shop-b"));

    private WorldGateway gateway;
    private PaymentsGrpcServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        gateway = new WorldGateway();
        String name = InProcessServerBuilder.generateName();
        server = new PaymentsGrpcServer(InProcessServerBuilder.forName(name).directExecutor(),
            gateway, KEYS).start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow();
        server.stop(Duration.ofSeconds(1));
        gateway.close();
    }

    static PaymentServiceBlockingStub stub(ManagedChannel channel, String apiKey) {
        Metadata headers = new Metadata();
        headers.put(ApiKeyInterceptor.AUTHORIZATION, "Bearer " + apiKey);
        return PaymentServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    static PaymentRequest request(String key, long amount, String number) {
        return PaymentRequest.newBuilder()
            .setCard(PaymentRequest.Card.newBuilder().setCardNumber(number).setExpiryMonth(12)
                .setExpiryYear(2030).setCvc("123"))
            .setAmount(amount)
            .setCurrency(PaymentRequest.Currency.GBP)
            .setIdempotencyKey(key)
            .build();
    }

    private static StatusRuntimeException failure(Runnable call) {
        return catchThrowableOfType(StatusRuntimeException.class, call::run);
    }

    private static ErrorInfo errorInfo(StatusRuntimeException e) throws Exception {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertThat(status).isNotNull();
        return status.getDetails(0).unpack(ErrorInfo.class);
    }

    @Test
    void processPaymentChargesTheCardAndAnswersInTheCoursesShape() {
        PaymentStatus s = stub(channel, KEY_A)
            .processPayment(request("o-1", 399, TestCards.SUCCEEDS));

        assertThat(s.getSuccess()).isTrue();
        assertThat(s.getErrorMessage()).isEmpty();
        assertThat(s.getPaymentId()).startsWith("pay_");
        assertThat(s.getStatus()).isEqualTo(PaymentStatus.Status.SUCCEEDED);
        assertThat(s.getAmount()).isEqualTo(399);
        assertThat(s.getCurrency()).isEqualTo(PaymentRequest.Currency.GBP);
        assertThat(s.getCardLastFour()).isEqualTo("4242");
        assertThat(s.getReplayed()).isFalse();
    }

    @Test
    void aRetryWithTheSameKeyGetsTheSamePaymentAndChargesOnce() {
        PaymentStatus first = stub(channel, KEY_A).processPayment(
            request("o-1", 399, TestCards.SUCCEEDS));
        PaymentStatus again = stub(channel, KEY_A).processPayment(
            request("o-1", 399, TestCards.SUCCEEDS));

        assertThat(again.getPaymentId()).isEqualTo(first.getPaymentId());
        assertThat(again.getReplayed()).isTrue();
        assertThat(gateway.approvedAtIssuer()).isEqualTo(1);
    }

    @Test
    void aDeclinedCardIsAnsweredWithSuccessFalseAndItsCode() {
        PaymentStatus s = stub(channel, KEY_A).processPayment(
            request("o-1", 399, TestCards.INSUFFICIENT_FUNDS));

        assertThat(s.getSuccess()).isFalse();
        assertThat(s.getStatus()).isEqualTo(PaymentStatus.Status.DECLINED);
        assertThat(s.getErrorCode()).isEqualTo("insufficient_funds");
        assertThat(s.getErrorMessage()).contains("declined");
    }

    @Test
    void badInputIsInvalidArgumentWithTheCodeAndTheField() throws Exception {
        StatusRuntimeException e = failure(() -> stub(channel, KEY_A).processPayment(
            request("o-1", 399, "4242424242424241")));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        ErrorInfo info = errorInfo(e);
        assertThat(info.getReason()).isEqualTo("invalid_card_number");
        assertThat(info.getDomain()).isEqualTo("payments.faultline.io");
        assertThat(info.getMetadataMap()).containsEntry("param", "card.card_number");
        assertThat(gateway.paymentsStore().keySet()).noneMatch(k -> k.startsWith("pay/"));
    }

    @Test
    void anUnsetCurrencyIsInvalidArgumentListingTheValidOnes() throws Exception {
        StatusRuntimeException e = failure(() -> stub(channel, KEY_A).processPayment(
            request("o-1", 399, TestCards.SUCCEEDS).toBuilder()
                .setCurrency(PaymentRequest.Currency.CURRENCY_UNSPECIFIED).build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("GBP", "USD");
        assertThat(errorInfo(e).getReason()).isEqualTo("invalid_currency");
    }

    @Test
    void aKeyReusedWithAnotherPayloadIsFailedPrecondition() throws Exception {
        stub(channel, KEY_A).processPayment(request("o-1", 399, TestCards.SUCCEEDS));
        StatusRuntimeException e = failure(() -> stub(channel, KEY_A).processPayment(
            request("o-1", 500, TestCards.SUCCEEDS)));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(errorInfo(e).getReason()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void deadlinesAreHonouredAndARetryInProgressIsAborted() {
        StatusRuntimeException late = failure(() -> stub(channel, KEY_A)
            .withDeadlineAfter(200, TimeUnit.MILLISECONDS)
            .processPayment(request("slow-1", 399, TestCards.SLOW)));
        assertThat(late.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);

        StatusRuntimeException busy = failure(() -> stub(channel, KEY_A).processPayment(
            request("slow-1", 399, TestCards.SLOW)));
        assertThat(busy.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);

        gateway.advance(3_100);
        PaymentStatus done = stub(channel, KEY_A).processPayment(
            request("slow-1", 399, TestCards.SLOW));
        assertThat(done.getSuccess()).isTrue();
        assertThat(done.getReplayed()).isTrue();
        assertThat(gateway.approvedAtIssuer()).isEqualTo(1);
    }

    @Test
    void aMissingOrUnknownApiKeyIsUnauthenticatedAndNothingIsSubmitted() {
        StatusRuntimeException none = failure(() -> PaymentServiceGrpc.newBlockingStub(channel)
            .processPayment(request("o-1", 399, TestCards.SUCCEEDS)));
        StatusRuntimeException wrong = failure(() -> stub(channel, "sk_test_nope")
            .processPayment(request("o-1", 399, TestCards.SUCCEEDS)));

        assertThat(none.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(wrong.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(gateway.submitted).isEmpty();
    }

    @Test
    void aClientReadsItsOwnPaymentsOnly() {
        PaymentStatus s = stub(channel, KEY_A)
            .processPayment(request("o-1", 399, TestCards.SUCCEEDS));
        GetPaymentRequest get = GetPaymentRequest.newBuilder().setPaymentId(s.getPaymentId())
            .build();

        assertThat(stub(channel, KEY_A).getPayment(get).getPaymentId()).isEqualTo(s.getPaymentId());
        StatusRuntimeException other = failure(() -> stub(channel, KEY_B).getPayment(get));
        assertThat(other.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void refundsASucceededPayment() {
        PaymentStatus s = stub(channel, KEY_A)
            .processPayment(request("o-1", 399, TestCards.SUCCEEDS));
        RefundStatus r = stub(channel, KEY_A).refund(RefundRequest.newBuilder()
            .setPaymentId(s.getPaymentId()).setAmount(100).setIdempotencyKey("r-1").build());

        assertThat(r.getRefundId()).startsWith("re_");
        assertThat(r.getAmount()).isEqualTo(100);
        assertThat(r.getPayment().getRefundedAmount()).isEqualTo(100);
    }

    @Test
    void healthTurnsNotServingOnDrainAndNewCallsAreUnavailable() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        HealthCheckRequest service = HealthCheckRequest.newBuilder()
            .setService(PaymentServiceGrpc.SERVICE_NAME).build();
        assertThat(health.check(service).getStatus()).isEqualTo(ServingStatus.SERVING);

        server.drain();

        assertThat(health.check(service).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
        StatusRuntimeException e = failure(() -> stub(channel, KEY_A).processPayment(
            request("o-1", 399, TestCards.SUCCEEDS)));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void reflectionListsThePaymentService() throws Exception {
        List<String> names = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(new StreamObserver<>() {
                @Override
                public void onNext(ServerReflectionResponse r) {
                    for (ServiceResponse s : r.getListServicesResponse().getServiceList()) {
                        names.add(s.getName());
                    }
                }

                @Override
                public void onError(Throwable t) {
                    done.countDown();
                }

                @Override
                public void onCompleted() {
                    done.countDown();
                }
            });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(names).contains("faultline.payments.v1.PaymentService", "grpc.health.v1.Health");
    }

    @Test
    void anUnreachableNodeIsUnavailable() throws Exception {
        String name = InProcessServerBuilder.generateName();
        PaymentsGrpcServer broken = new PaymentsGrpcServer(
            InProcessServerBuilder.forName(name).directExecutor(),
            request -> java.util.concurrent.CompletableFuture.failedFuture(
                new java.io.IOException("node down")), KEYS).start();
        ManagedChannel ch = InProcessChannelBuilder.forName(name).directExecutor().build();
        try {
            StatusRuntimeException e = failure(() -> stub(ch, KEY_A).processPayment(
                request("o-1", 399, TestCards.SUCCEEDS)));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.getStatus().getDescription()).contains("same idempotency key");
        } finally {
            ch.shutdownNow();
            broken.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void servesOverARealSocket() throws Exception {
        try (WorldGateway g = new WorldGateway()) {
            PaymentsGrpcServer real = new PaymentsGrpcServer(
                NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), g, KEYS)
                .start();
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", real.port())
                .usePlaintext().build();
            try {
                PaymentStatus s = stub(ch, KEY_A).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .processPayment(request("o-1", 399, TestCards.SUCCEEDS));
                assertThat(s.getSuccess()).isTrue();
                assertThat(real.port()).isPositive();
            } finally {
                ch.shutdownNow();
                real.stop(Duration.ofSeconds(2));
            }
        }
    }
}
