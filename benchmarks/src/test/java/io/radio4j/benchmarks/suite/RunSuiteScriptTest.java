package io.radio4j.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite script's own argument handling; the suite itself runs for minutes and is not run here. */
class RunSuiteScriptTest {

    private static final Path SCRIPT = Path.of(System.getProperty("benchmarks.basedir", "."), "run-suite.sh");

    private static String[] run(Path dir, String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = SCRIPT.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String[] {Integer.toString(process.exitValue()), Files.readString(out), Files.readString(err)};
    }

    @Test
    void should_print_its_steps_on_help_and_refuse_unknown_options(@TempDir Path dir) throws Exception {
        String[] help = run(dir, "--help");
        String[] bogus = run(dir, "--bogus");

        assertThat(help[0]).isEqualTo("0");
        assertThat(help[1])
                .contains(
                        "Usage: benchmarks/run-suite.sh [--no-build] [--quick]", "under 15 minutes", "README refresh");
        assertThat(bogus[0]).isEqualTo("2");
        assertThat(bogus[2]).contains("unknown option '--bogus'");
    }
}
