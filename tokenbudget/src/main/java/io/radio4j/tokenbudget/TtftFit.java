package io.radio4j.tokenbudget;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits {@link TtftParameters} to measurements by weighted, non-negative least squares with a weak
 * prior, and reports each parameter's standard deviation and the fit error at every point.
 *
 * <p>Measurements are {@link CalibrationPoint}s: a request shape (images, visual tokens per image,
 * text tokens) sent by {@code concurrency} clients in a closed loop (each client sends its next
 * request when the previous one's first token arrives, so a request's lifetime is its TTFT). With
 * one client the TTFT is {@code latency + engine}. With {@code c} clients the engine is the
 * bottleneck once {@code c · queuedEngine ≥ latency + engine}, and then, by Little's law,
 * {@code TTFT = c · queuedEngine}. So each point gives one linear equation in the parameters, once
 * it is known which regime it is in; the fit alternates between assigning regimes with the current
 * parameters and solving, until the assignment is stable. Points measured at concurrency 1 alone
 * cannot tell pipelined latency from engine time: include a few saturated points (high concurrency),
 * or the split follows the prior.
 */
public final class TtftFit {

    /**
     * One calibration measurement.
     *
     * @param images         images per request
     * @param tokensPerImage visual tokens per image
     * @param textTokens     text tokens per request
     * @param concurrency    closed-loop clients, at least 1
     * @param ttftMs         measured TTFT (a median or mean over the point's requests)
     * @param requests       requests behind the measurement (a weight), at least 1
     */
    public record CalibrationPoint(
            int images, int tokensPerImage, int textTokens, int concurrency, double ttftMs, int requests) {
        /** @throws ProfileException if a value is out of range */
        public CalibrationPoint {
            if (images < 0
                    || tokensPerImage < 0
                    || textTokens < 0
                    || concurrency < 1
                    || requests < 1
                    || !(ttftMs > 0)
                    || !Double.isFinite(ttftMs)) {
                throw new ProfileException("calibration point needs images, tokens ≥ 0, concurrency and requests ≥ 1 "
                        + "and a positive TTFT; got " + this);
            }
        }

        /** Visual plus text tokens of one request. */
        public int totalTokens() {
            return images * tokensPerImage + textTokens;
        }
    }

    /**
     * The fit error at one point.
     *
     * @param point       the measurement
     * @param predictedMs the fitted model's TTFT for it
     * @param saturated   whether the model puts it in the engine-bound regime
     */
    public record PointError(CalibrationPoint point, double predictedMs, boolean saturated) {
        /** Predicted minus measured, ms. */
        public double errorMs() {
            return predictedMs - point.ttftMs();
        }

        /** Error relative to the measurement. */
        public double relativeError() {
            return errorMs() / point.ttftMs();
        }
    }

    /**
     * A fit.
     *
     * @param parameters the fitted parameters, with standard deviations
     * @param errors     the fit error at every point, in input order
     * @param rmsMs      root-mean-square error over the points
     */
    public record Result(TtftParameters parameters, List<PointError> errors, double rmsMs) {}

    private static final double INITIAL_RELATIVE_VARIANCE = 1e-3;

    private final int stepTokens;
    private final double[] priorMean;
    private final double[] priorStddev;

    /**
     * @param stepTokens  tokens per prefill step of the server (vLLM's {@code max_num_batched_tokens})
     * @param prior       prior parameter values (their standard deviations in {@code prior.stddevMs()}
     *                    set how strongly they pull; empty means each value itself, i.e. weak)
     */
    public TtftFit(int stepTokens, TtftParameters prior) {
        this.stepTokens = stepTokens;
        this.priorMean = prior.toArray();
        this.priorStddev = new double[TtftParameters.SIZE];
        for (int i = 0; i < priorStddev.length; i++) {
            double sd =
                    prior.stddevMs().isEmpty() ? priorMean[i] : prior.stddevMs().get(i);
            priorStddev[i] = Math.max(sd, 1e-6);
        }
    }

    /** Fits {@code points}. @throws ProfileException if there are no points */
    public Result fit(List<CalibrationPoint> points) {
        if (points.isEmpty()) {
            throw new ProfileException("no calibration points to fit");
        }
        TtftParameters current = TtftParameters.of(priorMean, stepTokens, null);
        boolean[] saturated = new boolean[points.size()];
        double[] theta = priorMean.clone();
        double[][] cov = new double[TtftParameters.SIZE][TtftParameters.SIZE];
        for (int iteration = 0; iteration < 20; iteration++) {
            boolean changed = iteration == 0;
            for (int i = 0; i < points.size(); i++) {
                boolean s = isSaturated(current, points.get(i));
                changed |= s != saturated[i];
                saturated[i] = s;
            }
            if (!changed) {
                break;
            }
            Solution sol = solve(points, saturated, INITIAL_RELATIVE_VARIANCE);
            theta = sol.theta;
            current = TtftParameters.of(theta, stepTokens, null);
        }
        // Once more with the measured noise, so the prior and the data are weighed correctly.
        Solution last = solve(points, saturated, INITIAL_RELATIVE_VARIANCE);
        last = solve(points, saturated, Math.max(last.relativeVariance, 1e-6));
        theta = last.theta;
        cov = last.covariance;
        double[] sd = new double[TtftParameters.SIZE];
        for (int i = 0; i < sd.length; i++) {
            sd[i] = Math.sqrt(Math.max(0, cov[i][i]));
        }
        TtftParameters fitted = TtftParameters.of(theta, stepTokens, sd);
        List<PointError> errors = new ArrayList<>();
        double sq = 0;
        for (CalibrationPoint p : points) {
            boolean s = isSaturated(fitted, p);
            double predicted = predict(fitted, p);
            errors.add(new PointError(p, predicted, s));
            sq += (predicted - p.ttftMs()) * (predicted - p.ttftMs());
        }
        return new Result(fitted, List.copyOf(errors), Math.sqrt(sq / points.size()));
    }

    /** The model's TTFT for a closed-loop point: the larger of the unloaded and the engine-bound value. */
    public static double predict(TtftParameters p, CalibrationPoint point) {
        return Math.max(
                p.soloTtftMs(point.images(), point.totalTokens()),
                point.concurrency() * p.queuedEngineMs(point.images(), point.totalTokens()));
    }

    private static boolean isSaturated(TtftParameters p, CalibrationPoint point) {
        return point.concurrency() > 1
                && point.concurrency() * p.queuedEngineMs(point.images(), point.totalTokens())
                        > p.soloTtftMs(point.images(), point.totalTokens());
    }

    private double[] row(CalibrationPoint p, boolean saturated) {
        int t = p.totalTokens();
        if (saturated) {
            double c = p.concurrency();
            return new double[] {0, c, c * p.images(), c * t, 0};
        }
        return new double[] {1, 1, p.images(), t, Math.max(0, (t - 1) / stepTokens)};
    }

    private record Solution(double[] theta, double[][] covariance, double relativeVariance) {}

    private Solution solve(List<CalibrationPoint> points, boolean[] saturated, double relativeVariance) {
        int n = TtftParameters.SIZE;
        boolean[] active = new boolean[n];
        java.util.Arrays.fill(active, true);
        double[] theta = new double[n];
        double[][] inverse = new double[n][n];
        double rss = 0;
        // Non-negative least squares by dropping parameters that come out negative, one at a time.
        for (int attempt = 0; attempt <= n; attempt++) {
            double[][] a = new double[n][n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                double w = 1 / (priorStddev[i] * priorStddev[i]);
                a[i][i] += w;
                b[i] += w * priorMean[i];
            }
            for (int k = 0; k < points.size(); k++) {
                CalibrationPoint p = points.get(k);
                double[] x = row(p, saturated[k]);
                // Relative errors: weight by the request count over the squared measurement.
                double w = p.requests() / (p.ttftMs() * p.ttftMs() * relativeVariance);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        a[i][j] += w * x[i] * x[j];
                    }
                    b[i] += w * x[i] * p.ttftMs();
                }
            }
            for (int i = 0; i < n; i++) {
                if (!active[i]) {
                    for (int j = 0; j < n; j++) {
                        a[i][j] = 0;
                        a[j][i] = 0;
                    }
                    a[i][i] = 1;
                    b[i] = 0;
                }
            }
            inverse = Linear.invert(a);
            theta = Linear.multiply(inverse, b);
            int worst = -1;
            for (int i = 0; i < n; i++) {
                if (active[i] && theta[i] < 0 && (worst < 0 || theta[i] < theta[worst])) {
                    worst = i;
                }
            }
            if (worst < 0) {
                break;
            }
            active[worst] = false;
        }
        for (int i = 0; i < n; i++) {
            theta[i] = Math.max(0, theta[i]);
        }
        // Scale the (relative-error) covariance by the residual variance of the weighted fit.
        int m = 0;
        for (int k = 0; k < points.size(); k++) {
            CalibrationPoint p = points.get(k);
            double[] x = row(p, saturated[k]);
            double pred = 0;
            for (int i = 0; i < n; i++) {
                pred += x[i] * theta[i];
            }
            double r = (pred - p.ttftMs()) / p.ttftMs();
            rss += p.requests() * r * r;
            m++;
        }
        // Weighted least squares with the request counts as relative weights: the residual variance
        // per unit weight, over the points' degrees of freedom (points may be medians of many requests
        // and still vary from run to run).
        double sigma2 = m > n ? rss / (m - n) : relativeVariance;
        double[][] cov = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cov[i][j] = active[i] && active[j] ? inverse[i][j] : 0;
            }
        }
        return new Solution(theta, cov, sigma2);
    }

    /** Small dense linear algebra for the fit and the online estimator. */
    static final class Linear {
        private Linear() {}

        static double[][] invert(double[][] m) {
            int n = m.length;
            double[][] a = new double[n][2 * n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(m[i], 0, a[i], 0, n);
                a[i][n + i] = 1;
            }
            for (int c = 0; c < n; c++) {
                int pivot = c;
                for (int r = c + 1; r < n; r++) {
                    if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                        pivot = r;
                    }
                }
                double[] tmp = a[c];
                a[c] = a[pivot];
                a[pivot] = tmp;
                double d = a[c][c];
                if (Math.abs(d) < 1e-300) {
                    throw new ProfileException("calibration points do not determine the parameters (singular system)");
                }
                for (int j = 0; j < 2 * n; j++) {
                    a[c][j] /= d;
                }
                for (int r = 0; r < n; r++) {
                    if (r != c && a[r][c] != 0) {
                        double f = a[r][c];
                        for (int j = 0; j < 2 * n; j++) {
                            a[r][j] -= f * a[c][j];
                        }
                    }
                }
            }
            double[][] inv = new double[n][n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(a[i], n, inv[i], 0, n);
            }
            return inv;
        }

        static double[] multiply(double[][] m, double[] v) {
            double[] out = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                double s = 0;
                for (int j = 0; j < v.length; j++) {
                    s += m[i][j] * v[j];
                }
                out[i] = s;
            }
            return out;
        }
    }
}
