package io.radio4j.langchain;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.core.testing.ExampleCompiler;
import io.radio4j.core.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root README's quick start as a reader copies it: the Maven block names the BOM and modules
 * this build makes, at this build's version; the Java block compiles as it stands (imports
 * included) and runs on the tiny embedded models over a generated folder of photos.
 */
class RootReadmeExampleTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static List<String> blocks(String markdown, String language) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL)
                .matcher(markdown);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    @Test
    void maven_block_imports_the_bom_of_this_build_and_names_modules_that_exist() throws IOException {
        String xml = blocks(readme(), "xml").getFirst();
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String version = parent.replaceFirst(
                "(?s).*?<artifactId>radio4j-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        assertThat(xml)
                .contains("<artifactId>radio4j-bom</artifactId>\n      <version>" + version + "</version>")
                .contains("<scope>import</scope>");
        String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
        assertThat(bom)
                .contains("<version>" + version + "</version>")
                .contains("<radio4j.version>" + version + "</radio4j.version>");
        Matcher managed = Pattern.compile("<groupId>io.radio4j</groupId>\\s*<artifactId>([^<]+)</artifactId>")
                .matcher(bom.substring(bom.indexOf("<dependencyManagement>")));
        List<String> modules = new ArrayList<>();
        while (managed.find()) {
            modules.add(managed.group(1));
        }
        assertThat(modules)
                .contains("langchain-adapters", "radio-core", "triton-client", "tokenbudget", "triton-model-repo");
        // A module's folder may differ from its artifactId (quarkus-runtime holds radio4j-quarkus).
        Matcher folders = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        List<String> artifacts = new ArrayList<>();
        while (folders.find()) {
            String pom = Files.readString(ROOT.resolve(folders.group(1)).resolve("pom.xml"));
            artifacts.add(pom.replaceFirst("(?s).*?</parent>", "")
                    .replaceFirst("(?s).*?<artifactId>([^<]+)</artifactId>.*", "$1"));
        }
        assertThat(artifacts).as("artifacts built by the parent's modules").containsAll(modules);
        Matcher used = Pattern.compile(
                        "<groupId>io.radio4j</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*</dependency>")
                .matcher(xml);
        while (used.find()) {
            assertThat(modules).as("README dependency managed by the BOM").contains(used.group(1));
        }
    }

    @Test
    void java_block_compiles_as_shown_and_runs_on_the_tiny_models(@TempDir Path dir) throws Exception {
        List<String> java = blocks(readme(), "java");
        assertThat(java).hasSize(1);
        String source = java.getFirst();
        String className = source.replaceFirst("(?s).*public class (\\w+).*", "$1");
        Path classes = ExampleCompiler.compile(source, dir);

        Path photos = Files.createDirectories(dir.resolve("photos"));
        for (int i = 0; i < 4; i++) {
            Files.write(photos.resolve("photo" + i + ".png"), TestImages.blocks(48, 40, i));
        }
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass(className).getMethod("main", String[].class).invoke(null, (Object)
                    new String[] {photos.toString()});
        } finally {
            System.setOut(original);
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.getFirst()).isEqualTo("4 images indexed, 0 failed");
        assertThat(lines).hasSize(4);
        assertThat(lines.subList(1, 4))
                .allSatisfy(l -> assertThat(l).matches("\\d\\.\\d{3} .*photo\\d\\.png \\(48x40\\)"));
    }
}
