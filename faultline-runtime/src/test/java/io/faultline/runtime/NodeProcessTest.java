package io.faultline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.runtime.store.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node in a child JVM: real sockets between processes, kill -9, and a restart on its file. */
class NodeProcessTest extends PingClusterFixture {

    private static long pongerCount(RealCluster cluster) {
        return cluster.committedStore(PingNode.PONGER).get("answered").map(Long::parseLong)
            .orElse(0L);
    }

    @Test
    void aKilledNodeProcessComesBackOnItsStoreAndTheExchangeGoesOn() throws Exception {
        cluster = pingCluster()
            .node(PingNode.PINGER, () -> new PingNode(1_000_000))
            .process(PingNode.PONGER, PingProgram.class, Map.of("target", "1000000"))
            .start();
        NodeProcess ponger = cluster.process(PingNode.PONGER);
        long firstPid = ponger.pid().orElseThrow();
        assertThat(firstPid).isNotEqualTo(ProcessHandle.current().pid());

        assertThat(awaitStatus(PingNode.PINGER, v -> v >= 20)).isGreaterThanOrEqualTo(20);
        Path pongerFile = dir.resolve(PingNode.PONGER.name() + ".db");
        assertThatThrownBy(() -> NodeStorage.groupCommitted(SqliteStore.open(pongerFile)))
            .as("the child process holds its namespace").hasMessageContaining("is in use");

        cluster.crash(PingNode.PONGER);
        // kill -9 ended its claim with it.
        NodeStorage.groupCommitted(SqliteStore.open(pongerFile)).close();
        assertThat(ponger.isAlive()).isFalse();
        assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false))
            .as("the old process is gone").isFalse();
        long countAtKill = pongerCount(cluster);
        long pingerAtKill = status(PingNode.PINGER);
        assertThat(countAtKill).as("every pong the pinger saw was committed by the ponger")
            .isGreaterThanOrEqualTo(pingerAtKill);

        cluster.restart(PingNode.PONGER);
        assertThat(ponger.starts()).isEqualTo(2);
        assertThat(ponger.startMs()).hasSize(2).allSatisfy(ms -> assertThat(ms).isPositive());
        assertThat(ponger.pid().orElseThrow()).isNotEqualTo(firstPid);
        long after = awaitStatus(PingNode.PINGER, v -> v >= pingerAtKill + 20);
        assertThat(after).isGreaterThanOrEqualTo(pingerAtKill + 20);
        // The new process recovered the count from the file the killed one wrote.
        assertThat(pongerCount(cluster)).isGreaterThanOrEqualTo(after);
    }

    /**
     * SIGSTOP freezes the child JVM whole: the pinger hears nothing during the pause, though the
     * process is alive, and the exchange goes on after SIGCONT without a restart.
     */
    @Test
    void aPausedNodeProcessIsSilentButAliveAndGoesOnAfterIt() throws Exception {
        cluster = pingCluster()
            .node(PingNode.PINGER, () -> new PingNode(1_000_000))
            .process(PingNode.PONGER, PingProgram.class, Map.of("target", "1000000"))
            .start();
        NodeProcess ponger = cluster.process(PingNode.PONGER);
        awaitStatus(PingNode.PINGER, v -> v >= 20);
        long pid = ponger.pid().orElseThrow();

        assertThat(cluster.pause(PingNode.PONGER, Duration.ofMillis(1_500))).isTrue();
        Thread.sleep(300); // answers already on their way arrive
        long frozenAt = status(PingNode.PINGER);
        Thread.sleep(800);
        assertThat(status(PingNode.PINGER)).as("no answer while stopped").isEqualTo(frozenAt);
        assertThat(ponger.isAlive()).isTrue();

        long after = awaitStatus(PingNode.PINGER, v -> v >= frozenAt + 20);
        assertThat(after).isGreaterThanOrEqualTo(frozenAt + 20);
        assertThat(ponger.pid()).as("the same process, never restarted").hasValue(pid);
        assertThat(ponger.starts()).isEqualTo(1);
    }

    @Test
    void nodeMainRejectsBadArgumentsNamingThem() {
        assertThatThrownBy(() -> NodeMain.parse(new String[] {"--frob", "x"}))
            .hasMessageContaining("unknown option '--frob'").hasMessageContaining("--program");
        assertThatThrownBy(() -> NodeMain.parse(new String[] {"--program", "P", "--node", "n",
            "--dir", "d", "--peer", "a=nowhere"}))
            .hasMessageContaining("peer endpoint 'nowhere' must look like HOST:PORT");
        assertThatThrownBy(() -> NodeMain.parse(new String[] {"--program", "P", "--node", "n",
            "--dir", "d", "--recover", "maybe"}))
            .hasMessageContaining("--recover 'maybe' must be true or false");
        assertThatThrownBy(() -> NodeMain.parse(new String[] {"--node", "n", "--dir", "d"}))
            .hasMessageContaining("--program is required");
    }
}
