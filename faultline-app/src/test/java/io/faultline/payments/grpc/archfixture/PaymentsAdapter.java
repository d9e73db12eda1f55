package io.faultline.payments.grpc.archfixture;

import picocli.CommandLine;

/**
 * Architecture fixture: an adapter (under a {@code grpc} sub-package of payments) may use any
 * library. The domain rule must not report it.
 */
public final class PaymentsAdapter {

    public String describe(Object command) {
        return new CommandLine(command).getCommandName();
    }
}
