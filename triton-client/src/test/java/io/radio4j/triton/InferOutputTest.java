package io.radio4j.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InferOutputTest {

    private static InferOutput output(DataType type, long[] shape, ByteBuffer data) {
        return new InferOutput("out", type, shape, data, Map.of());
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void should_widen_fp16_and_bf16_to_floats() {
        ByteBuffer fp16 = le(4).putShort(0, (short) 0x3C00).putShort(2, (short) 0xC000); // 1.0, -2.0
        assertThat(output(DataType.FP16, new long[] {2}, fp16).asFloats()).containsExactly(1.0f, -2.0f);
        ByteBuffer bf16 = le(4).putShort(0, (short) 0x4049).putShort(2, (short) 0x3F80);
        assertThat(output(DataType.BF16, new long[] {2}, bf16).asFloats())
                .containsExactly(Float.intBitsToFloat(0x40490000), 1.0f);
    }

    @Test
    void should_narrow_fp64_to_floats_and_keep_it_exact_as_doubles() {
        ByteBuffer fp64 = le(8).putDouble(0, 0.1);
        InferOutput out = output(DataType.FP64, new long[] {1}, fp64);
        assertThat(out.asFloats()).containsExactly(0.1f);
        assertThat(out.asDoubles()).containsExactly(0.1);
    }

    @Test
    void should_sign_or_zero_extend_integers_to_longs() {
        ByteBuffer int8 = le(2).put(0, (byte) -1).put(1, (byte) 127);
        assertThat(output(DataType.INT8, new long[] {2}, int8).asLongs()).containsExactly(-1, 127);
        ByteBuffer uint8 = le(2).put(0, (byte) 0xFF).put(1, (byte) 1);
        assertThat(output(DataType.UINT8, new long[] {2}, uint8).asLongs()).containsExactly(255, 1);
        ByteBuffer uint16 = le(2).putShort(0, (short) 0xFFFF);
        assertThat(output(DataType.UINT16, new long[] {1}, uint16).asInts()).containsExactly(65535);
        ByteBuffer uint32 = le(4).putInt(0, -1);
        assertThat(output(DataType.UINT32, new long[] {1}, uint32).asLongs()).containsExactly(4294967295L);
    }

    @Test
    void should_refuse_views_that_do_not_fit_the_datatype() {
        InferOutput int64 = output(DataType.INT64, new long[] {1}, le(8));
        assertThatThrownBy(int64::asFloats)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("output 'out' is INT64; it cannot be read as floats");
        assertThatThrownBy(int64::asInts).hasMessage("output 'out' is INT64; it cannot be read as ints");
        assertThatThrownBy(int64::asStrings).hasMessage("output 'out' is INT64; it cannot be read as strings");
        InferOutput fp32 = output(DataType.FP32, new long[] {1}, le(4));
        assertThatThrownBy(fp32::asLongs).hasMessage("output 'out' is FP32; it cannot be read as longs");
        assertThatThrownBy(fp32::asBytes).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void should_decode_bytes_elements_and_strings() {
        ByteBuffer data = InferInput.ofStrings("s", new long[] {1, 3}, List.of("", "日本", "a"))
                .data();
        InferOutput out = output(DataType.BYTES, new long[] {1, 3}, data);
        assertThat(out.asStrings()).containsExactly("", "日本", "a");
        assertThat(out.asByteElements()).hasSize(3);
        assertThat(out.asByteElements().get(1)).hasSize(6);
    }

    @Test
    void should_reject_a_malformed_response_tensor() {
        assertThatThrownBy(() -> output(DataType.FP32, new long[] {2}, le(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("output 'out' FP32 [2] needs 8 bytes, got 4");
    }

    @Test
    void should_read_bools() {
        ByteBuffer data = le(3).put(0, (byte) 1).put(1, (byte) 0).put(2, (byte) 1);
        assertThat(output(DataType.BOOL, new long[] {3}, data).asBooleans()).containsExactly(true, false, true);
    }
}
