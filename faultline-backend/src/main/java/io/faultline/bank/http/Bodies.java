package io.faultline.bank.http;

/** The JSON bodies of the command endpoints; amounts are whole minor units (cents). */
final class Bodies {

    private Bodies() {
    }

    /** {@code POST /accounts}. */
    record OpenAccountBody(String commandId, String client) {
    }

    /** {@code POST /deposits} and {@code POST /withdrawals}. */
    record MoveBody(String commandId, String client, Long amount) {
    }

    /** {@code POST /transfers}. */
    record TransferBody(String commandId, String from, String to, Long amount) {
    }
}
