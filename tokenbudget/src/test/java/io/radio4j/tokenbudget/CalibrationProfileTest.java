package io.radio4j.tokenbudget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationProfileTest {

    private static final String VALID = """
            {"name":"t","referenceImages":2,"referenceTextTokens":10,
             "ttft":[{"tokens":1,"ms":100},{"tokens":8,"ms":110},{"tokens":16,"ms":130}],
             "classes":[{"name":"general","accuracy":[{"tokens":1,"accuracy":40},{"tokens":8,"accuracy":60},{"tokens":16,"accuracy":65}]}]}
            """;

    private static CalibrationProfile parse(String json) {
        return CalibrationProfile.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void should_ship_the_model_card_table_as_default() {
        CalibrationProfile p = CalibrationProfile.defaultProfile();
        assertThat(p.classes()).containsOnlyKeys(TaskClassCurve.GENERAL, TaskClassCurve.DENSE_READING);
        assertThat(p.classes().get(TaskClassCurve.DENSE_READING).assumed()).isTrue();
        assertThat(p.classes().get(TaskClassCurve.GENERAL).accuracyAt(64)).isEqualTo(70.07);
        // 32 images × 256 tokens + 128 text tokens is the card's k=256 measurement.
        assertThat(p.serviceTime().serviceMs(32 * 256 + 128)).isEqualTo(452.8);
        assertThat(p.serviceTime().serviceMs(32 * 64 + 128)).isEqualTo(346.1);
    }

    @Test
    void should_report_k192_as_dominated_on_the_card_accuracy_curve() {
        CalibrationProfile p = CalibrationProfile.defaultProfile();
        assertThat(p.dominatedPoints().get(TaskClassCurve.GENERAL))
                .extracting(AccuracyPoint::tokens)
                .containsExactly(192);
        assertThat(p.dominatedPoints()).doesNotContainKey(TaskClassCurve.DENSE_READING);
    }

    @Test
    void should_convert_per_k_ttft_to_total_tokens() {
        CalibrationProfile p = parse(VALID);
        assertThat(p.serviceTime().points())
                .extracting(ServicePoint::totalTokens)
                .containsExactly(12, 26, 42);
        assertThat(p.serviceTime().serviceMs(19)).isEqualTo(105.0);
        assertThat(p.defaultClass()).isEqualTo("general");
    }

    @Test
    void should_reject_ttft_that_falls_as_tokens_grow() {
        String json = VALID.replace("{\"tokens\":8,\"ms\":110}", "{\"tokens\":8,\"ms\":90}");
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("must not decrease")
                .hasMessageContaining("90.0");
    }

    @Test
    void should_reject_an_empty_profile() {
        assertThatThrownBy(() -> parse("{}"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("no TTFT points");
        assertThatThrownBy(() -> parse("")).isInstanceOf(ProfileException.class);
        String noClasses = VALID.replaceAll("\"classes\":\\[.*]}", "\"classes\":[]}");
        assertThatThrownBy(() -> parse(noClasses))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("no task classes");
    }

    @Test
    void should_reject_tokens_outside_1_to_256() {
        assertThatThrownBy(() -> parse(VALID.replace("{\"tokens\":16,\"ms\":130}", "{\"tokens\":257,\"ms\":130}")))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("257")
                .hasMessageContaining("1..256");
        assertThatThrownBy(
                        () -> parse(VALID.replace("{\"tokens\":1,\"accuracy\":40}", "{\"tokens\":0,\"accuracy\":40}")))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("1..256");
    }

    @Test
    void should_reject_unknown_fields_and_bad_json_with_a_profile_exception() {
        assertThatThrownBy(() -> parse(VALID.replace("\"name\":\"t\"", "\"nmae\":\"t\"")))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("nmae");
        assertThatThrownBy(() -> parse("{\"ttft\": [")).isInstanceOf(ProfileException.class);
    }

    @Test
    void should_reject_unsorted_accuracy_points_and_an_unknown_default_class() {
        String unsorted = VALID.replace("{\"tokens\":8,\"accuracy\":60}", "{\"tokens\":1,\"accuracy\":60}");
        assertThatThrownBy(() -> parse(unsorted))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("strictly increasing");
        String badDefault = VALID.replace("\"name\":\"t\"", "\"name\":\"t\",\"defaultClass\":\"charts\"");
        assertThatThrownBy(() -> parse(badDefault))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("charts");
    }

    @Test
    void should_load_from_a_file_and_name_a_missing_one(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.json");
        Files.writeString(file, VALID);
        assertThat(CalibrationProfile.load(file).name()).isEqualTo("t");
        assertThatThrownBy(() -> CalibrationProfile.load(dir.resolve("missing.json")))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("missing.json");
    }

    @Test
    void should_let_the_dense_reading_assumption_be_replaced() {
        TaskClassCurve measured = new TaskClassCurve(
                TaskClassCurve.DENSE_READING,
                java.util.List.of(new AccuracyPoint(16, 30), new AccuracyPoint(256, 80)),
                16,
                false,
                "measured");
        CalibrationProfile p = CalibrationProfile.defaultProfile().withClass(measured);
        assertThat(p.curve(TaskClassCurve.DENSE_READING).accuracyAt(136)).isEqualTo(55.0);
        assertThat(p.curve(null).name()).isEqualTo(TaskClassCurve.GENERAL);
        assertThatThrownBy(() -> p.curve("charts"))
                .isInstanceOf(TokenBudgetException.class)
                .hasMessageContaining("charts");
    }
}
