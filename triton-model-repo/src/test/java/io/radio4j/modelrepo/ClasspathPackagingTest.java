package io.radio4j.modelrepo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The module's jar carries the tiny repository under radio4j/tiny/, byte for byte. */
class ClasspathPackagingTest {

    static final List<String> FILES = TinyRepository.MODELS.stream()
            .flatMap(m -> List.of(m + "/config.pbtxt", m + "/1/model.onnx").stream())
            .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), l -> {
                l.add("radio_clip_text/tokenizer.json");
                return List.copyOf(l);
            }));

    @ParameterizedTest
    @FieldSource("FILES")
    void tiny_file_should_be_on_the_classpath(String file) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("radio4j/tiny/" + file)) {
            assertThat(in).as(file).isNotNull();
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(TinyRepository.TINY.resolve(file)));
        }
    }
}
