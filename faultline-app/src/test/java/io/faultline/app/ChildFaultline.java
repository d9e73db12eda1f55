package io.faultline.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code faultline} command run as a real child process on the test classpath, for crash tests
 * that kill it with SIGKILL: started, then read until it prints the line that gives its port.
 *
 * @param process the child, to kill or stop
 * @param port the port read from its output
 */
record ChildFaultline(Process process, int port) {

    /**
     * Starts {@code faultline args...} and waits up to 60 s for a line matching {@code portLine}
     * (whose first group is the port).
     */
    static ChildFaultline start(Pattern portLine, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath,
            "io.faultline.app.Main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
            StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            Matcher m = portLine.matcher(line);
            if (m.find()) {
                return new ChildFaultline(p, Integer.parseInt(m.group(1)));
            }
        }
        p.destroyForcibly();
        throw new AssertionError("faultline " + String.join(" ", args)
            + " printed no line matching " + portLine + " within 60 s");
    }
}
