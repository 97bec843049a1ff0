package io.radio4j.benchmarks.index;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.lucene.util.VectorUtil;

/**
 * Unit vectors with a low-dimensional latent structure, like real embeddings: {@code x = A z + σ e},
 * normalised, with {@code A} a fixed random {@code dimensions × latent} matrix, {@code z} and
 * {@code e} standard normal. Seeded, so every store in a run sees the same vectors.
 *
 * @param dimensions vector width (1536 for RADIO-CLIP)
 * @param latent the latent dimension (48)
 * @param noise σ, the per-dimension noise relative to the latent signal's unit variance
 */
record SyntheticVectors(int dimensions, int latent, double noise, long seed) {

    /** {@code count} vectors, the {@code stream}-th independent sequence of this model. */
    float[][] generate(int count, int stream) {
        float[][] basis = basis();
        float[][] out = new float[count][];
        IntStream.range(0, count).parallel().forEach(i -> {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + stream * 7_919L + i);
            double[] z = new double[latent];
            for (int j = 0; j < latent; j++) {
                z[j] = gaussian(r);
            }
            float[] x = new float[dimensions];
            for (int d = 0; d < dimensions; d++) {
                double v = noise * gaussian(r);
                float[] row = basis[d];
                for (int j = 0; j < latent; j++) {
                    v += row[j] * z[j];
                }
                x[d] = (float) v;
            }
            out[i] = VectorUtil.l2normalize(x);
        });
        return out;
    }

    private float[][] basis() {
        Random r = new Random(seed);
        float[][] a = new float[dimensions][latent];
        double scale = 1 / Math.sqrt(latent);
        for (float[] row : a) {
            for (int j = 0; j < latent; j++) {
                row[j] = (float) (r.nextGaussian() * scale);
            }
        }
        return a;
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller; one of the pair is enough here
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
