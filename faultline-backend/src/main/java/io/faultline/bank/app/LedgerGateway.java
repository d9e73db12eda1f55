package io.faultline.bank.app;

import io.faultline.bank.LedgerMessages.Reply;
import io.faultline.bank.LedgerMessages.Request;
import java.util.concurrent.CompletableFuture;

/**
 * How adapters (REST, the outbox relay) reach a running {@link io.faultline.bank.Ledger}: send one
 * request, get its one reply once the ledger's writes for it are durable. {@link NodeHostGateway}
 * reaches a ledger on the runtime's {@code NodeHost}; {@link StoreReadGateway} answers reads from
 * a database in the ledger's layout.
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface LedgerGateway {

    /** Sends {@code request}; the future completes with the reply, or fails if none can come. */
    CompletableFuture<Reply> ask(Request request);
}
