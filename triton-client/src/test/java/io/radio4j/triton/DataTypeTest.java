package io.radio4j.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.triton.server.KServeCodec;
import org.junit.jupiter.api.Test;

class DataTypeTest {

    @Test
    void should_parse_protocol_and_config_spellings() {
        assertThat(DataType.fromWireName("FP32")).isEqualTo(DataType.FP32);
        assertThat(DataType.fromWireName("TYPE_FP32")).isEqualTo(DataType.FP32);
        assertThat(DataType.fromWireName("type_bf16")).isEqualTo(DataType.BF16);
        assertThat(DataType.fromWireName("TYPE_STRING")).isEqualTo(DataType.BYTES);
        assertThat(DataType.fromWireName("BYTES")).isEqualTo(DataType.BYTES);
    }

    @Test
    void should_round_trip_every_type_through_both_spellings_and_the_config_enum() {
        for (DataType type : DataType.values()) {
            assertThat(DataType.fromWireName(type.wireName())).isEqualTo(type);
            assertThat(DataType.fromWireName(type.configName())).isEqualTo(type);
            assertThat(KServeCodec.dataType(KServeCodec.configType(type))).isEqualTo(type);
        }
    }

    @Test
    void should_report_element_sizes_of_the_wire_format() {
        assertThat(DataType.BOOL.byteSize()).isEqualTo(1);
        assertThat(DataType.UINT16.byteSize()).isEqualTo(2);
        assertThat(DataType.FP16.byteSize()).isEqualTo(2);
        assertThat(DataType.BF16.byteSize()).isEqualTo(2);
        assertThat(DataType.INT32.byteSize()).isEqualTo(4);
        assertThat(DataType.FP64.byteSize()).isEqualTo(8);
        assertThat(DataType.BYTES.byteSize()).isEqualTo(-1);
        assertThat(DataType.BYTES.isFixedSize()).isFalse();
    }

    @Test
    void should_reject_unknown_empty_and_invalid_names() {
        assertThatThrownBy(() -> DataType.fromWireName("FP8")).hasMessageContaining("unknown Triton datatype 'FP8'");
        assertThatThrownBy(() -> DataType.fromWireName("")).hasMessageContaining("missing");
        assertThatThrownBy(() -> DataType.fromWireName(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataType.fromWireName("TYPE_INVALID")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KServeCodec.dataType(io.radio4j.triton.protocol.DataType.TYPE_INVALID))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
