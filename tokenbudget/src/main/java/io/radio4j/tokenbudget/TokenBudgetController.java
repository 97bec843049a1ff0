package io.radio4j.tokenbudget;

import io.radio4j.tokenbudget.internal.DecayingMargin;
import io.radio4j.tokenbudget.internal.HullGreedyAllocator;
import io.radio4j.tokenbudget.internal.MeasuredPointsAllocator;
import io.radio4j.tokenbudget.internal.OnlineEstimator;
import io.radio4j.tokenbudget.internal.TokenAllocator;
import io.radio4j.tokenbudget.internal.VirtualQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Chooses RADIO1D tokens per image for each VLM request so that its time to first token meets a
 * target at a quantile, at the best expected accuracy; learns the server from measured TTFTs.
 *
 * <p>Call {@link #decide} before sending a request and {@link #observe} with the TTFT it measured.
 * A decision combines:
 * <ol>
 *   <li>a <b>TTFT model</b> ({@link TtftParameters}): queueing + pipelined latency + engine work with
 *       per-request, per-image, per-token and per-prefill-step costs. The work admitted and not yet
 *       done is kept as summed features ({@code VirtualQueue}), so a decision is O(1) in the queue
 *       length (plus O(log tokens) to find the largest prompt that fits). The parameters start from
 *       the profile (a calibration fit, or the model card's table) and are learned online from
 *       every observed TTFT by a Kalman filter that tracks drift and reports each parameter's
 *       uncertainty;</li>
 *   <li>a <b>margin</b>: the request's quantile of the prediction errors of the last
 *       {@code marginWindow} (so it decays when errors stop coming), bounded by
 *       {@code maxMarginMs} and {@code maxMarginFraction} of the target; before enough errors are
 *       known, the initial margin or the model's own predictive spread, whichever is larger;</li>
 *   <li>an <b>allocator</b>: the largest prompt whose predicted TTFT + margin meets the target
 *       (capped by the request's {@code maxTotalTokens}) is split over the images by marginal utility
 *       on the task classes' hull curves, never below a class floor.</li>
 * </ol>
 *
 * <p><b>Shedding state machine</b> (only with {@code shedUnreachable(true)}; otherwise requests whose
 * floors miss the target are sent at the floors with {@link DecisionReason#TARGET_UNREACHABLE}):
 * <ul>
 *   <li>a request whose floors miss its target with the margin but not without it (more likely to
 *       meet it than not) is sent at the floors ({@link DecisionReason#TARGET_UNREACHABLE}); in
 *       SHEDDING this needs the floors to meet it with half the margin (hysteresis);</li>
 *   <li>ADMITTING → SHEDDING when a request's floors miss its target even without the margin: the
 *       request is {@link DecisionReason#SHED};</li>
 *   <li>in SHEDDING, a request whose floors meet its target is admitted (→ ADMITTING); otherwise one
 *       request per {@code probeInterval} is sent at the floors as a {@link DecisionReason#PROBE}
 *       and the rest are shed.</li>
 * </ul>
 * Nothing that makes the floors miss is permanent without new evidence: the queue model drains
 * with time, the margin forgets errors older than its window and is bounded, and probes keep
 * feeding the parameter estimator with current measurements. So once the load falls, the
 * controller admits again within about max(queue drain, probe interval, margin window).
 *
 * <p>The queue model assumes the controller sees every request of the server it schedules for;
 * traffic it does not see is learned as slower engine parameters. Memory is bounded. Thread-safe:
 * {@code decide} and {@code observe} hold one short lock.
 */
public final class TokenBudgetController {

    /** Default time window of the errors behind the margin. */
    public static final Duration DEFAULT_MARGIN_WINDOW = Duration.ofSeconds(10);
    /** Default most errors kept for the margin. */
    public static final int DEFAULT_RESIDUAL_WINDOW = 256;
    /** Default margin (ms) before enough errors are known. */
    public static final double DEFAULT_INITIAL_MARGIN_MS = 20;
    /** Default largest margin, ms. */
    public static final double DEFAULT_MAX_MARGIN_MS = 150;
    /** Default largest margin as a fraction of the request's target. */
    public static final double DEFAULT_MAX_MARGIN_FRACTION = 0.25;
    /**
     * Share of the quantile's allowed misses the margin aims at: the margin is the
     * {@code 1 − (1 − q) · this} quantile of recent errors (p95 for a p90 target), because errors
     * are measured late and drift between a decision and its outcome.
     */
    public static final double DEFAULT_MISS_SHARE_AIMED = 0.5;
    /** Default time between probes while shedding. */
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMillis(500);
    /** Default drift of the model's parameters, as a fraction of their value per √second. */
    public static final double DEFAULT_PARAMETER_DRIFT = 0.02;
    /** Default most images a request may carry. */
    public static final int DEFAULT_MAX_IMAGES = 1024;
    /** Default most text tokens a request may carry. */
    public static final int DEFAULT_MAX_TEXT_TOKENS = 1 << 20;
    /** Default most queued requests the queue model accepts before it treats every target as unreachable. */
    public static final int DEFAULT_MAX_QUEUED = 10_000;

    private static final int RING = 1 << 14;
    private static final int N = TtftParameters.SIZE;

    private final CalibrationProfile profile;
    private final List<String> classNames;
    private final Map<String, Integer> classIndex;
    private final List<TaskClassCurve> curves;
    private final TokenAllocator allocator;
    private final LongSupplier clock;
    private final double initialMarginMs;
    private final double maxMarginMs;
    private final double maxMarginFraction;
    private final long probeIntervalNanos;
    private final int maxImages;
    private final int maxTextTokens;
    private final int maxQueued;
    private final boolean shedUnreachable;
    private final int stepTokens;

    private final ReentrantLock lock = new ReentrantLock();
    private final OnlineEstimator estimator;
    private final VirtualQueue queue = new VirtualQueue();
    private final DecayingMargin margin;
    private final double[] scratchQueue = new double[N];
    private final double[] scratchRow = new double[N];
    // Per recent decision: its measurement row (queue ahead + own features) and predicted mean TTFT.
    private final long[] ringSequence = new long[RING];
    private final double[] ringRow = new double[RING * N];
    private final double[] ringPredicted = new double[RING];
    private long sequence;
    private long observations;
    private long shedCount;
    private long probeCount;
    private boolean shedding;
    private long lastProbeNanos;
    private int lastLevel = TaskClassCurve.MAX_TOKENS;
    private double lastMarginMs;
    private double lastQuantile = BudgetRequest.DEFAULT_QUANTILE;

    private TokenBudgetController(Builder b) {
        this.profile = b.profile == null ? CalibrationProfile.defaultProfile() : b.profile;
        this.clock = b.clock == null ? System::nanoTime : b.clock;
        this.classNames = List.copyOf(profile.classes().keySet());
        this.classIndex = new HashMap<>();
        List<TaskClassCurve> cs = new ArrayList<>();
        for (String name : classNames) {
            TaskClassCurve curve = profile.classes().get(name);
            Integer floor = b.floors.get(name);
            cs.add(floor == null ? curve : curve.withFloor(floor));
            classIndex.put(name, classIndex.size());
        }
        for (String name : b.floors.keySet()) {
            if (!classIndex.containsKey(name)) {
                throw new TokenBudgetException(
                        "floor given for unknown task class '" + name + "'; the profile has " + classNames);
            }
        }
        this.curves = List.copyOf(cs);
        AllocationMode mode = b.allocationMode == null ? AllocationMode.HULL_GREEDY : b.allocationMode;
        this.allocator = mode == AllocationMode.HULL_GREEDY
                ? new HullGreedyAllocator(curves)
                : new MeasuredPointsAllocator(curves);
        this.initialMarginMs = b.initialMarginMs == null ? DEFAULT_INITIAL_MARGIN_MS : b.initialMarginMs;
        this.maxMarginMs = b.maxMarginMs == null ? DEFAULT_MAX_MARGIN_MS : b.maxMarginMs;
        this.maxMarginFraction = b.maxMarginFraction == null ? DEFAULT_MAX_MARGIN_FRACTION : b.maxMarginFraction;
        this.maxImages = b.maxImages == null ? DEFAULT_MAX_IMAGES : b.maxImages;
        this.maxTextTokens = b.maxTextTokens == null ? DEFAULT_MAX_TEXT_TOKENS : b.maxTextTokens;
        this.maxQueued = b.maxQueued == null ? DEFAULT_MAX_QUEUED : b.maxQueued;
        this.shedUnreachable = b.shedUnreachable;
        Duration window = b.marginWindow == null ? DEFAULT_MARGIN_WINDOW : b.marginWindow;
        Duration probe = b.probeInterval == null ? DEFAULT_PROBE_INTERVAL : b.probeInterval;
        int residuals = b.residualWindow == null ? DEFAULT_RESIDUAL_WINDOW : b.residualWindow;
        double drift = b.parameterDrift == null ? DEFAULT_PARAMETER_DRIFT : b.parameterDrift;
        if (!(initialMarginMs >= 0)
                || !(maxMarginMs >= 0)
                || !(maxMarginFraction >= 0 && maxMarginFraction <= 1)
                || maxImages < 1
                || maxTextTokens < 0
                || maxQueued < 1
                || window.isNegative()
                || window.isZero()
                || probe.isNegative()
                || residuals < DecayingMargin.MIN_ERRORS
                || !(drift >= 0)
                || Double.isInfinite(drift)) {
            throw new TokenBudgetException("invalid controller setting: margins ≥ 0, 0 ≤ maxMarginFraction ≤ 1, "
                    + "maxImages, maxQueued ≥ 1, maxTextTokens ≥ 0, a positive margin window, a non-negative probe "
                    + "interval, residualWindow ≥ " + DecayingMargin.MIN_ERRORS
                    + " and a finite drift ≥ 0 are required");
        }
        this.probeIntervalNanos = probe.toNanos();
        this.margin = new DecayingMargin(residuals, window.toNanos());
        TtftParameters start = b.parameters == null ? profile.ttftParameters() : b.parameters;
        this.stepTokens = start.stepTokens();
        this.estimator = new OnlineEstimator(start, drift);
        // The profile's unloaded points pin down what they measured (the sum of latency and engine
        // time at the reference shape), leaving the split to be learned.
        for (ServicePoint point : profile.serviceTime().points()) {
            double sd = 0.01 * point.ttftMs();
            estimator.condition(
                    start.soloFeatures(profile.referenceImages(), point.totalTokens()),
                    start.soloTtftMs(profile.referenceImages(), point.totalTokens()),
                    sd * sd);
        }
        this.lastProbeNanos = clock.getAsLong();
    }

    /** A builder; every setting has a default, so {@code builder().build()} works. */
    public static Builder builder() {
        return new Builder();
    }

    /** The calibration profile in use. */
    public CalibrationProfile profile() {
        return profile;
    }

    /**
     * Tokens per image for {@code request}, and the TTFT and accuracy the controller expects.
     * The decision counts as sent (it joins the queue model) unless it is not admitted.
     *
     * @throws BudgetRequestException if the request has more images or text tokens than the
     *                                 configured limits
     * @throws TokenBudgetException    if an image names a task class the profile lacks
     */
    public BudgetDecision decide(BudgetRequest request) {
        int n = request.images();
        if (n > maxImages) {
            throw new BudgetRequestException(
                    "request has " + n + " images; the limit is " + maxImages + " (maxImages)");
        }
        if (request.textTokens() > maxTextTokens) {
            throw new BudgetRequestException("request has " + request.textTokens() + " text tokens; the limit is "
                    + maxTextTokens + " (maxTextTokens)");
        }
        int[] cls = new int[n];
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = request.classOf(i);
            Integer idx = classIndex.get(name == null ? profile.defaultClass() : name);
            if (idx == null) {
                throw new TokenBudgetException(
                        "unknown task class '" + name + "' for image " + i + "; the profile has " + classNames);
            }
            cls[i] = idx;
            names.add(classNames.get(idx));
        }
        int maxUseful = 0;
        for (int c : cls) {
            maxUseful += curves.get(c).maxTokens();
        }
        int floorSum = allocator.floorSum(cls);
        double q = request.quantile();
        int text = request.textTokens();
        double target = request.ttftTargetMs();
        lock.lock();
        try {
            long now = clock.getAsLong();
            queue.drain(now, estimator);
            queue.features(scratchQueue);
            double waitMs = queue.backlogMs(estimator);
            int minT = text + floorSum;
            long capT = request.maxTotalTokens() == null ? Long.MAX_VALUE : (long) text + request.maxTotalTokens();
            int maxT = (int) Math.max(minT, Math.min((long) text + maxUseful, capT));
            double marginMs = marginMs(1 - (1 - q) * DEFAULT_MISS_SHARE_AIMED, target, now, n, minT);
            boolean full = queue.requests() >= maxQueued;
            int fitT = full ? minT - 1 : largestWithin(n, minT, maxT, target - waitMs - marginMs);
            DecisionReason reason;
            int chosenT;
            if (fitT < minT) {
                chosenT = minT;
                // Shed only when even the floors are more likely to miss than to meet the target; once
                // shedding, leave only when they meet it with half the margin (hysteresis).
                double slack = shedding ? marginMs / 2 : 0;
                boolean likelyMiss = full || largestWithin(n, minT, maxT, target - waitMs - slack) < minT;
                if (!shedUnreachable || !likelyMiss) {
                    reason = DecisionReason.TARGET_UNREACHABLE;
                } else if (!shedding) {
                    shedding = true;
                    lastProbeNanos = now;
                    reason = DecisionReason.SHED;
                } else if (now - lastProbeNanos >= probeIntervalNanos && !full) {
                    lastProbeNanos = now;
                    reason = DecisionReason.PROBE;
                } else {
                    reason = DecisionReason.SHED;
                }
            } else {
                shedding = false;
                if (fitT >= maxT) {
                    chosenT = maxT;
                    reason = maxT - text >= maxUseful ? DecisionReason.FULL_QUALITY : DecisionReason.TOKEN_CAP;
                } else {
                    chosenT = fitT;
                    reason = DecisionReason.TTFT_TARGET;
                }
            }
            int[] k = allocator.allocate(cls, Math.max(chosenT - text, floorSum));
            int visual = 0;
            double accuracy = 0;
            List<Integer> tokens = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                visual += k[i];
                accuracy += curves.get(cls[i]).accuracyAt(k[i]);
                tokens.add(k[i]);
            }
            int total = visual + text;
            double ownMs = ownMs(n, total);
            double latency = estimator.theta(0);
            double mean = waitMs + ownMs + latency;
            boolean admitted = reason != DecisionReason.SHED;
            long seq = ++sequence;
            int level = Math.clamp((chosenT - text) / n, TaskClassCurve.MIN_TOKENS, TaskClassCurve.MAX_TOKENS);
            if (admitted) {
                int slot = (int) (seq & (RING - 1));
                ringSequence[slot] = seq;
                int base = slot * N;
                ringRow[base] = 1;
                ringRow[base + 1] = scratchQueue[1] + 1;
                ringRow[base + 2] = scratchQueue[2] + n;
                ringRow[base + 3] = scratchQueue[3] + total;
                ringRow[base + 4] = stepsOf(total);
                ringPredicted[slot] = mean;
                queue.admit(n, total, stepTokens);
                if (reason == DecisionReason.PROBE) {
                    probeCount++;
                }
            } else {
                shedCount++;
            }
            lastLevel = level;
            lastMarginMs = marginMs;
            lastQuantile = q;
            return new BudgetDecision(
                    tokens,
                    names,
                    text,
                    target,
                    q,
                    mean + marginMs,
                    waitMs,
                    ownMs + latency,
                    marginMs,
                    accuracy / n,
                    reason,
                    admitted,
                    level,
                    now,
                    seq);
        } finally {
            lock.unlock();
        }
    }

    private int stepsOf(int tokens) {
        return Math.max(0, (tokens - 1) / stepTokens);
    }

    /** Engine time of a request of {@code tokens} alone (the last of the queue: its own steps). */
    private double ownMs(int images, int tokens) {
        return estimator.theta(1)
                + estimator.theta(2) * images
                + estimator.theta(3) * tokens
                + estimator.theta(4) * stepsOf(tokens);
    }

    /** Largest prompt in [minT, maxT] whose latency + own engine time fits {@code budgetMs}; minT − 1 if none. */
    private int largestWithin(int images, int minT, int maxT, double budgetMs) {
        double latency = estimator.theta(0);
        if (latency + ownMs(images, minT) > budgetMs) {
            return minT - 1;
        }
        int lo = minT;
        int hi = maxT;
        if (latency + ownMs(images, hi) <= budgetMs) {
            return hi;
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (latency + ownMs(images, mid) <= budgetMs) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private double marginMs(double q, double target, long now, int images, int tokens) {
        double bound = Math.min(maxMarginMs, maxMarginFraction * target);
        double empirical = margin.quantile(q, now);
        double m;
        if (Double.isNaN(empirical)) {
            // Too few recent errors: the model's own spread at this quantile, or the initial margin.
            scratchRow[0] = 1;
            scratchRow[1] = scratchQueue[1] + 1;
            scratchRow[2] = scratchQueue[2] + images;
            scratchRow[3] = scratchQueue[3] + tokens;
            scratchRow[4] = stepsOf(tokens);
            double sd = Math.sqrt(estimator.predictionVariance(scratchRow) + Math.pow(estimator.noiseStddev(), 2));
            m = Math.max(initialMarginMs, normalQuantile(q) * sd);
        } else {
            m = empirical;
        }
        return Math.clamp(m, 0, bound);
    }

    /** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9 after the last step's omission ~1e-4). */
    static double normalQuantile(double p) {
        double[] a = {
            -39.69683028665376,
            220.9460984245205,
            -275.9285104469687,
            138.3577518672690,
            -30.66479806614716,
            2.506628277459239
        };
        double[] b = {-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572};
        double[] c = {
            -0.007784894002430293,
            -0.3223964580411365,
            -2.400758277161838,
            -2.549732539343734,
            4.374664141464968,
            2.938163982698783
        };
        double[] d = {0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416};
        double lowP = 0.02425;
        if (p < lowP) {
            double x = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * x + c[1]) * x + c[2]) * x + c[3]) * x + c[4]) * x + c[5])
                    / ((((d[0] * x + d[1]) * x + d[2]) * x + d[3]) * x + 1);
        }
        if (p > 1 - lowP) {
            return -normalQuantile(1 - p);
        }
        double x = p - 0.5;
        double r = x * x;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
                * x
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    /**
     * Feeds back the TTFT measured for a decision this controller made: the parameter estimator
     * learns from it (with the queue the decision saw) and its error joins the margin's window.
     * Decisions that were not admitted are ignored.
     *
     * @param measuredTtftMs time from sending the request to its first token, in milliseconds
     * @throws BudgetRequestException if the TTFT is negative or not finite, or the decision is dated
     *                                 after the controller's clock (it came from another controller)
     */
    public void observe(BudgetDecision decision, double measuredTtftMs) {
        if (!Double.isFinite(measuredTtftMs) || measuredTtftMs < 0) {
            throw new BudgetRequestException("measured TTFT must be a finite number of ms ≥ 0, got " + measuredTtftMs);
        }
        if (!decision.admitted()) {
            return;
        }
        lock.lock();
        try {
            long now = clock.getAsLong();
            if (decision.decidedAtNanos() - now > 0) {
                throw new BudgetRequestException("decision " + decision.sequence()
                        + " is dated after this controller's clock; was it made by another controller?");
            }
            observations++;
            int slot = (int) (decision.sequence() & (RING - 1));
            double predicted = decision.predictedTtftMs() - decision.marginMs();
            if (ringSequence[slot] == decision.sequence()) {
                System.arraycopy(ringRow, slot * N, scratchRow, 0, N);
                predicted = ringPredicted[slot];
                estimator.update(scratchRow, measuredTtftMs, now);
            }
            margin.add(now, measuredTtftMs - predicted);
        } finally {
            lock.unlock();
        }
    }

    /** What the controller has learned so far. */
    public ControllerState state() {
        lock.lock();
        try {
            long now = clock.getAsLong();
            queue.drain(now, estimator);
            return new ControllerState(
                    shedding,
                    lastLevel,
                    queue.backlogMs(estimator),
                    queue.requests(),
                    lastMarginMs,
                    estimator.parameters(),
                    estimator.noiseStddev(),
                    sequence,
                    observations,
                    shedCount,
                    probeCount);
        } finally {
            lock.unlock();
        }
    }

    /** Builds a {@link TokenBudgetController}; not thread-safe. Unset values take the documented defaults. */
    public static final class Builder {
        private CalibrationProfile profile;
        private TtftParameters parameters;
        private LongSupplier clock;
        private AllocationMode allocationMode;
        private final Map<String, Integer> floors = new HashMap<>();
        private Duration marginWindow;
        private Integer residualWindow;
        private Double initialMarginMs;
        private Double maxMarginMs;
        private Double maxMarginFraction;
        private Duration probeInterval;
        private Double parameterDrift;
        private Integer maxImages;
        private Integer maxTextTokens;
        private Integer maxQueued;
        private boolean shedUnreachable;

        private Builder() {}

        /** Calibration profile (default {@link CalibrationProfile#defaultProfile()}). */
        public Builder profile(CalibrationProfile profile) {
            this.profile = profile;
            return this;
        }

        /** Starting TTFT model, overriding the profile's {@link CalibrationProfile#ttftParameters()}. */
        public Builder ttftParameters(TtftParameters parameters) {
            this.parameters = parameters;
            return this;
        }

        /** Monotonic clock in nanoseconds (default {@code System::nanoTime}); a simulator passes its own. */
        public Builder clock(LongSupplier nanoClock) {
            this.clock = nanoClock;
            return this;
        }

        /** How budgets are split over images (default {@link AllocationMode#HULL_GREEDY}). */
        public Builder allocationMode(AllocationMode mode) {
            this.allocationMode = mode;
            return this;
        }

        /** Fewest tokens per image of {@code taskClass}, overriding the profile's floor. */
        public Builder floor(String taskClass, int tokens) {
            this.floors.put(taskClass, tokens);
            return this;
        }

        /** Age past which prediction errors stop counting for the margin (default {@link #DEFAULT_MARGIN_WINDOW}). */
        public Builder marginWindow(Duration marginWindow) {
            this.marginWindow = marginWindow;
            return this;
        }

        /** Most recent errors kept for the margin (default {@value #DEFAULT_RESIDUAL_WINDOW}, at least 16). */
        public Builder residualWindow(int residualWindow) {
            this.residualWindow = residualWindow;
            return this;
        }

        /** Margin before enough errors are known, ms (default {@value #DEFAULT_INITIAL_MARGIN_MS}). */
        public Builder initialMarginMs(double initialMarginMs) {
            this.initialMarginMs = initialMarginMs;
            return this;
        }

        /** Largest margin, ms (default {@value #DEFAULT_MAX_MARGIN_MS}). */
        public Builder maxMarginMs(double maxMarginMs) {
            this.maxMarginMs = maxMarginMs;
            return this;
        }

        /** Largest margin as a fraction of the target, in [0, 1] (default {@value #DEFAULT_MAX_MARGIN_FRACTION}). */
        public Builder maxMarginFraction(double maxMarginFraction) {
            this.maxMarginFraction = maxMarginFraction;
            return this;
        }

        /** Time between probes while shedding (default {@link #DEFAULT_PROBE_INTERVAL}). */
        public Builder probeInterval(Duration probeInterval) {
            this.probeInterval = probeInterval;
            return this;
        }

        /** Parameter drift per √second, as a fraction of each value (default {@value #DEFAULT_PARAMETER_DRIFT}). */
        public Builder parameterDrift(double parameterDrift) {
            this.parameterDrift = parameterDrift;
            return this;
        }

        /** Most images per request (default {@value #DEFAULT_MAX_IMAGES}). */
        public Builder maxImages(int maxImages) {
            this.maxImages = maxImages;
            return this;
        }

        /** Most text tokens per request (default {@value #DEFAULT_MAX_TEXT_TOKENS}). */
        public Builder maxTextTokens(int maxTextTokens) {
            this.maxTextTokens = maxTextTokens;
            return this;
        }

        /**
         * Most queued requests the queue model accepts (default {@value #DEFAULT_MAX_QUEUED}); past it,
         * targets count as unreachable until the queue drains.
         */
        public Builder maxQueued(int maxQueued) {
            this.maxQueued = maxQueued;
            return this;
        }

        /**
         * Whether requests whose floors already miss the target are refused with
         * {@link DecisionReason#SHED} (default false: they get their floors and
         * {@link DecisionReason#TARGET_UNREACHABLE}); see the class's state machine.
         */
        public Builder shedUnreachable(boolean shed) {
            this.shedUnreachable = shed;
            return this;
        }

        /** @throws TokenBudgetException if a setting is invalid */
        public TokenBudgetController build() {
            return new TokenBudgetController(this);
        }
    }
}
