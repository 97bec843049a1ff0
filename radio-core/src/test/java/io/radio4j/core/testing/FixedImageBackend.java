package io.radio4j.core.testing;

import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.TensorMetadata;

/**
 * A backend whose models report a fixed {@code image} size in their metadata, as a TensorRT engine
 * built for one size does; the tiny models underneath accept any size.
 */
public final class FixedImageBackend extends DelegatingBackend {

    private final int height;
    private final int width;

    public FixedImageBackend(InferenceBackend delegate, int height, int width) {
        super(delegate);
        this.height = height;
        this.width = width;
    }

    @Override
    public ModelMetadata modelMetadata(String model) {
        ModelMetadata m = super.modelMetadata(model);
        return new ModelMetadata(
                m.name(),
                m.versions(),
                m.platform(),
                m.inputs().stream()
                        .map(t -> t.name().equals("image")
                                ? new TensorMetadata(t.name(), t.dataType(), new long[] {-1, height, width, 3})
                                : t)
                        .toList(),
                m.outputs());
    }
}
