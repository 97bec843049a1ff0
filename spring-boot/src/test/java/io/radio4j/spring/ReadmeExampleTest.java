package io.radio4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.core.testing.ExampleCompiler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** The module README's application as a reader copies it: it compiles as shown and runs on the tiny models. */
class ReadmeExampleTest {

    @Test
    void java_block_compiles_as_shown_and_runs_on_the_tiny_models(@TempDir Path dir) throws Exception {
        Matcher block =
                Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("README.md")));
        assertThat(block.find()).isTrue();
        String source = block.group(1);
        String pkg = source.replaceFirst("(?s)^package ([\\w.]+);.*", "$1");
        String className = source.replaceFirst("(?s).*public class (\\w+).*", "$1");
        Path classes = ExampleCompiler.compile(source, dir);

        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            // As main() does, but closed at the end and without looking for a web server.
            SpringApplication application = new SpringApplication(loader.loadClass(pkg + "." + className));
            application.setWebApplicationType(WebApplicationType.NONE);
            application.setResourceLoader(new org.springframework.core.io.DefaultResourceLoader(loader));
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try (ConfigurableApplicationContext context = application.run()) {
                assertThat(context.getBean(Radio4jProperties.class)).isNotNull();
            }
        } finally {
            System.setOut(original);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .anySatisfy(l -> assertThat(l).matches("similarity -?\\d\\.\\d{3} \\(dimension \\d+\\)"));
    }
}
