/**
 * Architecture fixtures (test code only): classes that break, or keep, the rules of
 * {@code io.faultline.app.ArchitectureTest}, placed in the package those rules cover.
 * {@code ArchitectureRulesBiteTest} imports them one by one; the main-code import leaves them out.
 */
package io.faultline.payments.grpc.archfixture;
