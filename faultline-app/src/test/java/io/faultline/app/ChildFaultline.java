package io.faultline.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code faultline} command run as a real child process on the test classpath, for crash tests
 * that kill it with SIGKILL: started, then read until it has printed the lines that give its
 * ports.
 *
 * @param process the child, to kill or stop
 * @param ports the numbers read from its output (ports, mostly), one per pattern, in the
 *     patterns' order
 * @param stderr the file its standard error goes to, deleted when the tests' JVM exits
 */
record ChildFaultline(Process process, List<Integer> ports, Path stderr) {

    /** What it has written to standard error so far. */
    String errors() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** The port of the first pattern. */
    int port() {
        return ports.get(0);
    }

    /**
     * Starts {@code faultline args...} and waits up to 60 s for a line matching {@code portLine}
     * (whose first group is the port).
     */
    static ChildFaultline start(Pattern portLine, String... args) throws Exception {
        return start(List.of(portLine), args);
    }

    /**
     * Starts {@code faultline args...} and waits up to 60 s until, for each of {@code portLines},
     * a line has matched it (each pattern's first group is a port).
     */
    static ChildFaultline start(List<Pattern> portLines, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath,
            "io.faultline.app.Main"));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile("faultline-child-", ".err");
        stderr.toFile().deleteOnExit();
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
            StandardCharsets.UTF_8));
        Integer[] ports = new Integer[portLines.size()];
        int found = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            for (int i = 0; i < ports.length; i++) {
                Matcher m = portLines.get(i).matcher(line);
                if (ports[i] == null && m.find()) {
                    ports[i] = Integer.parseInt(m.group(1));
                    found++;
                }
            }
            if (found == ports.length) {
                return new ChildFaultline(p, List.of(ports), stderr);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("faultline " + String.join(" ", args) + " printed no line"
            + " matching each of " + portLines + " within 60 s (found ports "
            + Arrays.toString(ports) + ")");
    }
}
