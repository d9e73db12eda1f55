/**
 * Node-to-node transport of the real runtime over gRPC. A message travels as an {@code Envelope}
 * (source, destination, type, JSON body; see {@code src/main/proto/transport.proto}); a
 * {@link io.faultline.runtime.transport.MessageCodec} built from the protocols' sealed message
 * interfaces turns records into JSON and type names back into records; each node's
 * {@link io.faultline.runtime.transport.GrpcTransport} serves on its own free loopback port and
 * finds the others in a {@link io.faultline.runtime.transport.PeerTable}.
 *
 * <p>Example:
 * <pre>{@code
 * MessageCodec codec = MessageCodec.of(List.of(PingMessage.class));
 * PeerTable peers = new PeerTable();
 * GrpcTransport a = GrpcTransport.start(Address.of("a"), codec, peers, hostA::deliver);
 * GrpcTransport b = GrpcTransport.start(Address.of("b"), codec, peers, hostB::deliver);
 * a.send(Address.of("a"), Address.of("b"), new Ping(1));
 * }</pre>
 *
 * <p>Guarantee: at most once, nothing more (the node API's fair-loss promise). A message to a node
 * that is down, unknown or overloaded is lost and counted; protocols retry.
 *
 * <p>Threading: everything here is thread-safe. Costs: one Netty server per node and one channel
 * per peer; one JSON encoding and one unary call per message, in flight at most 10,000 per node.
 */
package io.faultline.runtime.transport;
