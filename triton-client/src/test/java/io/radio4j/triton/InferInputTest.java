package io.radio4j.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InferInputTest {

    @Test
    void should_write_floats_little_endian() {
        InferInput input = InferInput.ofFloats("x", new long[] {2}, new float[] {1.0f, -2.5f});
        ByteBuffer data = input.data();
        assertThat(data.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        // 1.0f = 0x3F800000, little-endian: 00 00 80 3F
        assertThat(new byte[] {data.get(0), data.get(1), data.get(2), data.get(3)})
                .containsExactly(0x00, 0x00, (byte) 0x80, 0x3F);
        assertThat(data.getFloat(4)).isEqualTo(-2.5f);
        assertThat(input.byteSize()).isEqualTo(8);
    }

    @Test
    void should_convert_to_fp16_with_round_half_even() {
        // 1 + 2^-11 lies halfway between 1.0 and the next FP16 (1 + 2^-10): ties go to even (1.0).
        float halfway = 1.0f + (float) Math.pow(2, -11);
        InferInput input = InferInput.ofFloatsAsFp16("x", new long[] {3}, new float[] {1.0f, halfway, 65504f});
        assertThat(input.data().getShort(0)).isEqualTo((short) 0x3C00);
        assertThat(input.data().getShort(2)).isEqualTo((short) 0x3C00);
        assertThat(input.data().getShort(4)).isEqualTo((short) 0x7BFF);
    }

    @Test
    void should_truncate_to_bf16_as_the_python_client_does() {
        // pi = 0x40490FDB; tritonclient keeps the upper two bytes: 0x4049.
        InferInput input = InferInput.ofFloatsAsBf16("x", new long[] {2}, new float[] {(float) Math.PI, 1.0f});
        assertThat(input.data().getShort(0)).isEqualTo((short) 0x4049);
        assertThat(input.data().getShort(2)).isEqualTo((short) 0x3F80);
    }

    @Test
    void should_wrap_a_caller_buffer_without_copying() {
        ByteBuffer pixels = ByteBuffer.allocateDirect(12);
        InferInput input = InferInput.ofUint8("image", new long[] {1, 2, 2, 3}, pixels);
        pixels.put(5, (byte) 42);
        assertThat(input.data().get(5)).isEqualTo((byte) 42);
        assertThat(input.data().isReadOnly()).isTrue();
    }

    @Test
    void should_hand_the_protocol_a_view_of_the_caller_bytes_not_a_copy() {
        ByteBuffer pixels = ByteBuffer.allocate(12);
        InferInput input = InferInput.ofUint8("image", new long[] {12}, pixels);
        com.google.protobuf.ByteString wire = input.wireBytes();
        pixels.put(3, (byte) 77);
        assertThat(wire.byteAt(3)).isEqualTo((byte) 77);
        assertThat(wire.size()).isEqualTo(12);
    }

    @Test
    void should_carry_direct_buffer_contents_even_though_protobuf_copies_them() {
        ByteBuffer direct = ByteBuffer.allocateDirect(4).put(0, (byte) 1).put(3, (byte) 9);
        InferInput input = InferInput.ofUint8("x", new long[] {4}, direct);
        assertThat(input.wireBytes().toByteArray()).containsExactly(1, 0, 0, 9);
    }

    @Test
    void should_use_only_the_remaining_bytes_of_a_buffer() {
        ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 9, 1, 2, 3});
        buffer.position(2);
        InferInput input = InferInput.ofUint8("x", new long[] {3}, buffer);
        assertThat(input.byteSize()).isEqualTo(3);
        assertThat(input.data().get(0)).isEqualTo((byte) 1);
    }

    @Test
    void should_copy_arrays_so_later_changes_do_not_leak_in() {
        float[] values = {1f, 2f};
        long[] shape = {2};
        InferInput input = InferInput.ofFloats("x", shape, values);
        values[0] = 99f;
        shape[0] = 7;
        assertThat(input.data().getFloat(0)).isEqualTo(1f);
        assertThat(input.shape()).containsExactly(2);
        input.shape()[0] = 5;
        assertThat(input.shape()).containsExactly(2);
    }

    @Test
    void should_reject_a_byte_count_that_does_not_match_the_shape() {
        assertThatThrownBy(() -> InferInput.ofFloats("x", new long[] {1, 3}, new float[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("input byte size mismatch for input 'x'. Expected 12, got 16 (FP32 [1,3])");
    }

    @Test
    void should_reject_variable_dimensions_in_a_request_shape() {
        assertThatThrownBy(() -> InferInput.ofFloats("x", new long[] {-1, 4}, new float[4]))
                .hasMessageStartingWith("All input dimensions should be specified for input 'x', got [-1,4]");
    }

    @Test
    void should_reject_a_shape_whose_element_count_overflows() {
        assertThatThrownBy(() -> InferInput.ofUint8("x", new long[] {Long.MAX_VALUE, 4}, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("All input dimensions should be specified");
    }

    @Test
    void should_serialize_bytes_elements_with_4_byte_little_endian_prefixes() {
        InferInput input = InferInput.ofBytes(
                "s",
                new long[] {3},
                List.of(new byte[0], new byte[] {0, (byte) 0xFF}, "é".getBytes(StandardCharsets.UTF_8)));
        ByteBuffer data = input.data();
        assertThat(data.remaining()).isEqualTo(4 + 4 + 2 + 4 + 2);
        assertThat(data.getInt(0)).isZero();
        assertThat(data.getInt(4)).isEqualTo(2);
        assertThat(data.get(8)).isEqualTo((byte) 0);
        assertThat(data.get(9)).isEqualTo((byte) 0xFF);
        assertThat(data.getInt(10)).isEqualTo(2);
    }

    @Test
    void should_reject_bytes_whose_element_count_does_not_match_the_shape() {
        assertThatThrownBy(() -> InferInput.ofStrings("s", new long[] {3}, List.of("a", "b")))
                .hasMessage("expected 3 string elements for input 's' of shape [3], got 2");
    }

    @Test
    void should_reject_raw_bytes_with_a_truncated_length_prefix() {
        ByteBuffer raw = ByteBuffer.wrap(new byte[] {1, 0, 0, 0, 'a', 5, 0}).order(ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> InferInput.ofRaw("s", DataType.BYTES, new long[] {2}, raw))
                .hasMessageContaining("malformed BYTES data for input 's'")
                .hasMessageContaining("incomplete BYTES length prefix");
    }

    @Test
    void should_reject_raw_bytes_whose_length_points_past_the_end() {
        ByteBuffer raw = ByteBuffer.wrap(new byte[] {9, 0, 0, 0, 'a'});
        assertThatThrownBy(() -> InferInput.ofRaw("s", DataType.BYTES, new long[] {1}, raw))
                .hasMessageContaining("declares 9 bytes but only 1 remain");
    }

    @Test
    void should_reject_null_and_blank_arguments_with_a_named_cause() {
        assertThatThrownBy(() -> InferInput.ofFloats(" ", new long[] {1}, new float[1]))
                .hasMessage("input name is blank");
        assertThatThrownBy(() -> InferInput.ofFloats("x", null, new float[1])).hasMessage("input 'x' shape is null");
        assertThatThrownBy(() -> InferInput.ofFloats("x", new long[] {1}, null))
                .hasMessage("values of input 'x' are null");
        assertThatThrownBy(() -> InferInput.ofStrings("x", new long[] {1}, java.util.Arrays.asList((String) null)))
                .hasMessage("input 'x' has a null string element");
    }

    @Test
    void should_treat_a_scalar_shape_as_one_element() {
        InferInput input = InferInput.ofInt64("n", new long[0], new long[] {7});
        assertThat(input.elementCount()).isEqualTo(1);
    }

    @Test
    void should_compare_by_content() {
        InferInput a = InferInput.ofInt32("x", new long[] {2}, new int[] {1, 2});
        InferInput b = InferInput.ofInt32("x", new long[] {2}, new int[] {1, 2});
        InferInput c = InferInput.ofInt32("x", new long[] {2}, new int[] {1, 3});
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    }
}
