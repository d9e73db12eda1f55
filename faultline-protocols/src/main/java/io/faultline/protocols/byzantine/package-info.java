/**
 * The Byzantine generals: the course's two-round vector algorithm ({@link
 * io.faultline.protocols.byzantine.LectureGeneral}), OM(m) ({@link
 * io.faultline.protocols.byzantine.OralGeneral}) and SM(m) with Ed25519 signatures ({@link
 * io.faultline.protocols.byzantine.SignedGeneral}), as deterministic nodes with synchronous rounds.
 *
 * <p>Loyal generals and traitors run the same node class: a traitor is given a {@link
 * io.faultline.protocols.byzantine.Strategy} as its {@link io.faultline.protocols.byzantine.Voice},
 * which decides what it actually says in each message. {@link
 * io.faultline.protocols.byzantine.Agreement} checks IC1 and IC2 over the loyal generals'
 * decisions.
 *
 * <pre>{@code
 * // OM(1), four generals, each the commander of its own value, g3 equivocating.
 * Set<Address> all = Set.of(g1, g2, g3, g4);
 * Node g3node = new OralGeneral(new OralGeneral.Config(1, all, 3, deltaMs),
 *     new Strategy.Equivocate(2));
 * }</pre>
 *
 * <p>{@link io.faultline.protocols.byzantine.ByzantineScenario} runs one configuration in the
 * simulator (or hands its nodes and properties to the real runtime); {@link
 * io.faultline.protocols.byzantine.ByzantineChecks} enumerates traitor positions, strategies and,
 * for one traitor, every possible behaviour, and keeps the first counterexample. {@link
 * io.faultline.protocols.byzantine.KeyRing} holds SM's Ed25519 keys, derived from the seed at setup.
 *
 * <p>Thread-safety: nodes are driven by one engine thread at a time, as every node is; a
 * decision is published through a volatile field so that a checker on another thread (the real
 * runtime's driver) sees it. Costs:
 * OM(m) sends (n-1) + (n-1)(n-2) + ... + (n-1)...(n-m-1) messages per commander and keeps as many
 * claims; SM(m) signs once per message sent and verifies k signatures per message of chain k.
 */
package io.faultline.protocols.byzantine;
