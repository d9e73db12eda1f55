package io.faultline.bank.app;

import io.faultline.bank.LedgerMessages.GetBalance;
import io.faultline.bank.LedgerMessages.GetEvents;
import io.faultline.bank.LedgerMessages.Query;
import io.faultline.bank.LedgerMessages.Reply;
import io.faultline.bank.LedgerMessages.Request;
import io.faultline.bank.LedgerStore;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Answers balance and event reads straight from a database in the ledger's layout, on the
 * caller's thread: the ledger's own database for the polling design (the course's "server reads
 * the database"; reads never queue behind the ledger's writes), or the read model's for the
 * response part. Only committed data is seen. Commands and outbox requests are not reads; they
 * fail. Thread-safe when the store is (the SQLite and PostgreSQL stores are).
 */
public final class StoreReadGateway implements LedgerGateway {

    private final LedgerStore view;
    private final int eventPageMax;

    public StoreReadGateway(LedgerStore view, int eventPageMax) {
        this.view = Objects.requireNonNull(view, "view");
        this.eventPageMax = eventPageMax;
    }

    @Override
    public CompletableFuture<Reply> ask(Request request) {
        if (request instanceof GetBalance || request instanceof GetEvents) {
            try {
                return CompletableFuture.completedFuture(view.read((Query) request, eventPageMax));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
            "this gateway answers balance and event reads only, not " + request));
    }
}
