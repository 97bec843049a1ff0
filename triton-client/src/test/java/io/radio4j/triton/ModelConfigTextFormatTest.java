package io.radio4j.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.TextFormat;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelInput;
import io.radio4j.triton.protocol.ModelInstanceGroup;
import io.radio4j.triton.protocol.ModelQueuePolicy;
import io.radio4j.triton.server.KServeCodec;
import org.junit.jupiter.api.Test;

/** config.pbtxt files, with the field names Triton documents, parse into the generated ModelConfig. */
class ModelConfigTextFormatTest {

    @Test
    void should_parse_a_tensorrt_config_with_batching_optimization_and_warmup() throws Exception {
        String pbtxt = """
        name: "c_radio_v4_h"
        platform: "tensorrt_plan"
        max_batch_size: 32
        version_policy { latest { num_versions: 1 } }
        input [ { name: "image" data_type: TYPE_UINT8 format: FORMAT_NHWC dims: [ -1, -1, 3 ] } ]
        output [ { name: "summary" data_type: TYPE_FP32 dims: [ 2560 ] },
                 { name: "features" data_type: TYPE_FP16 dims: [ -1, 1280 ] } ]
        dynamic_batching {
          preferred_batch_size: [ 8, 16 ]
          max_queue_delay_microseconds: 2000
          priority_levels: 2
          default_priority_level: 2
          default_queue_policy { timeout_action: REJECT default_timeout_microseconds: 100000 allow_timeout_override: true max_queue_size: 64 }
          priority_queue_policy { key: 1 value { max_queue_size: 8 } }
        }
        instance_group [ { count: 2 kind: KIND_GPU gpus: [ 0 ] profile: [ "0", "1" ] } ]
        optimization {
          cuda { graphs: true graph_spec [ { batch_size: 8 input { key: "image" value { dim: [ 512, 512, 3 ] } } } ] }
          input_pinned_memory { enable: true }
        }
        parameters { key: "image_min_hw" value { string_value: "224" } }
        model_warmup [ { name: "w" batch_size: 1 count: 2 inputs { key: "image" value { data_type: TYPE_UINT8 dims: [ 512, 512, 3 ] zero_data: true } } } ]
        response_cache { enable: false }
        model_transaction_policy { decoupled: false }
        """;
        ModelConfig config = TextFormat.parse(pbtxt, ModelConfig.class);
        assertThat(config.getMaxBatchSize()).isEqualTo(32);
        assertThat(config.getInput(0).getFormat()).isEqualTo(ModelInput.Format.FORMAT_NHWC);
        assertThat(config.getInput(0).getDimsList()).containsExactly(-1L, -1L, 3L);
        assertThat(config.getDynamicBatching().getDefaultQueuePolicy().getTimeoutAction())
                .isEqualTo(ModelQueuePolicy.TimeoutAction.REJECT);
        assertThat(config.getDynamicBatching()
                        .getPriorityQueuePolicyMap()
                        .get(1L)
                        .getMaxQueueSize())
                .isEqualTo(8);
        assertThat(config.getInstanceGroup(0).getKind()).isEqualTo(ModelInstanceGroup.Kind.KIND_GPU);
        assertThat(config.getInstanceGroup(0).getProfileList()).containsExactly("0", "1");
        assertThat(config.getOptimization()
                        .getCuda()
                        .getGraphSpec(0)
                        .getInputMap()
                        .get("image")
                        .getDimList())
                .containsExactly(512L, 512L, 3L);
        assertThat(config.getParametersMap().get("image_min_hw").getStringValue())
                .isEqualTo("224");
        assertThat(config.getModelWarmup(0).getInputsMap().get("image").getZeroData())
                .isTrue();
        assertThat(KServeCodec.dataType(config.getOutput(1).getDataType())).isEqualTo(DataType.FP16);
        ModelSchema schema = ModelSchema.of(io.radio4j.triton.server.KServeCodec.configuration(config));
        assertThat(schema.input("image").shape()).containsExactly(-1, -1, -1, 3);
    }

    @Test
    void should_parse_ensemble_and_sequence_batching_configs() throws Exception {
        ModelConfig ensemble = TextFormat.parse("""
        name: "pipeline"
        platform: "ensemble"
        max_batch_size: 8
        input [ { name: "RAW" data_type: TYPE_STRING dims: [ 1 ] } ]
        output [ { name: "EMB" data_type: TYPE_FP32 dims: [ 1536 ] } ]
        ensemble_scheduling { step [
          { model_name: "preprocess" model_version: -1 input_map { key: "in" value: "RAW" } output_map { key: "out" value: "PIX" } },
          { model_name: "radio_clip_vision" model_version: -1 input_map { key: "image" value: "PIX" } output_map { key: "embedding" value: "EMB" } } ] }
        """, ModelConfig.class);
        assertThat(ensemble.getEnsembleScheduling().getStepCount()).isEqualTo(2);
        assertThat(ensemble.getEnsembleScheduling().getStep(1).getInputMapMap()).containsEntry("image", "PIX");
        assertThat(KServeCodec.dataType(ensemble.getInput(0).getDataType())).isEqualTo(DataType.BYTES);

        ModelConfig sequence = TextFormat.parse("""
        name: "stateful"
        backend: "onnxruntime"
        max_batch_size: 4
        sequence_batching {
          max_sequence_idle_microseconds: 5000000
          oldest { max_candidate_sequences: 4 }
          control_input [ { name: "START" control [ { kind: CONTROL_SEQUENCE_START int32_false_true: [ 0, 1 ] } ] } ]
          state [ { input_name: "state_in" output_name: "state_out" data_type: TYPE_FP32 dims: [ 16 ]
                    initial_state [ { name: "zeros" data_type: TYPE_FP32 dims: [ 16 ] zero_data: true } ] } ]
        }
        """, ModelConfig.class);
        assertThat(sequence.getSequenceBatching().getOldest().getMaxCandidateSequences())
                .isEqualTo(4);
        assertThat(sequence.getSequenceBatching().getState(0).getInitialState(0).getZeroData())
                .isTrue();
    }

    @Test
    void should_reject_a_field_triton_does_not_know() {
        assertThatThrownBy(() -> TextFormat.parse("name: \"m\" max_batch: 4", ModelConfig.class))
                .isInstanceOf(TextFormat.ParseException.class)
                .hasMessageContaining("max_batch");
    }
}
