package io.radio4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Copies of one tiny model into a scratch repository, with its config.pbtxt (and maybe its graph) edited. */
public final class RepoCopies {

    private RepoCopies() {}

    private interface GraphCopy {
        void copy(Path source, Path target) throws IOException, InterruptedException;
    }

    /** Copies {@code model} from the tiny repository to {@code target/<model>} and rewrites its config. */
    public static Path copyWithConfig(Path target, String model, UnaryOperator<String> edit) {
        return copy(target, model, edit, Files::copy);
    }

    /**
     * As {@link #copyWithConfig}, but the graph is rewritten on the way by {@code onnxScript}, run
     * by the Python that has onnx (Maven's {@code python.executable}) with the source and target
     * {@code model.onnx} as its two arguments; the script must succeed.
     */
    public static Path copyWithGraph(Path target, String model, String onnxScript, UnaryOperator<String> edit) {
        return copy(target, model, edit, (source, dest) -> {
            Process python = new ProcessBuilder(
                            System.getProperty("python.executable", "/usr/bin/python3"),
                            "-c",
                            onnxScript,
                            source.toString(),
                            dest.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(python.exitValue()).as(out).isZero();
        });
    }

    private static Path copy(Path target, String model, UnaryOperator<String> edit, GraphCopy graph) {
        try {
            Path src = TinyRepo.path().resolve(model);
            Path dst = target.resolve(model);
            Files.createDirectories(dst.resolve("1"));
            graph.copy(src.resolve("1/model.onnx"), dst.resolve("1/model.onnx"));
            Files.writeString(dst.resolve("config.pbtxt"), edit.apply(Files.readString(src.resolve("config.pbtxt"))));
            for (String extra : new String[] {"tokenizer.json"}) {
                if (Files.exists(src.resolve(extra))) {
                    Files.copy(src.resolve(extra), dst.resolve(extra));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rewriting " + model, e);
        }
    }
}
