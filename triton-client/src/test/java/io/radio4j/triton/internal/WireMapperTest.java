package io.radio4j.triton.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.RequestedOutput;
import io.radio4j.triton.protocol.InferParameter;
import io.radio4j.triton.protocol.InferTensorContents;
import io.radio4j.triton.protocol.ModelInferRequest;
import io.radio4j.triton.protocol.ModelInferResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WireMapperTest {

    @Test
    void should_map_reserved_and_custom_parameters_as_triton_expects() {
        InferRequest request = InferRequest.builder()
                .modelName("m")
                .modelVersion("2")
                .id("req-7")
                .input(InferInput.ofFloats("x", new long[] {1}, new float[] {1f}))
                .output(new RequestedOutput("probs", 3))
                .priority(1)
                .timeout(Duration.ofMillis(250))
                .sequence(42, true, false)
                .parameter("temperature", 0.5)
                .parameter("lang", "en")
                .parameter("top_k", 5)
                .parameter("verbose", true)
                .build();
        ModelInferRequest message = WireMapper.toProto(request);
        assertThat(message.getModelName()).isEqualTo("m");
        assertThat(message.getModelVersion()).isEqualTo("2");
        assertThat(message.getId()).isEqualTo("req-7");
        assertThat(message.getParametersMap().get("priority").getUint64Param()).isEqualTo(1);
        assertThat(message.getParametersMap().get("timeout").getInt64Param()).isEqualTo(250_000);
        assertThat(message.getParametersMap().get("sequence_id").getInt64Param())
                .isEqualTo(42);
        assertThat(message.getParametersMap().get("sequence_start").getBoolParam())
                .isTrue();
        assertThat(message.getParametersMap().get("sequence_end").getBoolParam())
                .isFalse();
        assertThat(message.getParametersMap().get("temperature").getDoubleParam())
                .isEqualTo(0.5);
        assertThat(message.getParametersMap().get("lang").getStringParam()).isEqualTo("en");
        assertThat(message.getParametersMap().get("top_k").getInt64Param()).isEqualTo(5);
        assertThat(message.getParametersMap().get("verbose").getBoolParam()).isTrue();
        assertThat(message.getOutputs(0).getName()).isEqualTo("probs");
        assertThat(message.getOutputs(0)
                        .getParametersMap()
                        .get("classification")
                        .getInt64Param())
                .isEqualTo(3);
    }

    @Test
    void should_leave_out_defaults_so_the_server_applies_its_own() {
        ModelInferRequest message = WireMapper.toProto(InferRequest.builder()
                .modelName("m")
                .input(InferInput.ofFloats("x", new long[] {1}, new float[] {1f}))
                .build());
        assertThat(message.getParametersMap()).isEmpty();
        assertThat(message.getModelVersion()).isEmpty();
        assertThat(message.getOutputsList()).isEmpty();
    }

    @Test
    void should_send_every_input_as_raw_contents_in_input_order() {
        InferRequest request = InferRequest.builder()
                .modelName("m")
                .input(InferInput.ofInt32("a", new long[] {2}, new int[] {1, 2}))
                .input(InferInput.ofStrings("b", new long[] {1}, java.util.List.of("hi")))
                .build();
        ModelInferRequest message = WireMapper.toProto(request);
        assertThat(message.getInputsList())
                .extracting(ModelInferRequest.InferInputTensor::getName)
                .containsExactly("a", "b");
        assertThat(message.getInputs(1).getDatatype()).isEqualTo("BYTES");
        assertThat(message.getInputs(0).hasContents()).isFalse();
        assertThat(message.getRawInputContents(0).toByteArray()).containsExactly(1, 0, 0, 0, 2, 0, 0, 0);
        assertThat(message.getRawInputContents(1).toByteArray()).containsExactly(2, 0, 0, 0, 'h', 'i');
    }

    @Test
    void should_reject_reserved_parameter_keys_and_unsupported_values() {
        InferRequest.Builder builder = InferRequest.builder();
        assertThatThrownBy(() -> builder.parameter("priority", 1L)).hasMessageContaining("reserved by Triton");
        assertThatThrownBy(() -> builder.parameter("triton_enable_empty_final_response", true))
                .hasMessageContaining("reserved by Triton");
        assertThatThrownBy(() -> builder.parameter("x", new Object()))
                .hasMessageContaining("must be a Boolean, Long, String or Double, got Object");
    }

    @Test
    void should_read_typed_contents_from_servers_that_send_them() {
        ModelInferResponse response = ModelInferResponse.newBuilder()
                .setModelName("m")
                .setModelVersion("1")
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName("f")
                        .setDatatype("FP32")
                        .addShape(2)
                        .setContents(InferTensorContents.newBuilder()
                                .addFp32Contents(1.5f)
                                .addFp32Contents(-2f)))
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName("u8")
                        .setDatatype("UINT8")
                        .addShape(2)
                        .setContents(InferTensorContents.newBuilder()
                                .addUintContents(255)
                                .addUintContents(7)))
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName("s")
                        .setDatatype("BYTES")
                        .addShape(1)
                        .setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFromUtf8("ok"))))
                .putParameters("p", InferParameter.newBuilder().setInt64Param(3).build())
                .build();
        InferResult result = WireMapper.fromProto(response);
        assertThat(result.output("f").asFloats()).containsExactly(1.5f, -2f);
        assertThat(result.output("u8").asLongs()).containsExactly(255, 7);
        assertThat(result.output("s").asStrings()).containsExactly("ok");
        assertThat(result.parameters()).containsEntry("p", 3L);
    }

    @Test
    void should_reject_a_response_with_fewer_raw_buffers_than_outputs() {
        ModelInferResponse response = ModelInferResponse.newBuilder()
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName("a")
                        .setDatatype("FP32")
                        .addShape(1))
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName("b")
                        .setDatatype("FP32")
                        .addShape(1))
                .addRawOutputContents(ByteString.copyFrom(new byte[4]))
                .build();
        assertThatThrownBy(() -> WireMapper.fromProto(response))
                .hasMessage("response has 2 outputs but 1 raw output buffers");
    }

    @Test
    void should_refuse_mixed_raw_and_typed_inputs_on_the_server_side_as_triton_does() {
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .setModelName("m")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("x")
                        .setDatatype("INT32")
                        .addShape(1)
                        .setContents(InferTensorContents.newBuilder().addIntContents(1)))
                .addRawInputContents(ByteString.copyFrom(new byte[4]))
                .build();
        assertThatThrownBy(() -> WireMapper.inputsFromProto(request))
                .hasMessage("contents field must not be specified when using raw_input_contents for 'x' for model 'm'");
    }

    @Test
    void should_convert_typed_input_contents_of_every_carrier_field() {
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .setModelName("m")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("i16")
                        .setDatatype("INT16")
                        .addShape(2)
                        .setContents(InferTensorContents.newBuilder()
                                .addIntContents(-2)
                                .addIntContents(300)))
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("b")
                        .setDatatype("BOOL")
                        .addShape(1)
                        .setContents(InferTensorContents.newBuilder().addBoolContents(true)))
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("u64")
                        .setDatatype("UINT64")
                        .addShape(1)
                        .setContents(InferTensorContents.newBuilder().addUint64Contents(-1L)))
                .build();
        var inputs = WireMapper.inputsFromProto(request);
        assertThat(inputs.get(0).data().getShort(0)).isEqualTo((short) -2);
        assertThat(inputs.get(0).data().getShort(2)).isEqualTo((short) 300);
        assertThat(inputs.get(1).data().get(0)).isEqualTo((byte) 1);
        assertThat(inputs.get(2).data().getLong(0)).isEqualTo(-1L);
        assertThat(inputs.get(2).dataType()).isEqualTo(DataType.UINT64);
    }
}
