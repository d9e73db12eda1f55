/**
 * Failure detectors, as the course draws them: a {@link io.faultline.protocols.detectors.Monitor}
 * pings a {@link io.faultline.protocols.detectors.Target} and asks a
 * {@link io.faultline.protocols.detectors.Detector} whether to label it crashed: a fixed timeout
 * at the known bound (perfect, in a synchronous crash-stop system with reliable links only), a
 * timeout that grows after each mistake (eventually perfect once delays are bounded), or phi
 * accrual. {@link io.faultline.protocols.detectors.DetectorScenario} checks the course's
 * properties under any system model; {@link io.faultline.protocols.detectors.DetectorQos}
 * measures detection time, mistakes and query accuracy.
 *
 * <pre>{@code
 * DetectorQos qos = new DetectorQos(faults.healAtMs());
 * SimResult r = new DetectorScenario()
 *     .measured(DetectorProtocol.EVENTUALLY_PERFECT, model, faults, seed, qos).build().run();
 * qos.finish(r.endTimeMs()).detectionMs();   // crash to suspicion, per crash caught
 * }</pre>
 *
 * <p>Thread-safety: nodes and detectors are driven by one engine thread at a time. Cost: one ping
 * and one answer per period, one timer per answer; a run of 35 s of virtual time takes about a
 * millisecond.
 */
package io.faultline.protocols.detectors;
