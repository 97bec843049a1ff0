package io.radio4j.core.encoder;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * C-RADIO's dense features for one image: one vector of {@link #channels()} floats per 16 × 16
 * patch, on a {@link #gridHeight()} × {@link #gridWidth()} grid (H/16 × W/16 of the model input;
 * non-square images give non-square grids).
 *
 * <p>Two layouts: NLC ({@link #nlc()}: patch after patch in row-major order, each patch's channels
 * together; what the model returns) and NCHW ({@link #nchw()}: channel after channel, each a
 * row-major map; what convolutional heads expect). Immutable and thread-safe; the views are
 * read-only and share no state with the caller.
 */
public final class SpatialFeatures {

    private final int gridHeight;
    private final int gridWidth;
    private final int channels;
    private final float[] nlc;

    /**
     * @param gridHeight patch rows, at least 1
     * @param gridWidth patch columns, at least 1
     * @param channels floats per patch, at least 1
     * @param nlc {@code gridHeight × gridWidth × channels} floats in NLC order; copied
     * @throws IllegalArgumentException if a size is not positive or the array length does not match
     */
    public SpatialFeatures(int gridHeight, int gridWidth, int channels, float[] nlc) {
        this(gridHeight, gridWidth, channels, Objects.requireNonNull(nlc, "nlc").clone(), null);
    }

    // The unused last parameter only tells this owning constructor apart from the copying public one.
    private SpatialFeatures(int gridHeight, int gridWidth, int channels, float[] owned, Void ownership) {
        if (gridHeight < 1 || gridWidth < 1 || channels < 1) {
            throw new IllegalArgumentException(
                    "grid and channels must be positive: " + gridHeight + "x" + gridWidth + "x" + channels);
        }
        if ((long) gridHeight * gridWidth * channels != owned.length) {
            throw new IllegalArgumentException("expected " + (long) gridHeight * gridWidth * channels + " floats for "
                    + gridHeight + "x" + gridWidth + "x" + channels + ", got " + owned.length);
        }
        this.gridHeight = gridHeight;
        this.gridWidth = gridWidth;
        this.channels = channels;
        this.nlc = owned;
    }

    /** Takes ownership of an array nobody else holds (no copy); for the encoders. */
    static SpatialFeatures wrap(int gridHeight, int gridWidth, int channels, float[] owned) {
        return new SpatialFeatures(gridHeight, gridWidth, channels, owned, null);
    }

    /** Patch rows (input height / 16). */
    public int gridHeight() {
        return gridHeight;
    }

    /** Patch columns (input width / 16). */
    public int gridWidth() {
        return gridWidth;
    }

    /** Floats per patch (1280 for C-RADIOv4-H). */
    public int channels() {
        return channels;
    }

    /** Number of patches, {@code gridHeight × gridWidth}. */
    public int patches() {
        return gridHeight * gridWidth;
    }

    /** The features in NLC order, shape [patches, channels], as a read-only view (no copy). */
    public FloatBuffer nlc() {
        return FloatBuffer.wrap(nlc).asReadOnlyBuffer();
    }

    /** The features in NCHW order (batch of one dropped), shape [channels, gridHeight, gridWidth]; a new array. */
    public float[] nchw() {
        int patches = patches();
        float[] out = new float[nlc.length];
        for (int p = 0; p < patches; p++) {
            int base = p * channels;
            for (int c = 0; c < channels; c++) {
                out[c * patches + p] = nlc[base + c];
            }
        }
        return out;
    }

    /** The features in NLC order as a new array. */
    public float[] toNlcArray() {
        return nlc.clone();
    }

    /**
     * The feature vector of one patch.
     *
     * @throws IndexOutOfBoundsException if the row or column is outside the grid
     */
    public float[] patch(int row, int column) {
        Objects.checkIndex(row, gridHeight);
        Objects.checkIndex(column, gridWidth);
        float[] out = new float[channels];
        System.arraycopy(nlc, (row * gridWidth + column) * channels, out, 0, channels);
        return out;
    }

    /**
     * One value, at (row, column, channel).
     *
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public float get(int row, int column, int channel) {
        Objects.checkIndex(row, gridHeight);
        Objects.checkIndex(column, gridWidth);
        Objects.checkIndex(channel, channels);
        return nlc[(row * gridWidth + column) * channels + channel];
    }

    @Override
    public String toString() {
        return "SpatialFeatures[" + gridHeight + "x" + gridWidth + " patches, " + channels + " channels]";
    }
}
