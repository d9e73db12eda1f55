package io.faultline.app.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The JVM's own cost counters, read before and after a benchmark run: the CPU time of the whole
 * process and the time the JIT compiler spent compiling. CPU per operation is a figure that a busy
 * shared machine disturbs far less than throughput; compile time during a run says whether the
 * warm-up reached steady state.
 *
 * <pre>{@code
 * ProcessMeter start = ProcessMeter.now();
 * ... run ...
 * ProcessMeter used = ProcessMeter.now().minus(start); // used.cpuNs(), used.jitMs()
 * }</pre>
 *
 * @param cpuNs CPU time of every thread of the process, in nanoseconds; -1 when unknown
 * @param jitMs time spent in JIT compilation, in milliseconds; -1 when unknown
 */
record ProcessMeter(long cpuNs, long jitMs) {

    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();
    /** A compile running or queued, as a line of {@code Compiler.queue} starts. */
    private static final Pattern COMPILE_TASK =
        Pattern.compile("^(C[12] CompilerThread\\d+\\s+)?\\d+\\s", Pattern.MULTILINE);

    /** The counters now. */
    static ProcessMeter now() {
        long cpu = OS instanceof com.sun.management.OperatingSystemMXBean sun
            ? sun.getProcessCpuTime() : -1;
        long jit = JIT != null && JIT.isCompilationTimeMonitoringSupported()
            ? JIT.getTotalCompilationTime() : -1;
        return new ProcessMeter(cpu, jit);
    }

    /**
     * How many methods the JIT is compiling or has queued now; -1 when the JVM cannot tell. The
     * compile time above only grows when a compilation ends, so a long one (a C2 compile starved
     * of CPU by the load can take half a second) is invisible to it until then: a warm-up that
     * looked only at compile time called the JIT quiet with seconds of work still queued.
     */
    static int jitBacklog() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerQueue",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return countTasks(String.valueOf(text));
        } catch (JMException | RuntimeException e) {
            return -1;
        }
    }

    /** The compiles in progress and queued in the text of {@code jcmd PID Compiler.queue}. */
    static int countTasks(String compilerQueue) {
        Matcher m = COMPILE_TASK.matcher(compilerQueue);
        int count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }

    /** What was used since {@code start}; unknown stays unknown. */
    ProcessMeter minus(ProcessMeter start) {
        return new ProcessMeter(cpuNs < 0 || start.cpuNs < 0 ? -1 : cpuNs - start.cpuNs,
            jitMs < 0 || start.jitMs < 0 ? -1 : jitMs - start.jitMs);
    }
}
