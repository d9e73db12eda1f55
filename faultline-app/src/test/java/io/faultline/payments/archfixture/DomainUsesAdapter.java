package io.faultline.payments.archfixture;

import io.faultline.payments.grpc.archfixture.PaymentsAdapter;
import java.time.Instant;

/**
 * Architecture fixture: payments domain code reaching into its own gRPC adapter, and reading the
 * wall clock, which domain code may not do even though it does not implement Node.
 */
public final class DomainUsesAdapter {

    String charge(Object command) {
        return new PaymentsAdapter().describe(command) + Instant.now();
    }
}
