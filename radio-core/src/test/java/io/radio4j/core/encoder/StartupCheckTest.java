package io.radio4j.core.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.model.ModelContractException;
import io.radio4j.core.testing.TinyRepo;
import io.radio4j.triton.InferOutput;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What metadata cannot show is checked by one probe request when an encoder is built. */
class StartupCheckTest {

    /** A backend whose answers are rewritten, standing in for an engine exported differently. */
    private static InferenceBackend rewriting(UnaryOperator<InferOutput> rewrite) {
        return new io.radio4j.core.testing.DelegatingBackend(TinyRepo.backend()) {
            @Override
            public CompletableFuture<InferResult> infer(InferRequest request) {
                return super.infer(request)
                        .thenApply(r -> new InferResult(
                                r.modelName(),
                                r.modelVersion(),
                                r.id(),
                                r.parameters(),
                                r.outputs().stream().map(rewrite).toList()));
            }
        };
    }

    /** Drops ({@code delta < 0}) or repeats ({@code delta > 0}) rows of dimension 1 of a [batch, rows, width] output. */
    private static InferOutput resizeRows(InferOutput out, int delta) {
        long[] shape = out.shape();
        if (shape.length != 3) {
            return out;
        }
        float[] data = out.asFloats();
        int rows = (int) shape[1];
        int width = (int) shape[2];
        int newRows = rows + delta;
        ByteBuffer bytes =
                ByteBuffer.allocate((int) shape[0] * newRows * width * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int b = 0; b < shape[0]; b++) {
            for (int r = 0; r < newRows; r++) {
                int from = Math.max(0, Math.min(rows - 1, r - Math.max(0, delta) - Math.min(0, delta)));
                for (int c = 0; c < width; c++) {
                    bytes.putFloat(data[(b * rows + from) * width + c]);
                }
            }
        }
        return new InferOutput(
                out.name(), out.dataType(), new long[] {shape[0], newRows, width}, bytes.flip(), Map.of());
    }

    @Test
    void should_refuse_a_radio1d_engine_with_another_prefix_count() {
        InferenceBackend ninePrefix = rewriting(out -> resizeRows(out, -1));
        assertThatThrownBy(() -> Radio1dEncoder.builder()
                        .backend(ninePrefix)
                        .resolution(64, 64)
                        .build())
                .isInstanceOf(ModelContractException.class)
                .hasMessageContaining("start-up check (10 prefix tokens expected)")
                .hasMessageContaining("returned tokens of shape [1, 13, 64]")
                .hasMessageContaining("expected [1, 10 + 4, 64]");
    }

    @Test
    void should_refuse_a_cradio_engine_whose_features_include_the_prefix_tokens() {
        InferenceBackend withPrefix = rewriting(out -> resizeRows(out, 10));
        assertThatThrownBy(() -> CRadioEncoder.builder()
                        .backend(withPrefix)
                        .resolution(64, 64)
                        .build())
                .isInstanceOf(ModelContractException.class)
                .hasMessageContaining("start-up check")
                .hasMessageContaining("features");
        assertThat(CRadioEncoder.builder()
                        .backend(withPrefix)
                        .resolution(64, 64)
                        .verifyOnStart(false)
                        .build())
                .as("the check can be turned off, e.g. when the backend is not up yet")
                .isNotNull();
    }

    @Test
    void should_pass_on_the_tiny_models_through_both_backends() {
        for (InferenceBackend backend : List.of(TinyRepo.backend(), TinyRepo.remote())) {
            assertThat(CRadioEncoder.builder()
                            .backend(backend)
                            .resolution(64, 96)
                            .build()
                            .featureDimension())
                    .isEqualTo(64);
            assertThat(Radio1dEncoder.builder()
                            .backend(backend)
                            .resolution(64, 96)
                            .build()
                            .maxTokens())
                    .isEqualTo(6);
        }
    }
}
