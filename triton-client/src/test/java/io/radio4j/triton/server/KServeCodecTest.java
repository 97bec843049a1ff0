package io.radio4j.triton.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.radio4j.triton.DataType;
import io.radio4j.triton.InferOutput;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelStatistics;
import io.radio4j.triton.internal.WireMapper;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelInferResponse;
import io.radio4j.triton.testing.FakeModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KServeCodecTest {

    @Test
    void should_keep_output_and_response_parameters_in_the_response() {
        ByteBuffer bytes = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(1.5f)
                .putFloat(-2f)
                .flip();
        InferOutput output = new InferOutput(
                "scores", DataType.FP32, new long[] {1, 2}, bytes, Map.of("classification_note", "top", "count", 2L));
        InferResult result = new InferResult("m", "1", "r7", Map.of("triton_final_response", true), List.of(output));

        ModelInferResponse message = KServeCodec.response(result);

        assertThat(message.getOutputs(0)
                        .getParametersMap()
                        .get("classification_note")
                        .getStringParam())
                .isEqualTo("top");
        assertThat(message.getOutputs(0).getParametersMap().get("count").getInt64Param())
                .isEqualTo(2);
        assertThat(message.getParametersMap().get("triton_final_response").getBoolParam())
                .isTrue();
        assertThat(message.getRawOutputContentsCount()).isEqualTo(1);
        InferResult back = WireMapper.fromProto(message);
        assertThat(back.outputs().getFirst().parameters()).isEqualTo(output.parameters());
        assertThat(back.outputs().getFirst().asFloats()).containsExactly(1.5f, -2f);
        assertThat(back.id()).isEqualTo("r7");
    }

    @Test
    void should_map_a_configuration_both_ways_without_losing_what_the_record_carries() {
        ModelConfig config = FakeModels.config("""
        name: "e" platform: "ensemble" max_batch_size: 4 default_model_filename: "m.onnx"
        input [ { name: "a" data_type: TYPE_UINT8 dims: [ -1, 3 ] optional: true },
                { name: "s" data_type: TYPE_INT64 dims: [ 1 ] is_shape_tensor: true } ]
        output [ { name: "p" data_type: TYPE_FP32 dims: [ 4 ] label_filename: "labels.txt" } ]
        parameters [ { key: "z" value { string_value: "1" } }, { key: "a" value { string_value: "2" } } ]
        dynamic_batching { preferred_batch_size: [ 2, 4 ] max_queue_delay_microseconds: 100 preserve_ordering: true
                           priority_levels: 3 default_priority_level: 2 }
        instance_group [ { name: "g" kind: KIND_GPU count: 2 gpus: [ 0, 1 ] } ]
        """);
        // The scheduling choice is a oneof: an ensemble has no dynamic batcher.
        ModelConfig ensemble = FakeModels.config("""
        name: "e" platform: "ensemble" max_batch_size: 4
        ensemble_scheduling { step [ { model_name: "pre" model_version: -1 input_map { key: "x" value: "a" }
                                       output_map { key: "y" value: "p" } } ] }
        """);

        ModelConfiguration value = KServeCodec.configuration(config);

        assertThat(value.input("a").optional()).isTrue();
        assertThat(value.input("a").dims()).containsExactly(-1L, 3L);
        assertThat(value.input("s").shapeTensor()).isTrue();
        assertThat(value.output("p").labelFilename()).isEqualTo("labels.txt");
        assertThat(value.parameters()).containsExactly(Map.entry("z", "1"), Map.entry("a", "2"));
        assertThat(value.dynamicBatching().preferredBatchSizes()).containsExactly(2, 4);
        assertThat(value.instanceGroups().getFirst().kind()).isEqualTo(ModelConfiguration.InstanceGroup.Kind.GPU);
        assertThat(KServeCodec.configuration(ensemble)
                        .ensembleSteps()
                        .getFirst()
                        .inputMap())
                .containsEntry("x", "a");
        assertThat(KServeCodec.config(KServeCodec.configuration(ensemble))).isEqualTo(ensemble);
        assertThat(KServeCodec.config(value)).isEqualTo(config);
        assertThat(KServeCodec.configuration(KServeCodec.config(value))).isEqualTo(value);
    }

    @Test
    void should_keep_an_empty_dynamic_batcher_apart_from_none() {
        assertThat(KServeCodec.configuration(FakeModels.config("name: \"a\" dynamic_batching { }"))
                        .dynamicBatching())
                .isNotNull();
        assertThat(KServeCodec.configuration(FakeModels.config("name: \"a\"")).dynamicBatching())
                .isNull();
        assertThat(KServeCodec.config(KServeCodec.configuration(FakeModels.config("name: \"a\" dynamic_batching { }")))
                        .hasDynamicBatching())
                .isTrue();
    }

    @Test
    void should_map_statistics_both_ways() {
        ModelStatistics stats = new ModelStatistics(
                "m",
                "1",
                1234,
                10,
                4,
                new ModelStatistics.InferStats(
                        new ModelStatistics.Duration(4, 400),
                        new ModelStatistics.Duration(1, 9),
                        new ModelStatistics.Duration(4, 40),
                        null,
                        null,
                        null,
                        null,
                        null),
                List.of(new ModelStatistics.BatchStats(2, null, new ModelStatistics.Duration(3, 33), null)));

        io.radio4j.triton.protocol.ModelStatistics message = KServeCodec.statistics(stats);

        assertThat(message.getInferenceStats().getSuccess().getNs()).isEqualTo(400);
        assertThat(message.getInferenceStats().hasCacheHit()).isFalse();
        assertThat(message.getBatchStats(0).getComputeInfer().getCount()).isEqualTo(3);
        assertThat(io.radio4j.triton.internal.ConfigMapper.fromProto(message)).isEqualTo(stats);
    }
}
