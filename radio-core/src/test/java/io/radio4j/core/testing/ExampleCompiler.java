package io.radio4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a documentation example (one public class, as a reader copies it from a README) against
 * the test class path, with every lint warning an error, so the README tests can then run it.
 */
public final class ExampleCompiler {

    private ExampleCompiler() {}

    /**
     * Writes {@code source} under {@code dir/src} (in its package's folder) and compiles it into
     * {@code dir/classes}.
     *
     * @return the classes folder, to put on a class loader
     * @throws AssertionError with the compiler's diagnostics if it does not compile cleanly
     */
    public static Path compile(String source, Path dir) throws IOException {
        String pkg = source.matches("(?s)^\\s*package [\\w.]+;.*")
                ? source.replaceFirst("(?s)^\\s*package ([\\w.]+);.*", "$1")
                : "";
        String className = source.replaceFirst("(?s).*public class (\\w+).*", "$1");
        Path file = Files.createDirectories(dir.resolve("src").resolve(pkg.replace('.', '/')))
                .resolve(className + ".java");
        Files.writeString(file, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        // Surefire runs tests from a manifest-only jar; the real class path is in this property.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files =
                compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = compiler.getTask(
                            null,
                            files,
                            diagnostics,
                            List.of("-classpath", classPath, "-d", classes.toString(), "-Xlint:all", "-Werror"),
                            null,
                            files.getJavaFileObjects(file))
                    .call();
            assertThat(ok)
                    .as("README example compiles: %s", diagnostics.getDiagnostics())
                    .isTrue();
        }
        return classes;
    }
}
