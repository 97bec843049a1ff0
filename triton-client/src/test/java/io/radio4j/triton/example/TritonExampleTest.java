package io.radio4j.triton.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.triton.testing.FakeTritonServer;
import io.radio4j.triton.testing.FakeTritonService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Keeps the README example working: runs it against the fake server, which serves Triton's "simple". */
class TritonExampleTest {

    @Test
    void should_run_the_readme_example_end_to_end() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (FakeTritonServer server = FakeTritonServer.loopback(FakeTritonService.standard(), 0)) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            TritonExample.main(new String[] {server.target()});
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("server: ServerMetadata[name=triton");
        assertThat(output).contains("sum: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]");
        assertThat(output).contains("streamed first: [-1, 0, 1, 2,").contains("streamed second: [-1, 0, 1, 2,");
    }
}
