package io.radio4j.tokenbudget;

import io.radio4j.tokenbudget.internal.HullGreedyAllocator;
import io.radio4j.tokenbudget.internal.LevelGovernor;
import io.radio4j.tokenbudget.internal.MeasuredPointsAllocator;
import io.radio4j.tokenbudget.internal.OnlineServiceModel;
import io.radio4j.tokenbudget.internal.QueueModel;
import io.radio4j.tokenbudget.internal.RateEstimator;
import io.radio4j.tokenbudget.internal.ResidualWindow;
import io.radio4j.tokenbudget.internal.TokenAllocator;
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
 * A decision combines three things:
 * <ol>
 *   <li>a <b>TTFT model</b>: predicted TTFT = queue wait + service + margin. Service is the
 *       profile's piecewise-linear curve in total prompt tokens, times a scale plus an offset learned
 *       online (recursive least squares). The wait comes from a virtual FCFS queue of the requests
 *       this controller admitted, corrected by every observation. The margin is the empirical
 *       quantile (the request's) of recent prediction errors;</li>
 *   <li>a <b>load level</b>: the tokens per image requests may use, moved on a ladder with
 *       hysteresis, dwell times and step limits by an M/D/1 prediction of each level's TTFT
 *       quantile at the observed arrival rate, so that k does not oscillate under steady load;</li>
 *   <li>an <b>allocator</b>: the budget min(images × level, tokens the TTFT target leaves, the
 *       request's cap) is split over the images by marginal utility on the task classes' hull
 *       curves, never below a class floor.</li>
 * </ol>
 *
 * <p>The queue model assumes this controller sees every request of one FCFS server (or of a pool it
 * fronts as one). Memory is bounded: no per-request history is kept beyond fixed-size windows.
 * Thread-safe: {@code decide} and {@code observe} hold one short lock (microseconds).
 */
public final class TokenBudgetController {

    /** Default ladder of allowed tokens per image. */
    public static final List<Integer> DEFAULT_LEVELS = List.of(1, 8, 16, 32, 48, 64, 96, 128, 160, 192, 224, 256);
    /** Default time at a level before stepping up one rung. */
    public static final Duration DEFAULT_UP_DWELL = Duration.ofSeconds(20);
    /** Default time between two downward moves. */
    public static final Duration DEFAULT_DOWN_DWELL = Duration.ofSeconds(2);
    /** Default most rungs one downward move may skip. */
    public static final int DEFAULT_MAX_DOWN_STEPS = 2;
    /** Default hysteresis: the next rung up must be predicted this share under the target. */
    public static final double DEFAULT_UP_MARGIN = 0.03;
    /** Default number of recent prediction errors kept for quantiles. */
    public static final int DEFAULT_RESIDUAL_WINDOW = 256;
    /** Default margin (ms) added before enough errors are known. */
    public static final double DEFAULT_INITIAL_MARGIN_MS = 20;
    /** Default time constant of the arrival-rate estimate. */
    public static final Duration DEFAULT_RATE_TIME_CONSTANT = Duration.ofSeconds(15);
    /** Default per-observation forgetting factor of the service model (remembers ~200). */
    public static final double DEFAULT_FORGETTING = 0.995;
    /** Default most images a request may carry. */
    public static final int DEFAULT_MAX_IMAGES = 1024;

    private static final int MIN_RESIDUALS = 16;
    private static final int SEQUENCE_RING = 4096;
    private static final double EW_WEIGHT = 0.05;
    private static final double MIN_BURSTINESS = 0.5;
    private static final double MAX_BURSTINESS = 4;

    private final CalibrationProfile profile;
    private final List<String> classNames;
    private final Map<String, Integer> classIndex;
    private final List<TaskClassCurve> curves;
    private final TokenAllocator allocator;
    private final LongSupplier clock;
    private final double initialMarginMs;
    private final int maxImages;
    private final boolean shedUnreachable;

    private final ReentrantLock lock = new ReentrantLock();
    private final OnlineServiceModel serviceModel;
    private final ResidualWindow residuals;
    private final ResidualWindow waits;
    private final RateEstimator arrivals;
    private final LevelGovernor governor;
    private final long[] ringSequence = new long[SEQUENCE_RING];
    private final long[] ringShift = new long[SEQUENCE_RING];
    private long freeAtNanos;
    private long cumulativeShiftNanos;
    private long lastCompletionNanos = Long.MIN_VALUE;
    private long sequence;
    private long observations;
    private double meanImages;
    private double meanTextTokens;
    private double meanServiceMs;
    private double burstiness = 1;
    private double lastTargetMs = Double.NaN;
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
                throw new TokenBudgetException("floor given for unknown task class '" + name + "'; the profile has " + classNames);
            }
        }
        this.curves = List.copyOf(cs);
        AllocationMode mode = b.allocationMode == null ? AllocationMode.HULL_GREEDY : b.allocationMode;
        this.allocator = mode == AllocationMode.HULL_GREEDY
                ? new HullGreedyAllocator(curves) : new MeasuredPointsAllocator(curves);
        this.initialMarginMs = b.initialMarginMs == null ? DEFAULT_INITIAL_MARGIN_MS : b.initialMarginMs;
        this.maxImages = b.maxImages == null ? DEFAULT_MAX_IMAGES : b.maxImages;
        this.shedUnreachable = b.shedUnreachable;
        List<Integer> levels = b.levels == null ? DEFAULT_LEVELS : List.copyOf(b.levels);
        validateLevels(levels);
        Duration up = b.upDwell == null ? DEFAULT_UP_DWELL : b.upDwell;
        Duration down = b.downDwell == null ? DEFAULT_DOWN_DWELL : b.downDwell;
        int maxDown = b.maxDownSteps == null ? DEFAULT_MAX_DOWN_STEPS : b.maxDownSteps;
        double upMargin = b.upMargin == null ? DEFAULT_UP_MARGIN : b.upMargin;
        if (maxDown < 1 || !(upMargin >= 0 && upMargin < 1) || up.isNegative() || down.isNegative()
                || initialMarginMs < 0 || maxImages < 1) {
            throw new TokenBudgetException("invalid controller setting: maxDownSteps ≥ 1, 0 ≤ upMargin < 1, "
                    + "non-negative dwell times and margin, maxImages ≥ 1 are required");
        }
        long now = clock.getAsLong();
        this.governor = new LevelGovernor(levels, up.toNanos(), down.toNanos(), maxDown, upMargin, now);
        int window = b.residualWindow == null ? DEFAULT_RESIDUAL_WINDOW : b.residualWindow;
        if (window < MIN_RESIDUALS) {
            throw new TokenBudgetException("residualWindow must be at least " + MIN_RESIDUALS + ", got " + window);
        }
        this.residuals = new ResidualWindow(window);
        this.waits = new ResidualWindow(window);
        double tau = (b.rateTimeConstant == null ? DEFAULT_RATE_TIME_CONSTANT : b.rateTimeConstant).toMillis() / 1000.0;
        this.arrivals = new RateEstimator(Math.max(tau, 0.001));
        double forgetting = b.forgetting == null ? DEFAULT_FORGETTING : b.forgetting;
        if (!(forgetting > 0 && forgetting <= 1)) {
            throw new TokenBudgetException("forgetting must lie in (0, 1], got " + forgetting);
        }
        ServiceTimeCurve service = profile.serviceTime();
        double centre = (service.points().getFirst().ttftMs() + service.points().getLast().ttftMs()) / 2;
        this.serviceModel = new OnlineServiceModel(forgetting, centre, 100, 0.01);
        this.freeAtNanos = now;
        this.meanImages = profile.referenceImages();
        this.meanTextTokens = profile.referenceTextTokens();
        this.meanServiceMs = centre;
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
     * The decision counts as sent (it joins the virtual queue) unless it is not admitted.
     *
     * @throws InvalidRequestException if the request has more images than the configured limit
     * @throws TokenBudgetException    if an image names a task class the profile lacks
     */
    public BudgetDecision decide(BudgetRequest request) {
        int n = request.images();
        if (n > maxImages) {
            throw new InvalidRequestException("request has " + n + " images; the limit is " + maxImages + " (maxImages)");
        }
        int[] cls = new int[n];
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = request.classOf(i);
            Integer idx = classIndex.get(name == null ? profile.defaultClass() : name);
            if (idx == null) {
                throw new TokenBudgetException("unknown task class '" + name + "' for image " + i
                        + "; the profile has " + classNames);
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
        lock.lock();
        try {
            long now = clock.getAsLong();
            arrivals.event(now);
            double waitMs = Math.max(0, freeAtNanos - now) / 1e6;
            double margin = marginMs(q);
            int level = governor.level();
            int allowed = tokensWithin(request.ttftTargetMs() - waitMs - margin) - request.textTokens();
            long levelBudget = (long) n * level;
            long cap = request.maxTotalTokens() == null ? Long.MAX_VALUE : request.maxTotalTokens();
            long budget = Math.min(Math.min(levelBudget, allowed), Math.min(cap, maxUseful));
            DecisionReason reason;
            if (budget >= maxUseful) {
                reason = DecisionReason.FULL_QUALITY;
            } else if (allowed < floorSum) {
                reason = shedUnreachable ? DecisionReason.SHED : DecisionReason.TARGET_UNREACHABLE;
            } else if (cap <= Math.min(levelBudget, allowed)) {
                reason = DecisionReason.TOKEN_CAP;
            } else if (allowed < levelBudget) {
                reason = DecisionReason.TTFT_TARGET;
            } else {
                reason = DecisionReason.LOAD_LEVEL;
            }
            int[] k = allocator.allocate(cls, (int) Math.max(budget, floorSum));
            int visual = 0;
            double accuracy = 0;
            List<Integer> tokens = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                visual += k[i];
                accuracy += curves.get(cls[i]).accuracyAt(k[i]);
                tokens.add(k[i]);
            }
            double serviceMs = serviceModel.predict(profile.serviceTime().serviceMs(visual + request.textTokens()));
            boolean admitted = reason != DecisionReason.SHED;
            long seq = ++sequence;
            if (admitted) {
                freeAtNanos = Math.max(freeAtNanos, now) + (long) (serviceMs * 1e6);
                int slot = (int) (seq % SEQUENCE_RING);
                ringSequence[slot] = seq;
                ringShift[slot] = cumulativeShiftNanos;
                meanImages += EW_WEIGHT * (n - meanImages);
                meanTextTokens += EW_WEIGHT * (request.textTokens() - meanTextTokens);
                meanServiceMs += EW_WEIGHT * (serviceMs - meanServiceMs);
            }
            lastTargetMs = request.ttftTargetMs();
            lastQuantile = q;
            return new BudgetDecision(tokens, names, request.textTokens(), request.ttftTargetMs(), q,
                    waitMs + serviceMs + margin, waitMs, serviceMs, accuracy / n, reason, admitted, level, now, seq);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Feeds back the TTFT measured for a decision this controller made: corrects the virtual queue,
     * the service model, the error quantiles and the burstiness estimate, then lets the load level
     * move (within its dwell times and step limits). Decisions that were not admitted are ignored.
     *
     * @param measuredTtftMs time from sending the request to its first token, in milliseconds
     * @throws InvalidRequestException if the TTFT is negative or not finite, or the decision is dated
     *                                 after the controller's clock (it came from another controller)
     */
    public void observe(BudgetDecision decision, double measuredTtftMs) {
        if (!Double.isFinite(measuredTtftMs) || measuredTtftMs < 0) {
            throw new InvalidRequestException("measured TTFT must be a finite number of ms ≥ 0, got " + measuredTtftMs);
        }
        if (!decision.admitted()) {
            return;
        }
        lock.lock();
        try {
            long now = clock.getAsLong();
            long decided = decision.decidedAtNanos();
            if (decided - now > 0) {
                throw new InvalidRequestException("decision " + decision.sequence()
                        + " is dated after this controller's clock; was it made by another controller?");
            }
            observations++;
            long completion = decided + (long) (measuredTtftMs * 1e6);
            long predictedCompletion = decided + (long) ((decision.predictedWaitMs() + decision.predictedServiceMs()) * 1e6);
            int slot = (int) (decision.sequence() % SEQUENCE_RING);
            if (ringSequence[slot] == decision.sequence()) {
                // Shift the queue behind this request by the part of its error not yet corrected.
                long already = cumulativeShiftNanos - ringShift[slot];
                long error = completion - predictedCompletion - already;
                freeAtNanos += error;
                cumulativeShiftNanos += error;
            }
            freeAtNanos = Math.max(freeAtNanos, completion);
            residuals.add(measuredTtftMs - decision.predictedWaitMs() - decision.predictedServiceMs());
            if (completion >= lastCompletionNanos) {
                long start = lastCompletionNanos == Long.MIN_VALUE ? decided : Math.max(decided, lastCompletionNanos);
                double waitedMs = (start - decided) / 1e6;
                double servedMs = (completion - start) / 1e6;
                waits.add(waitedMs);
                if (servedMs > 0) {
                    serviceModel.update(profile.serviceTime().serviceMs(decision.totalTokens()), servedMs);
                }
                lastCompletionNanos = completion;
            }
            learnBurstiness(now);
            if (!Double.isNaN(lastTargetMs)) {
                double target = lastTargetMs;
                double q = lastQuantile;
                double rate = arrivals.rate(now);
                double margin = Math.max(0, marginMs(q));
                governor.update(now, target, level -> {
                    double profileMs = profile.serviceTime().serviceMs((int) Math.round(meanImages * level + meanTextTokens));
                    double s = serviceModel.predict(profileMs);
                    return s + burstiness * QueueModel.waitQuantileMs(rate, s, q) + margin;
                });
            }
        } finally {
            lock.unlock();
        }
    }

    /** What the controller has learned so far. */
    public ControllerState state() {
        lock.lock();
        try {
            long now = clock.getAsLong();
            return new ControllerState(governor.level(), governor.changes(), arrivals.rate(now),
                    Math.max(0, freeAtNanos - now) / 1e6, serviceModel.scale(), serviceModel.offsetMs(), burstiness,
                    residuals.quantile(0.9), sequence, observations);
        } finally {
            lock.unlock();
        }
    }

    private void learnBurstiness(long now) {
        if (waits.size() < MIN_RESIDUALS * 2) {
            return;
        }
        double model = QueueModel.waitQuantileMs(arrivals.rate(now), meanServiceMs, lastQuantile);
        double observed = waits.quantile(lastQuantile);
        // Only where the model predicts a real queue does the ratio say something about burstiness.
        if (model > 5 && Double.isFinite(model)) {
            double ratio = Math.clamp(observed / model, MIN_BURSTINESS, MAX_BURSTINESS);
            burstiness += EW_WEIGHT * (ratio - burstiness);
        }
    }

    private double marginMs(double q) {
        if (residuals.size() < MIN_RESIDUALS) {
            return initialMarginMs;
        }
        return Math.max(0, residuals.quantile(q));
    }

    /** Largest prompt (tokens) whose predicted service fits in {@code ms}, or -1. */
    private int tokensWithin(double ms) {
        if (ms <= 0) {
            return -1;
        }
        return profile.serviceTime().maxTokensWithin(serviceModel.profileMsFor(ms));
    }

    private static void validateLevels(List<Integer> levels) {
        if (levels.isEmpty()) {
            throw new TokenBudgetException("the level ladder must not be empty");
        }
        for (int i = 0; i < levels.size(); i++) {
            int l = levels.get(i);
            if (l < TaskClassCurve.MIN_TOKENS || l > TaskClassCurve.MAX_TOKENS || (i > 0 && l <= levels.get(i - 1))) {
                throw new TokenBudgetException("levels must be strictly increasing tokens per image in 1..256, got " + levels);
            }
        }
    }

    /** Builds a {@link TokenBudgetController}; not thread-safe. Unset values take the documented defaults. */
    public static final class Builder {
        private CalibrationProfile profile;
        private LongSupplier clock;
        private AllocationMode allocationMode;
        private final Map<String, Integer> floors = new HashMap<>();
        private List<Integer> levels;
        private Duration upDwell;
        private Duration downDwell;
        private Integer maxDownSteps;
        private Double upMargin;
        private Integer residualWindow;
        private Double initialMarginMs;
        private Duration rateTimeConstant;
        private Double forgetting;
        private Integer maxImages;
        private boolean shedUnreachable;

        private Builder() {}

        /** Calibration profile (default {@link CalibrationProfile#defaultProfile()}). */
        public Builder profile(CalibrationProfile profile) {
            this.profile = profile;
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

        /** Ladder of allowed tokens per image, strictly increasing (default {@link #DEFAULT_LEVELS}). */
        public Builder levels(List<Integer> levels) {
            this.levels = levels;
            return this;
        }

        /** Time at a level before stepping up (default {@link #DEFAULT_UP_DWELL}). */
        public Builder upDwell(Duration upDwell) {
            this.upDwell = upDwell;
            return this;
        }

        /** Time between downward moves (default {@link #DEFAULT_DOWN_DWELL}). */
        public Builder downDwell(Duration downDwell) {
            this.downDwell = downDwell;
            return this;
        }

        /** Most rungs one downward move may skip (default {@value #DEFAULT_MAX_DOWN_STEPS}). */
        public Builder maxDownSteps(int maxDownSteps) {
            this.maxDownSteps = maxDownSteps;
            return this;
        }

        /** Hysteresis share under the target for stepping up (default {@value #DEFAULT_UP_MARGIN}). */
        public Builder upMargin(double upMargin) {
            this.upMargin = upMargin;
            return this;
        }

        /** Recent errors kept for quantiles (default {@value #DEFAULT_RESIDUAL_WINDOW}, at least 16). */
        public Builder residualWindow(int residualWindow) {
            this.residualWindow = residualWindow;
            return this;
        }

        /** Margin before enough errors are known, ms (default {@value #DEFAULT_INITIAL_MARGIN_MS}). */
        public Builder initialMarginMs(double initialMarginMs) {
            this.initialMarginMs = initialMarginMs;
            return this;
        }

        /** Time constant of the arrival-rate estimate (default {@link #DEFAULT_RATE_TIME_CONSTANT}). */
        public Builder rateTimeConstant(Duration rateTimeConstant) {
            this.rateTimeConstant = rateTimeConstant;
            return this;
        }

        /** Forgetting factor of the service model per observation (default {@value #DEFAULT_FORGETTING}). */
        public Builder forgetting(double forgetting) {
            this.forgetting = forgetting;
            return this;
        }

        /** Most images per request (default {@value #DEFAULT_MAX_IMAGES}). */
        public Builder maxImages(int maxImages) {
            this.maxImages = maxImages;
            return this;
        }

        /**
         * Whether requests whose floors already miss the target are refused with
         * {@link DecisionReason#SHED} (default false: they get their floors and
         * {@link DecisionReason#TARGET_UNREACHABLE}).
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
