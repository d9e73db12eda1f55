/**
 * A simulated card issuer, a node of its own behind the payments service, with test cards in the
 * style of Stripe's ({@link io.faultline.payments.issuer.TestCards}).
 *
 * <pre>{@code
 * Node issuer = new IssuerNode(3_000); // the slow test card answers after 3 s
 * }</pre>
 *
 * <p>It keeps its own idempotency: an authorisation is decided at most once per key, and a
 * {@link io.faultline.payments.IssuerMessage.Resolve} settles a key that was never authorised as
 * not charged. JDK and {@code io.faultline.sim} only; not thread-safe.
 */
package io.faultline.payments.issuer;
