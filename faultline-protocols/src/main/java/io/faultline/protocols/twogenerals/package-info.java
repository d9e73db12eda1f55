/**
 * The two generals problem on a fair-loss link: a family of protocols ({@link
 * io.faultline.protocols.twogenerals.Protocol}: the course's "always attack with many messengers",
 * "attack only after an acknowledgement", and k-step acknowledgement chains, with any decision
 * thresholds), the node that runs them ({@link io.faultline.protocols.twogenerals.General}), and
 * {@link io.faultline.protocols.twogenerals.TwoGenerals}: seeded runs, the probability of a
 * coordinated outcome beside theory, and the exhaustive search that finds, for every protocol of
 * the family, a loss pattern ending in disagreement.
 *
 * <pre>{@code
 * TwoGenerals.Row row = TwoGenerals.measure(Protocol.alwaysAttack(3), 0.3, 2000);
 * row.measured();   // about 1 - 0.3^3 = 0.973
 * TwoGenerals.search(Protocol.ackChain(3, 1)).counterexample();  // loses step 3
 * }</pre>
 *
 * <p>Thread-safety: nodes are driven by one engine thread at a time. Cost: a protocol sends at
 * most steps x messengers messengers; the search explores every order and loss pattern, which
 * grows quickly with the number of messengers (keep it to a few).
 */
package io.faultline.protocols.twogenerals;
