package io.radio4j.triton;

import io.radio4j.triton.internal.Shapes;
import java.util.Arrays;
import java.util.Objects;

/**
 * Name, datatype and shape of a model input or output as the server reports it. A -1 dimension is
 * variable; for a batching model the first dimension is the batch, reported as -1.
 *
 * @param name tensor name
 * @param dataType element type
 * @param shape dimensions, -1 where variable; the accessor returns a copy
 */
public record TensorMetadata(String name, DataType dataType, long[] shape) {

    /**
     * Copies the shape.
     *
     * @throws IllegalArgumentException if an argument is null or a dimension is below -1
     */
    public TensorMetadata {
        if (name == null || dataType == null) {
            throw new IllegalArgumentException("tensor name and datatype must be non-null");
        }
        shape = Shapes.copy(shape, "tensor '" + name + "'");
        for (long dim : shape) {
            if (dim < -1) {
                throw new IllegalArgumentException(
                        "tensor '" + name + "' has invalid dimension " + dim + " in " + Shapes.format(shape));
            }
        }
    }

    /** A copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Whether every dimension is known (no -1). */
    public boolean isFixedShape() {
        return Arrays.stream(shape).noneMatch(dim -> dim < 0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorMetadata that
                && name.equals(that.name)
                && dataType == that.dataType
                && Arrays.equals(shape, that.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dataType, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + " " + dataType + " " + Shapes.format(shape);
    }
}
