package io.faultline.payments.grpc;

import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.faultline.payments.CardDetails;
import io.faultline.payments.Currency;
import io.faultline.payments.ErrorCode;
import io.faultline.payments.Payment;
import io.faultline.payments.PaymentStatus;
import io.faultline.payments.PaymentsMessage.PaymentReply;
import io.faultline.payments.PaymentsMessage.RefundReply;
import io.faultline.payments.PaymentsMessage.Rejected;
import io.faultline.payments.grpc.proto.PaymentRequest;
import io.faultline.payments.grpc.proto.RefundStatus;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import com.google.protobuf.Any;

/** Translations between the protobuf messages and the node's records. Stateless. */
final class ProtoMapping {

    /** The domain of every {@link ErrorInfo} the service sends. */
    static final String ERROR_DOMAIN = "payments.faultline.io";

    private ProtoMapping() {
    }

    /** The currency, or null for CURRENCY_UNSPECIFIED and unknown numbers (the node rejects it). */
    static Currency currency(PaymentRequest.Currency c) {
        if (c == PaymentRequest.Currency.CURRENCY_UNSPECIFIED
            || c == PaymentRequest.Currency.UNRECOGNIZED) {
            return null;
        }
        return Currency.valueOf(c.name());
    }

    static PaymentRequest.Currency currency(Currency c) {
        return PaymentRequest.Currency.valueOf(c.name());
    }

    /** The card, or null when the request has none. */
    static CardDetails card(PaymentRequest r) {
        if (!r.hasCard()) {
            return null;
        }
        PaymentRequest.Card c = r.getCard();
        return new CardDetails(c.getCardNumber(), c.getExpiryMonth(), c.getExpiryYear(),
            c.getCvc());
    }

    static io.faultline.payments.grpc.proto.PaymentStatus status(PaymentReply reply) {
        return status(reply.payment()).toBuilder().setReplayed(reply.replayed()).build();
    }

    static io.faultline.payments.grpc.proto.PaymentStatus status(Payment p) {
        boolean ok = p.status() == PaymentStatus.SUCCEEDED;
        return io.faultline.payments.grpc.proto.PaymentStatus.newBuilder()
            .setSuccess(ok)
            .setErrorMessage(ok ? "" : failureMessage(p))
            .setPaymentId(p.id())
            .setErrorCode(p.failureCode())
            .setStatus(io.faultline.payments.grpc.proto.PaymentStatus.Status.valueOf(
                p.status().name()))
            .setAmount(p.amountMinor())
            .setCurrency(currency(p.currency()))
            .setCardLastFour(p.cardLastFour())
            .setCreatedAtMs(p.createdAtMs())
            .setRefundedAmount(p.refundedMinor())
            .build();
    }

    static RefundStatus refund(RefundReply reply) {
        return RefundStatus.newBuilder()
            .setRefundId(reply.refund().id())
            .setAmount(reply.refund().amountMinor())
            .setCreatedAtMs(reply.refund().createdAtMs())
            .setPayment(status(reply.payment()))
            .setReplayed(reply.replayed())
            .build();
    }

    /** A sentence for a payment that did not succeed. */
    static String failureMessage(Payment p) {
        return switch (p.status()) {
            case PENDING -> "the card issuer has not answered yet";
            case DECLINED -> "the card was declined (" + p.failureCode() + ")";
            case FAILED -> "the charge failed (" + p.failureCode() + "); nothing was charged";
            case SUCCEEDED -> "";
        };
    }

    /** The gRPC status code for an error code, as google.rpc.Code defines them. */
    static Code code(ErrorCode code) {
        return switch (code.category()) {
            case INVALID_REQUEST -> Code.INVALID_ARGUMENT;
            case KEY_REUSED -> Code.FAILED_PRECONDITION;
            case IN_PROGRESS -> Code.ABORTED;
            case NOT_FOUND -> Code.NOT_FOUND;
            case UNAUTHENTICATED -> Code.UNAUTHENTICATED;
            case UNAVAILABLE -> Code.UNAVAILABLE;
            case INTERNAL -> Code.INTERNAL;
            case CARD -> Code.FAILED_PRECONDITION;
        };
    }

    /** A rejection as a status with an {@link ErrorInfo} detail naming the code and the param. */
    static StatusRuntimeException error(Rejected r) {
        ErrorInfo info = ErrorInfo.newBuilder()
            .setReason(r.code().wire())
            .setDomain(ERROR_DOMAIN)
            .putMetadata("param", r.param())
            .build();
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
            .setCode(code(r.code()).getNumber())
            .setMessage(r.message())
            .addDetails(Any.pack(info))
            .build();
        return StatusProto.toStatusRuntimeException(status);
    }
}
