/**
 * Failover on a failure detector's word, and why it needs fencing. A
 * {@link io.faultline.protocols.failover.FailoverClient} deposits into one account through the
 * active one of two {@link io.faultline.protocols.failover.Replica}s, which writes the whole
 * account to a {@link io.faultline.protocols.failover.Storage}; the passive replica takes over when
 * its detector (a {@link io.faultline.protocols.detectors.Watcher}) suspects the active one.
 * {@link io.faultline.protocols.failover.FailoverScenario} checks under any system model that no
 * acknowledged deposit is lost, for each
 * {@link io.faultline.protocols.failover.FailoverProtocol}: {@code fenced} (epochs checked by the
 * storage), {@code unfenced} and {@code unfenced-perfect}.
 *
 * <pre>{@code
 * SimResult r = new FailoverScenario()
 *     .configure("unfenced", model, FaultConfig.defaults(), seed).build().run();
 * r.firstViolation();   // no-lost-update: which deposit, who stored it, who wrote over it
 * }</pre>
 *
 * <p>Thread-safety: nodes are driven by one engine thread at a time; what the properties read
 * (the storage's account and ghost state, a replica's role and epoch, the client's progress) is
 * published through volatile fields and a concurrent map, so that a real run's checker can read
 * it from its own thread while the nodes work. Cost: a ping and an answer
 * per replica per period, a write and its answer per deposit; a run takes about a millisecond.
 */
package io.faultline.protocols.failover;
