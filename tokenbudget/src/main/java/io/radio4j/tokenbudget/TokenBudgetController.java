package io.radio4j.tokenbudget;

import io.radio4j.tokenbudget.internal.HullGreedyAllocator;
import io.radio4j.tokenbudget.internal.LevelGovernor;
import io.radio4j.tokenbudget.internal.MeasuredPointsAllocator;
import io.radio4j.tokenbudget.internal.OnlineServiceModel;
import io.radio4j.tokenbudget.internal.QueueModel;
import io.radio4j.tokenbudget.internal.RateEstimator;
import io.radio4j.tokenbudget.internal.ResidualWindow;
import io.radio4j.tokenbudget.internal.SchedulerTwin;
import io.radio4j.tokenbudget.internal.TokenAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntToDoubleFunction;
import java.util.function.LongSupplier;

/**
 * Chooses RADIO1D tokens per image for each VLM request so that its time to first token meets a
 * target at a quantile, at the best expected accuracy; learns the server from measured TTFTs.
 *
 * <p>Call {@link #decide} before sending a request and {@link #observe} with the TTFT it measured.
 * A decision combines three things:
 * <ol>
 *   <li>a <b>TTFT model</b>. Service time is the profile's piecewise-linear curve in total prompt
 *       tokens (visual + text), times a scale learned online from observations. Queueing comes from a
 *       replica of an FCFS chunked-prefill scheduler (steps of the profile's
 *       {@code prefillChunkTokens}) fed with the requests this controller admitted; every observation
 *       shifts its clock by the prediction error. It gives when the request's last prefill step would
 *       end, and how many tokens of that step later arrivals could still fill ("exposure"), which is
 *       counted when an arrival before that step is likelier than the quantile allows. On top comes a
 *       margin: the request's quantile of recent prediction errors;</li>
 *   <li>a <b>load level</b>: the tokens per image requests may use, moved on a ladder with
 *       hysteresis, dwell times and step limits. Each level's share of missed targets is predicted
 *       with an M/D/1 model at the observed arrival rate (times a learned burstiness); the level is
 *       the highest whose share fits the quantile's budget, so k does not oscillate under steady
 *       load;</li>
 *   <li>an <b>allocator</b>: the budget min(images × level, tokens the TTFT target leaves, the
 *       request's cap) is split over the images by marginal utility on the task classes' hull
 *       curves, never below a class floor. When the prompt would leave its last step open to later
 *       arrivals and that would break the target, it is cut to end on a step boundary.</li>
 * </ol>
 *
 * <p>The queue model assumes this controller sees every request of one server (or of a pool it
 * fronts as one). Memory is bounded (fixed windows and rings, at most {@link #DEFAULT_MAX_QUEUED}
 * queued requests tracked). Thread-safe: {@code decide} and {@code observe} hold one short lock;
 * a decision for 32 images takes about a microsecond.
 */
public final class TokenBudgetController {

    /** Default ladder of allowed tokens per image. */
    public static final List<Integer> DEFAULT_LEVELS = List.of(1, 8, 16, 32, 48, 64, 96, 128, 160, 192, 224, 256);
    /** Default time at a level before stepping up one rung. */
    public static final Duration DEFAULT_UP_DWELL = Duration.ofSeconds(30);
    /** Default time between two downward moves. */
    public static final Duration DEFAULT_DOWN_DWELL = Duration.ofSeconds(2);
    /** Default most rungs one downward move may skip. */
    public static final int DEFAULT_MAX_DOWN_STEPS = 2;
    /**
     * Default hysteresis: staying at a level needs its predicted miss share within the budget;
     * stepping up needs the next rung's within (1 − this) of the budget's room above the lowest
     * level's share.
     */
    public static final double DEFAULT_HYSTERESIS = 0.5;
    /** Default number of recent prediction errors kept for quantiles. */
    public static final int DEFAULT_RESIDUAL_WINDOW = 256;
    /** Default margin (ms) added before enough errors are known. */
    public static final double DEFAULT_INITIAL_MARGIN_MS = 20;
    /** Default time constant of the arrival-rate estimate. */
    public static final Duration DEFAULT_RATE_TIME_CONSTANT = Duration.ofSeconds(30);
    /** Default per-observation forgetting factor of the service model (remembers ~200). */
    public static final double DEFAULT_FORGETTING = 0.995;
    /** Default most images a request may carry. */
    public static final int DEFAULT_MAX_IMAGES = 1024;
    /** Default most admitted, not yet started requests the queue model tracks. */
    public static final int DEFAULT_MAX_QUEUED = 10_000;

    private static final int MIN_RESIDUALS = 16;
    private static final double PRIOR_WEIGHT = 5;
    private static final double INFEASIBLE_SLACK = 0.2;
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
    private final double hysteresis;

    private final ReentrantLock lock = new ReentrantLock();
    private final OnlineServiceModel serviceModel;
    private final ResidualWindow residuals;
    private final RateEstimator arrivals;
    private final LevelGovernor governor;
    private final SchedulerTwin twin;
    private final int chunkTokens;
    private final long[] ringSequence = new long[SEQUENCE_RING];
    private final long[] ringShift = new long[SEQUENCE_RING];
    private long cumulativeShiftNanos;
    private long lastCompletionNanos = Long.MIN_VALUE;
    private long sequence;
    private long observations;
    private double meanImages;
    private double meanTextTokens;
    private double meanServiceMs;
    private double burstiness = 1;
    private double meanWaitMs;
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
        double hysteresis = b.hysteresis == null ? DEFAULT_HYSTERESIS : b.hysteresis;
        if (maxDown < 1 || !(hysteresis >= 0 && hysteresis < 1) || up.isNegative() || down.isNegative()
                || initialMarginMs < 0 || maxImages < 1) {
            throw new TokenBudgetException("invalid controller setting: maxDownSteps ≥ 1, 0 ≤ hysteresis < 1, "
                    + "non-negative dwell times and margin, maxImages ≥ 1 are required");
        }
        long now = clock.getAsLong();
        this.hysteresis = hysteresis;
        this.governor = new LevelGovernor(levels, up.toNanos(), down.toNanos(), maxDown, now);
        int window = b.residualWindow == null ? DEFAULT_RESIDUAL_WINDOW : b.residualWindow;
        if (window < MIN_RESIDUALS) {
            throw new TokenBudgetException("residualWindow must be at least " + MIN_RESIDUALS + ", got " + window);
        }
        this.residuals = new ResidualWindow(window);
        double tau = (b.rateTimeConstant == null ? DEFAULT_RATE_TIME_CONSTANT : b.rateTimeConstant).toMillis() / 1000.0;
        this.arrivals = new RateEstimator(Math.max(tau, 0.001));
        double forgetting = b.forgetting == null ? DEFAULT_FORGETTING : b.forgetting;
        if (!(forgetting > 0 && forgetting <= 1)) {
            throw new TokenBudgetException("forgetting must lie in (0, 1], got " + forgetting);
        }
        ServiceTimeCurve service = profile.serviceTime();
        double centre = (service.points().getFirst().ttftMs() + service.points().getLast().ttftMs()) / 2;
        this.serviceModel = new OnlineServiceModel(forgetting, PRIOR_WEIGHT, centre);
        this.chunkTokens = service.prefillChunkTokens();
        this.twin = new SchedulerTwin(chunkTokens, b.maxQueued == null ? DEFAULT_MAX_QUEUED : b.maxQueued);
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
        int text = request.textTokens();
        lock.lock();
        try {
            long now = clock.getAsLong();
            arrivals.event(now);
            double rate = arrivals.rate(now);
            double margin = marginMs(q);
            int level = governor.level();
            SchedulerTwin.Forecaster forecaster = twin.forecaster(now);
            double budgetMs = request.ttftTargetMs() - margin;
            int minT = text + floorSum;
            int ttftT = largestTokensWithin(forecaster, now, minT, text + maxUseful, budgetMs);
            long levelBudget = (long) n * level;
            long cap = request.maxTotalTokens() == null ? Long.MAX_VALUE : request.maxTotalTokens();
            long visualBound = Math.min(Math.min(levelBudget, cap), maxUseful);
            DecisionReason reason;
            int chosenT;
            if (ttftT < minT || twin.isFull()) {
                reason = shedUnreachable ? DecisionReason.SHED : DecisionReason.TARGET_UNREACHABLE;
                chosenT = minT;
            } else if (ttftT - text < visualBound) {
                reason = DecisionReason.TTFT_TARGET;
                chosenT = ttftT;
            } else {
                chosenT = (int) (text + visualBound);
                reason = visualBound >= maxUseful ? DecisionReason.FULL_QUALITY
                        : cap <= levelBudget ? DecisionReason.TOKEN_CAP : DecisionReason.LOAD_LEVEL;
            }
            if (reason != DecisionReason.SHED && reason != DecisionReason.TARGET_UNREACHABLE) {
                int aligned = avoidTailExposure(forecaster, now, rate, q, chosenT, minT, budgetMs);
                if (aligned != chosenT) {
                    chosenT = aligned;
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
            double serviceMs = serviceMs(total);
            SchedulerTwin.Forecast fc = forecaster.forecast(total, serviceMs);
            double waitMs = Math.max(0, fc.firstStepNanos() - now) / 1e6;
            double spanMs = Math.max(0, fc.completionNanos() - fc.firstStepNanos()) / 1e6;
            double exposureMs = worstExposureMs(fc, now);
            double countedExposureMs = exposureMs(fc, now, rate, q);
            boolean admitted = reason != DecisionReason.SHED;
            // Every arrival's wait counts, shed or not: dropping the shed ones would hide the queue.
            meanWaitMs += EW_WEIGHT * (waitMs - meanWaitMs);
            long seq = ++sequence;
            if (admitted) {
                twin.add(seq, total, serviceMs, now);
                int slot = (int) (seq % SEQUENCE_RING);
                ringSequence[slot] = seq;
                ringShift[slot] = cumulativeShiftNanos;
                meanImages += EW_WEIGHT * (n - meanImages);
                meanTextTokens += EW_WEIGHT * (text - meanTextTokens);
                meanServiceMs += EW_WEIGHT * (serviceMs - meanServiceMs);
            }
            lastTargetMs = request.ttftTargetMs();
            lastQuantile = q;
            return new BudgetDecision(tokens, names, text, request.ttftTargetMs(), q,
                    waitMs + spanMs + countedExposureMs + margin, waitMs, spanMs, exposureMs, accuracy / n, reason,
                    admitted, level, now, seq);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Feeds back the TTFT measured for a decision this controller made: corrects the queue model's
     * clock, the service model, the error quantiles and the burstiness estimate, then lets the load
     * level move (within its dwell times and step limits). Decisions that were not admitted are
     * ignored.
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
                twin.advance(now);
                twin.shift(error);
                cumulativeShiftNanos += error;
            }
            // Delay from later arrivals joining the last step is the exposure model's business, not a
            // model error: excuse it so it does not inflate every request's margin.
            double excess = measuredTtftMs - decision.predictedWaitMs() - decision.predictedServiceMs();
            residuals.add(excess - Math.clamp(excess, 0, decision.exposureMs()));
            if (completion >= lastCompletionNanos) {
                long start = lastCompletionNanos == Long.MIN_VALUE ? decided : Math.max(decided, lastCompletionNanos);
                double servedMs = (completion - start) / 1e6;
                if (servedMs > 0) {
                    serviceModel.update(profile.serviceTime().serviceMs(decision.totalTokens()), servedMs);
                }
                lastCompletionNanos = completion;
            }
            learnBurstiness(now);
            if (!Double.isNaN(lastTargetMs)) {
                double target = lastTargetMs;
                double rate = arrivals.rate(now);
                double margin = marginMs(lastQuantile);
                IntToDoubleFunction missShare = level -> {
                    double s = serviceMs((int) Math.round(meanImages * level + meanTextTokens));
                    return QueueModel.waitExceedsProbability(rate, s, burstiness, target - s - margin);
                };
                // The quantile allows a miss share of 1 − q. When even the lowest level misses more
                // (an infeasible target), that level's share plus a little is the budget instead, so
                // an infeasible target does not pin k at the floor for no gain.
                double budget = 1 - lastQuantile;
                double baseline = missShare.applyAsDouble(governor.lowest());
                // Saturated even at the lowest level: shedding carries the load, and the lowest level
                // sheds least, so go there.
                double downLimit = baseline >= 1 ? 0 : Math.max(budget, baseline + INFEASIBLE_SLACK * budget);
                // The hysteresis band is a share of the room above the lowest level, so stepping up
                // stays possible however high that level's own misses are.
                double upLimit = baseline + (downLimit - baseline) * (1 - hysteresis);
                governor.update(now, missShare, downLimit, upLimit);
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
                    Math.max(0, twin.idleAtNanos(now) - now) / 1e6, serviceModel.scale(), burstiness,
                    residuals.quantile(0.9), sequence, observations);
        } finally {
            lock.unlock();
        }
    }

    private void learnBurstiness(long now) {
        double model = QueueModel.meanWaitMs(arrivals.rate(now), meanServiceMs);
        // Only where the model predicts a real queue does the ratio say something about burstiness.
        if (observations > MIN_RESIDUALS && model > 5 && Double.isFinite(model)) {
            double ratio = Math.clamp(meanWaitMs / model, MIN_BURSTINESS, MAX_BURSTINESS);
            burstiness += EW_WEIGHT * (ratio - burstiness);
        }
    }

    private double marginMs(double q) {
        if (residuals.size() < MIN_RESIDUALS) {
            return initialMarginMs;
        }
        return Math.max(0, residuals.quantile(q));
    }

    /** Predicted service time of a prompt of {@code totalTokens} on the observed server. */
    private double serviceMs(int totalTokens) {
        return serviceModel.predict(profile.serviceTime().serviceMs(totalTokens));
    }

    /** Largest prompt in {@code [lo, hi]} whose first token is predicted within {@code budgetMs}; lo − 1 if none. */
    private int largestTokensWithin(SchedulerTwin.Forecaster f, long now, int lo, int hi, double budgetMs) {
        if (!fits(f, now, lo, budgetMs)) {
            return lo - 1;
        }
        if (fits(f, now, hi, budgetMs)) {
            return hi;
        }
        int good = lo;
        int bad = hi;
        while (bad - good > 1) {
            int mid = (good + bad) >>> 1;
            if (fits(f, now, mid, budgetMs)) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return good;
    }

    private boolean fits(SchedulerTwin.Forecaster f, long now, int tokens, double budgetMs) {
        return (f.forecast(tokens, serviceMs(tokens)).completionNanos() - now) / 1e6 <= budgetMs;
    }

    /**
     * Milliseconds later arrivals could add by filling the rest of the request's last prefill step,
     * counted only when at least one arrival before that step starts is likelier than the quantile
     * allows (Poisson at the observed rate).
     */
    private double exposureMs(SchedulerTwin.Forecast fc, long now, double rate, double q) {
        double worst = worstExposureMs(fc, now);
        if (worst == 0) {
            return 0;
        }
        double pArrival = 1 - Math.exp(-rate * (fc.lastStepNanos() - now) / 1e9);
        return pArrival <= 1 - q ? 0 : worst;
    }

    /** Milliseconds later arrivals would add by filling the rest of the request's last step. */
    private double worstExposureMs(SchedulerTwin.Forecast fc, long now) {
        if (fc.freeTokens() <= 0 || fc.lastStepNanos() <= now || chunkTokens <= 0) {
            return 0;
        }
        return fc.freeTokens() * serviceMs(chunkTokens) / chunkTokens;
    }

    /**
     * When the chosen prompt would leave its last step open to later arrivals and that would break
     * the target, the largest smaller prompt that ends exactly on a step boundary (nothing can join
     * it); otherwise {@code tokens} unchanged.
     */
    private int avoidTailExposure(SchedulerTwin.Forecaster f, long now, double rate, double q, int tokens, int minT,
                                  double budgetMs) {
        if (chunkTokens <= 0) {
            return tokens;
        }
        SchedulerTwin.Forecast fc = f.forecast(tokens, serviceMs(tokens));
        double exposure = exposureMs(fc, now, rate, q);
        if (exposure == 0 || (fc.completionNanos() - now) / 1e6 + exposure <= budgetMs) {
            return tokens;
        }
        int aligned = (f.openFill() + tokens) / chunkTokens * chunkTokens - f.openFill();
        return aligned >= minT ? aligned : tokens;
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
        private Double hysteresis;
        private Integer residualWindow;
        private Double initialMarginMs;
        private Duration rateTimeConstant;
        private Double forgetting;
        private Integer maxImages;
        private Integer maxQueued;
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

        /** Hysteresis between stepping up and down, in [0, 1) (default {@value #DEFAULT_HYSTERESIS}). */
        public Builder hysteresis(double hysteresis) {
            this.hysteresis = hysteresis;
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
         * Most admitted requests the queue model tracks (default {@value #DEFAULT_MAX_QUEUED}); past it,
         * requests are treated as unable to meet their target until the queue drains.
         */
        public Builder maxQueued(int maxQueued) {
            this.maxQueued = maxQueued;
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
