package io.faultline.bank.app;

import io.faultline.bank.Ledger;
import io.faultline.bank.LedgerConfig;
import io.faultline.runtime.NodeHost;
import io.faultline.runtime.NodeStorage;
import io.faultline.runtime.store.SqliteStore;
import io.faultline.sim.Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/** Ledgers on the runtime's {@link NodeHost} for the bank's tests, hosted as the server does. */
public final class LedgerHosts {

    /** How long a test's request waits for the ledger at most. */
    public static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private LedgerHosts() {
    }

    /** Builds the ledger's host and starts it. */
    public static NodeHost start(NodeHost.Builder builder) {
        NodeHost host = builder.build();
        host.start();
        return host;
    }

    /** A builder for a ledger on {@code storage}, which each life of the node opens anew. */
    public static NodeHost.Builder builder(Supplier<NodeStorage> storage) {
        return NodeHost.builder(Address.of("ledger"), () -> new Ledger(LedgerConfig.defaults()))
            .storage(storage);
    }

    /** A ledger started on a group-committed SQLite file, as {@code bank serve} runs it. */
    public static NodeHost startOnSqlite(Path file) {
        return start(builder(() -> NodeStorage.groupCommitted(SqliteStore.open(file))));
    }

    /** The gateway through which the bank's adapters reach {@code host}. */
    public static LedgerGateway gateway(NodeHost host) {
        return new NodeHostGateway(host, ASK_TIMEOUT);
    }
}
