package io.faultline.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code faultline} command. Every subcommand that checks something exits with
 * {@link ExitCodes#OK}, {@link ExitCodes#SAFETY}, {@link ExitCodes#LIVENESS} or
 * {@link ExitCodes#USAGE}.
 */
@Command(name = "faultline",
    mixinStandardHelpOptions = true,
    version = "faultline 0.1.0",
    description = {
        "A fault-tolerant payments and banking backend, and a lab that runs it and the classic "
            + "agreement problems under the system model you choose, then shows what held and what "
            + "broke.",
        ""
    },
    footer = {
        "",
        "Exit codes: 0 every property held, 1 a safety property was violated,",
        "2 a liveness property was violated, 64 bad usage.",
        "",
        "Run 'faultline COMMAND --help' for a command's options and examples."
    },
    subcommands = {
        DemoCommand.class,
        SimCommand.class,
        RunCommand.class,
        GeneralsCommand.class,
        DetectorsCommand.class,
        PaymentsCommand.class,
        io.faultline.app.bank.BankCommand.class,
        UpCommand.class,
        BenchCommand.class,
        SloCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code; used by tests too. */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Main());
        // Examples are full command lines; at picocli's default 80 columns they would wrap.
        cl.setUsageHelpWidth(120);
        cl.setParameterExceptionHandler(Main::onBadUsage);
        cl.setExitCodeExceptionMapper(e -> e instanceof UsageException ? ExitCodes.USAGE : 70);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException) {
                commandLine.getErr().println("faultline: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            throw e;
        });
        return cl;
    }

    private static int onBadUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        cl.getErr().println("faultline: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, cl.getErr());
        cl.getErr().println("Run '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        return ExitCodes.USAGE;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
