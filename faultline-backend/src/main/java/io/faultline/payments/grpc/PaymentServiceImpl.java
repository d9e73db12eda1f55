package io.faultline.payments.grpc;

import io.faultline.payments.PaymentsMessage;
import io.faultline.payments.PaymentsMessage.ChargeRequest;
import io.faultline.payments.PaymentsMessage.GetPaymentRequest;
import io.faultline.payments.PaymentsMessage.PaymentReply;
import io.faultline.payments.PaymentsMessage.RefundReply;
import io.faultline.payments.PaymentsMessage.RefundRequest;
import io.faultline.payments.PaymentsMessage.Rejected;
import io.faultline.payments.server.PaymentsGateway;
import io.faultline.payments.grpc.proto.PaymentRequest;
import io.faultline.payments.grpc.proto.PaymentServiceGrpc;
import io.faultline.payments.grpc.proto.PaymentStatus;
import io.faultline.payments.grpc.proto.RefundStatus;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The {@code PaymentService} rpcs: each turns a protobuf request into a node request for the
 * authenticated client, submits it through the {@link PaymentsGateway}, and turns the reply into a
 * response or a status. Deadlines are honoured: a call whose deadline has passed is not submitted,
 * and a call waits for the node no longer than its deadline (nor than the server's own limit).
 * Thread-safe.
 */
final class PaymentServiceImpl extends PaymentServiceGrpc.PaymentServiceImplBase {

    private final PaymentsGateway gateway;
    private final long replyTimeoutMsMax;

    PaymentServiceImpl(PaymentsGateway gateway, long replyTimeoutMsMax) {
        this.gateway = gateway;
        this.replyTimeoutMsMax = replyTimeoutMsMax;
    }

    @Override
    public void processPayment(PaymentRequest request, StreamObserver<PaymentStatus> out) {
        String client = ApiKeyInterceptor.CLIENT_ID.get();
        ChargeRequest charge = new ChargeRequest(client, request.getIdempotencyKey(),
            request.getAmount(), ProtoMapping.currency(request.getCurrency()),
            ProtoMapping.card(request));
        call(charge, out, reply -> reply instanceof PaymentReply p ? ProtoMapping.status(p) : null);
    }

    @Override
    public void getPayment(io.faultline.payments.grpc.proto.GetPaymentRequest request,
                           StreamObserver<PaymentStatus> out) {
        String client = ApiKeyInterceptor.CLIENT_ID.get();
        call(new GetPaymentRequest(client, request.getPaymentId()), out,
            reply -> reply instanceof PaymentReply p ? ProtoMapping.status(p) : null);
    }

    @Override
    public void refund(io.faultline.payments.grpc.proto.RefundRequest request,
                       StreamObserver<RefundStatus> out) {
        String client = ApiKeyInterceptor.CLIENT_ID.get();
        call(new RefundRequest(client, request.getIdempotencyKey(), request.getPaymentId(),
                request.getAmount()), out,
            reply -> reply instanceof RefundReply r ? ProtoMapping.refund(r) : null);
    }

    private <T> void call(PaymentsMessage.Request request, StreamObserver<T> out,
                          Function<PaymentsMessage.Reply, T> toResponse) {
        Deadline deadline = Context.current().getDeadline();
        long waitMs = replyTimeoutMsMax;
        if (deadline != null) {
            if (deadline.isExpired()) {
                out.onError(Status.DEADLINE_EXCEEDED
                    .withDescription("the deadline passed before the request was submitted")
                    .asRuntimeException());
                return;
            }
            waitMs = Math.min(waitMs, Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS)));
        }
        gateway.submit(request).orTimeout(waitMs, TimeUnit.MILLISECONDS)
            .whenComplete((reply, failure) -> {
                if (failure != null) {
                    out.onError(failureStatus(failure));
                } else if (reply instanceof Rejected r) {
                    out.onError(ProtoMapping.error(r));
                } else {
                    T response = toResponse.apply(reply);
                    if (response == null) {
                        out.onError(Status.INTERNAL.withDescription("unexpected reply "
                            + reply.getClass().getSimpleName()).asRuntimeException());
                    } else {
                        out.onNext(response);
                        out.onCompleted();
                    }
                }
            });
    }

    private static RuntimeException failureStatus(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return Status.DEADLINE_EXCEEDED.withDescription("no outcome before the deadline; the "
                + "charge may still complete: retry with the same idempotency key")
                .asRuntimeException();
        }
        return Status.UNAVAILABLE.withDescription("the payments node could not be reached ("
            + cause.getMessage() + "); retry with the same idempotency key")
            .asRuntimeException();
    }
}
