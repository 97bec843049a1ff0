package io.radio4j.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CENTER_CROP geometry against torchvision 0.14's {@code Resize(S)} + {@code CenterCrop(S)}, read
 * from geometry.tsv (written by generate_image_corpus.py with torchvision itself): the resized size
 * and both crop offsets, for portrait, landscape, square and odd sizes.
 */
class CenterCropGeometryTest {

    record Row(int height, int width, int s, int resizedHeight, int resizedWidth, int top, int left) {

        @Override
        public String toString() {
            return width + "x" + height + " at " + s;
        }
    }

    static List<Row> rows() {
        return new String(Corpus.resource("geometry.tsv"), StandardCharsets.UTF_8)
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t"))
                .map(f -> new Row(
                        Integer.parseInt(f[0]),
                        Integer.parseInt(f[1]),
                        Integer.parseInt(f[2]),
                        Integer.parseInt(f[3]),
                        Integer.parseInt(f[4]),
                        Integer.parseInt(f[5]),
                        Integer.parseInt(f[6])))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void resized_size_and_crop_offsets_should_match_torchvision(Row row) {
        ResizeSpec spec = ResizeSpec.centerCrop(row.s());
        ImageSize resized = spec.resizedSize(row.height(), row.width());
        assertThat(resized).isEqualTo(new ImageSize(row.resizedHeight(), row.resizedWidth()));
        assertThat(ResizeSpec.centerCropOffset(resized.height(), row.s()))
                .as("top")
                .isEqualTo(row.top());
        assertThat(ResizeSpec.centerCropOffset(resized.width(), row.s()))
                .as("left")
                .isEqualTo(row.left());
        assertThat(spec.outputSize(row.height(), row.width())).isEqualTo(new ImageSize(row.s(), row.s()));
    }

    @Test
    void the_table_should_hold_cases_where_the_rules_differ_from_half_up_and_floor() {
        List<Row> rows = rows();
        // a long edge that half-up rounding would make one larger (640x480 at 224: 298.67 -> 298)
        assertThat(rows)
                .anySatisfy(r -> assertThat(r.resizedWidth())
                        .isLessThan((int) Math.round((double) r.width() * r.s() / r.height())));
        // an odd margin whose half-even offset is above the floor (d = 75 -> 38, not 37)
        assertThat(rows)
                .anySatisfy(r -> assertThat(r.left() + r.top())
                        .isGreaterThan((r.resizedWidth() - r.s()) / 2 + (r.resizedHeight() - r.s()) / 2));
        // and an odd margin whose offset equals the floor (d = 73 -> 36.5 -> 36)
        assertThat(rows).anySatisfy(r -> {
            int d = Math.max(r.resizedWidth(), r.resizedHeight()) - r.s();
            assertThat(d % 2).isEqualTo(1);
            assertThat(r.left() + r.top()).isEqualTo(d / 2);
        });
    }

    @Test
    void offsets_should_round_half_to_even_and_reject_a_crop_larger_than_the_edge() {
        assertThat(ResizeSpec.centerCropOffset(298, 224)).isEqualTo(37);
        assertThat(ResizeSpec.centerCropOffset(299, 224)).isEqualTo(38); // 37.5 -> 38
        assertThat(ResizeSpec.centerCropOffset(301, 224)).isEqualTo(38); // 38.5 -> 38
        assertThat(ResizeSpec.centerCropOffset(224, 224)).isZero();
        assertThat(ResizeSpec.centerCropOffset(225, 224)).isZero(); // 0.5 -> 0
        assertThatThrownBy(() -> ResizeSpec.centerCropOffset(223, 224)).isInstanceOf(IllegalArgumentException.class);
    }
}
