package io.radio4j.service.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mvnw} picks a JDK 25 by itself: on a machine whose default {@code java} is 17 it must
 * not fail with "release version 25 not supported" when {@code JAVA_HOME} is unset or names the old
 * JDK. The old JDK is a stand-in {@code java} that reports version 17 (and could not run Maven), so
 * the test means the same on every machine; the JVM directory the wrapper searches holds a link to
 * the JDK running this test.
 */
class MavenWrapperJavaTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String FEATURE = Integer.toString(Runtime.version().feature());

    @TempDir
    Path dir;

    @Test
    void should_use_the_jdk_25_of_the_jvm_directory_when_java_home_is_unset_and_path_has_java_17() throws Exception {
        Path oldJdk = fakeJava17(dir.resolve("jdk-17"));
        String output = mvnwVersion(null, oldJdk.resolve("bin"));
        assertThat(output)
                .contains("Java version: " + FEATURE)
                .contains("runtime: " + Path.of(System.getProperty("java.home")).toRealPath());
    }

    @Test
    void should_replace_a_java_home_that_names_an_older_jdk() throws Exception {
        Path oldJdk = fakeJava17(dir.resolve("jdk-17"));
        String output = mvnwVersion(oldJdk, oldJdk.resolve("bin"));
        assertThat(output).contains("Java version: " + FEATURE).doesNotContain("jdk-17");
    }

    private Path jvmDir() {
        return dir.resolve("jvm");
    }

    private String mvnwVersion(Path javaHome, Path javaOnPath) throws IOException, InterruptedException {
        assertThat(Runtime.version().feature()).as("this build runs on JDK 25+").isGreaterThanOrEqualTo(25);
        Files.createDirectories(jvmDir());
        Path jdk25 = jvmDir().resolve("jdk-25");
        if (!Files.exists(jdk25)) {
            Files.createSymbolicLink(
                    jdk25, Path.of(System.getProperty("java.home")).toRealPath());
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(ROOT.resolve("mvnw").toString(), "-v"))
                .directory(ROOT.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("JAVA_HOME");
        env.remove("MVNW_KEEP_JAVA_HOME");
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome.toString());
        }
        env.put("PATH", javaOnPath + ":/usr/bin:/bin");
        env.put("RADIO4J_JVM_DIR", jvmDir().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // A guard against a hung wrapper, not a performance expectation.
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("mvnw -v finished").isTrue();
        assertThat(process.exitValue())
                .as("mvnw -v exit status; output:%n%s", output)
                .isZero();
        return output;
    }

    /** A JDK folder whose {@code java} says it is 17, the way the wrapper's check asks. */
    private static Path fakeJava17(Path home) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String tool : List.of("java", "javac")) {
            Path script = bin.resolve(tool);
            Files.writeString(script, """
                    #!/bin/sh
                    echo 'Property settings:' >&2
                    echo '    java.specification.version = 17' >&2
                    echo 'openjdk version "17.0.15" 2025-04-15' >&2
                    exit 1
                    """, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return home;
    }
}
