package io.radio4j.tokenbudget.internal;

import io.radio4j.tokenbudget.TtftParameters;

/**
 * Learns {@link TtftParameters} online from measured TTFTs: a Kalman filter on the five parameters
 * (a random walk, so a server that slows down mid-run is tracked), whose measurement row is the
 * request's own features plus those of the work queued ahead of it when it was decided. Its
 * covariance gives each parameter's uncertainty and the uncertainty of any prediction. Parameters
 * are kept non-negative. Not thread-safe: the controller guards it.
 */
public final class OnlineEstimator {

    private static final int N = TtftParameters.SIZE;
    private static final double MIN_NOISE_VAR = 1.0;
    private static final double CLIP_SIGMAS = 5;
    /** Unloaded measurements off by more than this fraction, {@link #SOLO_RUN} times in a row to one side, re-open the model. */
    private static final double SOLO_TOLERANCE = 0.1;

    private static final int SOLO_RUN = 3;

    private final int stepTokens;
    private final double[] theta;
    private final double[][] p;
    private final double[] driftVarPerSecond;
    private final double[] initialVar = new double[N];
    private double noiseVar;
    private int soloRun;
    private int soloSign;
    private long reopened;
    private long lastNanos;
    private boolean started;

    /**
     * @param prior         starting parameters; their {@code stddevMs} (or 50% of each value when
     *                      empty) is the starting uncertainty
     * @param relativeDrift how fast parameters may drift, as a fraction of their starting value per
     *                      √second
     */
    public OnlineEstimator(TtftParameters prior, double relativeDrift) {
        this.stepTokens = prior.stepTokens();
        this.theta = prior.toArray();
        this.p = new double[N][N];
        this.driftVarPerSecond = new double[N];
        double floor = Math.max(1, prior.soloTtftMs(1, 1));
        for (int i = 0; i < N; i++) {
            double sd = prior.stddevMs().isEmpty()
                    ? 0.5 * theta[i]
                    : prior.stddevMs().get(i);
            // Parameters that start at 0 may still grow: give them a scale from the whole TTFT.
            double scale = Math.max(theta[i], floor * 1e-3 / Math.max(1, typicalFeature(i)));
            p[i][i] = Math.max(sd * sd, 1e-4 * scale * scale);
            initialVar[i] = p[i][i];
            double drift = relativeDrift * scale;
            driftVarPerSecond[i] = drift * drift;
        }
        this.noiseVar = 25;
    }

    private static double typicalFeature(int i) {
        return switch (i) {
            case 2 -> 8; // images
            case 3 -> 2_000; // tokens
            default -> 1;
        };
    }

    /**
     * Conditions the parameters on a known TTFT without process noise, e.g. a profile's measured
     * unloaded points, so that the uncertainty of predictions near them is small even when single
     * parameters are loosely known (the card's points fix the sum of latency and engine time, not
     * the split).
     */
    public void condition(double[] h, double ttftMs, double variance) {
        double[] ph = new double[N];
        double hph = 0;
        for (int i = 0; i < N; i++) {
            double s = 0;
            for (int j = 0; j < N; j++) {
                s += p[i][j] * h[j];
            }
            ph[i] = s;
            hph += h[i] * s;
        }
        double s = hph + Math.max(variance, 1e-6);
        double innovation = ttftMs - predict(h);
        for (int i = 0; i < N; i++) {
            theta[i] = Math.max(0, theta[i] + ph[i] / s * innovation);
        }
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                p[i][j] -= ph[i] * ph[j] / s;
            }
        }
    }

    /** Current parameters with their standard deviations. */
    public TtftParameters parameters() {
        double[] sd = new double[N];
        for (int i = 0; i < N; i++) {
            sd[i] = Math.sqrt(Math.max(0, p[i][i]));
        }
        return TtftParameters.of(theta, stepTokens, sd);
    }

    /** Parameter {@code i} in {@link TtftParameters#NAMES} order. */
    public double theta(int i) {
        return theta[i];
    }

    /** {@code h · θ}. */
    public double predict(double[] h) {
        double s = 0;
        for (int i = 0; i < N; i++) {
            s += h[i] * theta[i];
        }
        return s;
    }

    /** Variance of {@code h · θ} from the parameters' uncertainty, ms². */
    public double predictionVariance(double[] h) {
        double s = 0;
        for (int i = 0; i < N; i++) {
            double row = 0;
            for (int j = 0; j < N; j++) {
                row += p[i][j] * h[j];
            }
            s += h[i] * row;
        }
        return Math.max(0, s);
    }

    /** How often persistent unloaded errors re-opened the model's uncertainty. */
    public long reopened() {
        return reopened;
    }

    /** Standard deviation of a single measurement around the model, as learned, ms. */
    public double noiseStddev() {
        return Math.sqrt(noiseVar);
    }

    /** Learns from one TTFT whose measurement row is {@code h}. */
    public void update(double[] h, double measuredMs, long nowNanos) {
        if (started) {
            double dt = Math.max(0, (nowNanos - lastNanos) / 1e9);
            for (int i = 0; i < N; i++) {
                p[i][i] += driftVarPerSecond[i] * dt;
            }
        }
        started = true;
        lastNanos = nowNanos;
        double[] ph = new double[N];
        for (int i = 0; i < N; i++) {
            double s = 0;
            for (int j = 0; j < N; j++) {
                s += p[i][j] * h[j];
            }
            ph[i] = s;
        }
        double hph = 0;
        for (int i = 0; i < N; i++) {
            hph += h[i] * ph[i];
        }
        double r = Math.max(noiseVar, MIN_NOISE_VAR);
        double s = hph + r;
        double innovation = measuredMs - predict(h);
        // Outliers move the parameters by a bounded step; the noise estimate still sees them.
        double bound = CLIP_SIGMAS * Math.sqrt(s);
        double used = Math.clamp(innovation, -bound, bound);
        for (int i = 0; i < N; i++) {
            theta[i] = Math.max(0, theta[i] + ph[i] / s * used);
        }
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                p[i][j] -= ph[i] * ph[j] / s;
            }
        }
        for (int i = 0; i < N; i++) {
            p[i][i] = Math.max(p[i][i], 1e-12);
        }
        // A request that found the queue empty measures latency + its own engine time directly. When
        // such measurements keep missing to one side, the model is confidently wrong (the server
        // changed, or an overload taught it a wrong split): re-open the uncertainty so the next
        // measurements move it all the way, instead of by the drift allowance.
        if (h[1] < 1.5) {
            boolean off = Math.abs(innovation) > SOLO_TOLERANCE * measuredMs;
            int sign = off ? (int) Math.signum(innovation) : 0;
            soloRun = sign != 0 && sign == soloSign ? soloRun + 1 : (sign != 0 ? 1 : 0);
            soloSign = sign;
            if (soloRun >= SOLO_RUN) {
                p[0][0] = Math.max(p[0][0], innovation * innovation);
                for (int i = 1; i < N; i++) {
                    p[i][i] = Math.max(p[i][i], initialVar[i]);
                }
                soloRun = 0;
                reopened++;
            }
        }
        double resid = innovation * innovation - hph;
        noiseVar = Math.max(MIN_NOISE_VAR, 0.98 * noiseVar + 0.02 * Math.min(resid, 100 * noiseVar + 1));
    }
}
