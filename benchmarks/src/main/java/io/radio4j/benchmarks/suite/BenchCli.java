package io.radio4j.benchmarks.suite;

import io.radio4j.benchmarks.loadgen.LoadCommand;
import io.radio4j.benchmarks.loadgen.PlotCommand;
import io.radio4j.benchmarks.passthrough.PassthroughCommand;
import io.radio4j.benchmarks.perfanalyzer.InputDataCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmarks' one command line: {@code java -jar benchmarks/target/benchmarks-<version>.jar <command>}.
 *
 * <p>Failures print one line naming the cause (exit code 1; 2 for bad arguments), never a stack
 * trace, so the bash scripts around it can report them.
 */
@Command(
        name = "radio4j-bench",
        mixinStandardHelpOptions = true,
        description = {
            "radio4j benchmarks: perf_analyzer input data, load generator, plots, cores per GPU, README refresh.",
            "Also: jmh ARGS... runs JMH over the benchmarks in this jar."
        },
        subcommands = {
            InputDataCommand.class,
            LoadCommand.class,
            PlotCommand.class,
            CoresPerGpuCommand.class,
            ReadmeCommand.class,
            PassthroughCommand.class,
            CommandLine.HelpCommand.class
        })
public final class BenchCli {

    private BenchCli() {}

    /** Runs the command line and exits with its code; {@code jmh ARGS} hands ARGS to JMH's own command line. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            // JMH parses its own options (-rf, -wi, regexps) and exits the JVM itself.
            org.openjdk.jmh.Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns its exit code (tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new BenchCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println(line.getCommandName() + ": " + describe(e));
            return 1;
        });
        return cli.execute(args);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
