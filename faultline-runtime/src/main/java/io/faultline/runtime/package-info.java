/**
 * The real runtime: the same deterministic nodes that run in the simulator, run for real. Each
 * node lives in a {@link io.faultline.runtime.NodeHost}: its own single-threaded event loop, real
 * timers, a durable store behind group commit, and a transport to the other nodes (gRPC, in
 * {@code io.faultline.runtime.transport}). {@link io.faultline.runtime.RealCluster} starts a set of
 * hosts on loopback (or nodes in child JVMs: {@link io.faultline.runtime.NodeMain},
 * {@link io.faultline.runtime.NodeProcess}) and crashes, restarts and pauses them (a pause stops
 * a node's loop, memory kept, as a garbage collection stops the world);
 * {@link io.faultline.runtime.RealRun} drives a run with crashes and pauses and checks a
 * scenario's properties on a {@link io.faultline.runtime.ClusterView}.
 *
 * <p>Example, one node used by an adapter (a REST or gRPC service):
 * <pre>{@code
 * NodeHost host = NodeHost.builder(Address.of("payments"), PaymentNode::new)
 *     .storage(() -> NodeStorage.groupCommitted(SqliteStore.open(Path.of("payments.db"))))
 *     .build();
 * host.start();
 * Message status = host.ask(request, Duration.ofSeconds(2)).get();
 * }</pre>
 *
 * <p>The central rule: a handler's output (sends, replies, timers) takes effect only after its
 * store writes, and every write it read from, are committed. A crash loses memory, timers and all
 * output not yet released; committed writes survive and {@code recover(ctx)} starts from them.
 *
 * <p>Threading: node code runs only on its host's loop thread; host methods may be called from any
 * thread. Costs: one platform thread per live node plus one commit thread per store; a handler
 * with no writes releases its output at once when nothing before it is waiting for a commit. A
 * node process costs a JVM start (about a second) per start and restart.
 */
package io.faultline.runtime;
