package io.faultline.bank.app;

import io.faultline.bank.LedgerMessages.GetBalance;
import io.faultline.bank.LedgerMessages.GetEvents;
import io.faultline.bank.LedgerMessages.Query;
import io.faultline.bank.LedgerMessages.Reply;
import io.faultline.bank.LedgerMessages.Request;
import io.faultline.bank.ReadModel;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Answers balance and event reads from a {@link ReadModel}, so the response part serves the same
 * API as the polling design without touching the ledger. Commands and outbox requests are not
 * reads; they fail. Thread-safe when the read model's store is.
 */
public final class ReadModelGateway implements LedgerGateway {

    private final ReadModel readModel;
    private final int eventPageMax;

    public ReadModelGateway(ReadModel readModel, int eventPageMax) {
        this.readModel = Objects.requireNonNull(readModel, "readModel");
        this.eventPageMax = eventPageMax;
    }

    @Override
    public CompletableFuture<Reply> ask(Request request) {
        if (request instanceof GetBalance || request instanceof GetEvents) {
            try {
                return CompletableFuture.completedFuture(
                    readModel.read((Query) request, eventPageMax));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
            "the read model answers balance and event reads only, not " + request));
    }
}
