package io.faultline.payments.grpc;

import io.faultline.payments.server.ApiKeys;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Authenticates each call by the {@code authorization: Bearer <key>} metadata and puts the client
 * id in the call's {@link Context}; refuses every call with {@code UNAVAILABLE} once the server is
 * draining. Thread-safe.
 */
final class ApiKeyInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Context.Key<String> CLIENT_ID = Context.key("faultline-client-id");

    private final ApiKeys keys;
    private final BooleanSupplier draining;

    ApiKeyInterceptor(ApiKeys keys, BooleanSupplier draining) {
        this.keys = keys;
        this.draining = draining;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        if (draining.getAsBoolean()) {
            call.close(Status.UNAVAILABLE.withDescription("the payments service is shutting down;"
                + " retry with the same idempotency key"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        Optional<String> client = keys.clientForAuthorization(headers.get(AUTHORIZATION));
        if (client.isEmpty()) {
            call.close(Status.UNAUTHENTICATED.withDescription("send a valid API key in the call "
                + "metadata as 'authorization: Bearer <key>'"), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        Context ctx = Context.current().withValue(CLIENT_ID, client.get());
        return Contexts.interceptCall(ctx, call, headers, next);
    }
}
