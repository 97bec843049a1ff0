package io.radio4j.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.server.KServeCodec;
import io.radio4j.triton.testing.FakeModels;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSchemaTest {
    private final ModelSchema imageSum =
            ModelSchema.of(configuration(FakeModels.imageSum().config()));
    private final ModelSchema simple =
            ModelSchema.of(configuration(FakeModels.simple().config()));
    private final ModelSchema text =
            ModelSchema.of(configuration(FakeModels.text().config()));

    @Test
    void should_prepend_the_batch_dimension_for_a_batching_model() {
        assertThat(imageSum.maxBatchSize()).isEqualTo(64);
        assertThat(imageSum.input("image").shape()).containsExactly(-1, 4, 4, 3);
        assertThat(imageSum.input("image").dataType()).isEqualTo(DataType.UINT8);
    }

    @Test
    void should_infer_the_batch_size_from_the_byte_count() {
        InferInput input = imageSum.input("image", ByteBuffer.allocate(5 * 48));
        assertThat(input.shape()).containsExactly(5, 4, 4, 3);
        assertThat(input.dataType()).isEqualTo(DataType.UINT8);
    }

    @Test
    void should_refuse_bytes_that_are_not_whole_items() {
        assertThatThrownBy(() -> imageSum.input("image", ByteBuffer.allocate(50)))
                .isInstanceOf(TritonException.class)
                .hasMessageContaining("50 elements are not a whole, non-zero number of items of [4,4,3]");
    }

    @Test
    void should_refuse_more_items_than_max_batch_size() {
        assertThatThrownBy(() -> imageSum.input("image", ByteBuffer.allocate(65 * 48)))
                .hasMessageContaining("inference request batch-size must be <= 64 for 'image_sum'");
    }

    @Test
    void should_convert_floats_and_longs_to_the_model_datatype() {
        ModelSchema fp16 = ModelSchema.of(configuration(FakeModels.fp16Double().config()));
        InferInput x = fp16.floats("x", new float[] {1, 2, 3, 4});
        assertThat(x.dataType()).isEqualTo(DataType.FP16);
        assertThat(x.shape()).containsExactly(4);
        InferInput in = simple.longs("INPUT0", new long[32]);
        assertThat(in.dataType()).isEqualTo(DataType.INT32);
        assertThat(in.shape()).containsExactly(2, 16);
        long[] tooBig = new long[16];
        tooBig[3] = 1L << 40;
        assertThatThrownBy(() -> simple.longs("INPUT0", tooBig))
                .hasMessageContaining("does not fit INT32 input 'INPUT0'");
        assertThatThrownBy(() -> simple.floats("INPUT0", new float[16]))
                .hasMessageContaining("input 'INPUT0' of model 'simple' is INT32; it cannot be built from floats");
    }

    @Test
    void should_infer_one_variable_dimension_of_an_unbatched_input_from_the_element_count() {
        InferInput ok = text.strings("text", List.of("a", "b"));
        assertThat(ok.shape()).containsExactly(2);
    }

    @Test
    void should_require_an_explicit_shape_when_a_batched_input_has_variable_dimensions() throws Exception {
        ModelSchema variable = ModelSchema.of(configuration(FakeModels.config(
                "name: \"v\" max_batch_size: 4 input [ { name: \"x\" data_type: TYPE_FP32 dims: [ -1, 2 ] } ]")));
        assertThatThrownBy(() -> variable.floats("x", new float[8]))
                .hasMessageContaining(
                        "input 'x' of model 'v' has variable dimensions [-1,-1,2]; give the shape explicitly");
        InferInput explicit = variable.input("x", new long[] {1, 4, 2}, ByteBuffer.allocate(32));
        assertThat(explicit.shape()).containsExactly(1, 4, 2);
        assertThatThrownBy(() -> variable.input("x", new long[] {1, 4, 3}, ByteBuffer.allocate(48)))
                .hasMessageContaining("unexpected shape for input 'x' for model 'v'. Expected [-1,-1,2], got [1,4,3]");
        assertThatThrownBy(() -> variable.input("x", new long[] {1, -1, 2}, ByteBuffer.allocate(8)))
                .hasMessageContaining(
                        "All input dimensions should be specified for input 'x' for model 'v', got [1,-1,2]");
    }

    @Test
    void should_accept_a_well_formed_request() {
        InferRequest request = simple.newRequest()
                .input(simple.longs("INPUT0", new long[16]))
                .input(simple.longs("INPUT1", new long[16]))
                .output("OUTPUT0")
                .build();
        assertThat(simple.validate(request)).isEqualTo(1);
        assertThat(request.modelName()).isEqualTo("simple");
    }

    @Test
    void should_explain_a_missing_batch_dimension_as_triton_does() {
        InferRequest request = simple.newRequest()
                .input(InferInput.ofInt32("INPUT0", new long[] {16}, new int[16]))
                .input(InferInput.ofInt32("INPUT1", new long[] {16}, new int[16]))
                .build();
        assertThatThrownBy(() -> simple.validate(request)).isInstanceOfSatisfying(TritonException.class, e -> {
            assertThat(e.isClientSide()).isTrue();
            assertThat(e.statusCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
            assertThat(e.serverMessage())
                    .startsWith(
                            "unexpected shape for input 'INPUT0' for model 'simple'. Expected [-1,16], got [16]. NOTE: Setting a"
                                    + " non-zero max_batch_size in the model config requires a batch dimension");
        });
    }

    @Test
    void should_name_a_wrong_datatype_as_triton_does() {
        InferRequest request = simple.newRequest()
                .input(InferInput.ofFloats("INPUT0", new long[] {1, 16}, new float[16]))
                .input(InferInput.ofInt32("INPUT1", new long[] {1, 16}, new int[16]))
                .build();
        assertThatThrownBy(() -> simple.validate(request))
                .hasMessageContaining(
                        "inference input 'INPUT0' data-type is 'FP32', but model 'simple' expects 'INT32'");
    }

    @Test
    void should_list_missing_inputs_unknown_inputs_and_unknown_outputs() {
        InferRequest missing =
                simple.newRequest().input(simple.longs("INPUT0", new long[16])).build();
        assertThatThrownBy(() -> simple.validate(missing))
                .hasMessageContaining("expected 2 inputs but got 1 inputs for model 'simple'. Got input(s) ['INPUT0'],"
                        + " but missing required input(s) ['INPUT1']. Please provide all required input(s).");
        InferRequest unknown = simple.newRequest()
                .input(InferInput.ofInt32("BOGUS", new long[] {1}, new int[1]))
                .build();
        assertThatThrownBy(() -> simple.validate(unknown))
                .hasMessageEndingWith("unexpected inference input 'BOGUS' for model 'simple'");
        InferRequest badOutput = simple.newRequest()
                .input(simple.longs("INPUT0", new long[16]))
                .input(simple.longs("INPUT1", new long[16]))
                .output("NOPE")
                .build();
        assertThatThrownBy(() -> simple.validate(badOutput))
                .hasMessageEndingWith("unexpected inference output 'NOPE' for model 'simple'");
    }

    @Test
    void should_require_equal_batch_sizes_across_inputs() {
        InferRequest request = simple.newRequest()
                .input(simple.longs("INPUT0", new long[16]))
                .input(simple.longs("INPUT1", new long[32]))
                .build();
        assertThatThrownBy(() -> simple.validate(request))
                .hasMessageEndingWith("input 'INPUT1' has batch size 2 but other inputs have 1 for model 'simple'");
    }

    @Test
    void should_refuse_a_zero_batch() {
        InferRequest request = simple.newRequest()
                .input(InferInput.ofInt32("INPUT0", new long[] {0, 16}, new int[0]))
                .input(InferInput.ofInt32("INPUT1", new long[] {0, 16}, new int[0]))
                .build();
        assertThatThrownBy(() -> simple.validate(request))
                .hasMessageEndingWith("inference request batch-size must be >= 1 for 'simple'");
    }

    @Test
    void should_build_from_metadata_and_refuse_batching_metadata_without_a_batch_dimension() {
        ModelMetadata metadata = new ModelMetadata(
                "m",
                List.of("1"),
                "onnxruntime_onnx",
                List.of(new TensorMetadata("x", DataType.FP32, new long[] {3})),
                List.of());
        assertThat(ModelSchema.of(metadata, 0, "").input("x").shape()).containsExactly(3);
        assertThatThrownBy(() -> ModelSchema.of(metadata, 8, ""))
                .hasMessageContaining("batches (max_batch_size 8) but input 'x' has no batch dimension: [3]");
    }

    private static ModelConfiguration configuration(ModelConfig config) {
        return KServeCodec.configuration(config);
    }
}
