package io.faultline.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessMeterTest {

    /** The shape HotSpot 17 prints for {@code Compiler.queue}: two compiles running, two queued. */
    private static final String QUEUE = String.join("\n",
        "Current compiles: ",
        "C2 CompilerThread0  1182   !   4       a.B::c (497 bytes)",
        "C1 CompilerThread0  1190       3       a.B::d (12 bytes)",
        "",
        "C1 compile queue:",
        "Empty",
        "",
        "C2 compile queue:",
        "1181       4       a.B::e (24 bytes)",
        "1186       4       java.util.regex.Pattern::append (43 bytes)",
        "");

    @Test
    void countsRunningAndQueuedCompiles() {
        assertThat(ProcessMeter.countTasks(QUEUE)).isEqualTo(4);
        assertThat(ProcessMeter.countTasks("Current compiles: \n\nC1 compile queue:\nEmpty\n\n"
            + "C2 compile queue:\nEmpty\n")).isZero();
    }

    @Test
    void readsTheBacklogOfThisJvm() {
        assertThat(ProcessMeter.jitBacklog()).isGreaterThanOrEqualTo(0);
    }
}
