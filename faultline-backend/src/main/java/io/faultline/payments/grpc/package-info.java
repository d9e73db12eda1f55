/**
 * The gRPC adapter of the payments service: the course's {@code PaymentService} IDL
 * ({@code src/main/proto/payments.proto}) served by grpc-java, with API keys in the call metadata,
 * status codes with the meanings of {@code google.rpc.Code} and a {@code google.rpc.ErrorInfo}
 * detail carrying the machine-readable error code, deadlines honoured, and the health and
 * reflection services on.
 *
 * <pre>{@code
 * PaymentsGrpcServer server = new PaymentsGrpcServer(
 *     NettyServerBuilder.forPort(50051), gateway, ApiKeys.of(Map.of(key, "shop-1"))).start();
 * }</pre>
 *
 * <p>Thread-safe: grpc-java calls it from its executor threads; all state is in the node.
 */
package io.faultline.payments.grpc;
