package io.faultline.bank.http;

import io.faultline.bank.app.EventFeed;
import io.faultline.bank.app.LedgerGateway;
import io.faultline.bank.app.LedgerHosts;
import io.faultline.runtime.NodeHost;
import java.nio.file.Path;

/**
 * A test's bank API: the ledger on the runtime's {@link NodeHost} over an SQLite file, served
 * for commands and reads over real HTTP on a free port.
 */
final class LedgerOverHttp implements AutoCloseable {

    final NodeHost host;
    final BankHttp server;

    private LedgerOverHttp(NodeHost host, BankHttp server) {
        this.host = host;
        this.server = server;
    }

    /** Starts the ledger on {@code file}; {@code feed} serves /stream, or null for none. */
    static LedgerOverHttp start(Path file, EventFeed feed) {
        NodeHost host = LedgerHosts.startOnSqlite(file);
        LedgerGateway ledger = LedgerHosts.gateway(host);
        BankHttp.Builder b = BankHttp.builder().commands(ledger).reads(ledger);
        if (feed != null) {
            b.feed(feed);
        }
        return new LedgerOverHttp(host, b.build().start("127.0.0.1", 0));
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        host.close();
    }
}
