package io.radio4j.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Copies of one tiny model into a scratch repository, with its config.pbtxt edited. */
public final class RepoCopies {

    private RepoCopies() {}

    /** Copies {@code model} from the tiny repository to {@code target/<model>} and rewrites its config. */
    public static Path copyWithConfig(Path target, String model, UnaryOperator<String> edit) {
        try {
            Path src = TinyRepo.path().resolve(model);
            Path dst = target.resolve(model);
            Files.createDirectories(dst.resolve("1"));
            Files.copy(src.resolve("1/model.onnx"), dst.resolve("1/model.onnx"));
            Files.writeString(dst.resolve("config.pbtxt"), edit.apply(Files.readString(src.resolve("config.pbtxt"))));
            for (String extra : new String[] {"tokenizer.json"}) {
                if (Files.exists(src.resolve(extra))) {
                    Files.copy(src.resolve(extra), dst.resolve(extra));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
