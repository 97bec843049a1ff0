package io.radio4j.tokenbudget;

import io.radio4j.tokenbudget.internal.HullGreedyAllocator;
import io.radio4j.tokenbudget.internal.LevelGovernor;
import io.radio4j.tokenbudget.internal.LoadModel;
import io.radio4j.tokenbudget.internal.MeasuredPointsAllocator;
import io.radio4j.tokenbudget.internal.TokenAllocator;
import io.radio4j.tokenbudget.internal.TtftModel;
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
    /** Default most text tokens a request may carry. */
    public static final int DEFAULT_MAX_TEXT_TOKENS = 1 << 20;
    /** Default most admitted, not yet started requests the queue model tracks. */
    public static final int DEFAULT_MAX_QUEUED = 10_000;


    private final CalibrationProfile profile;
    private final List<String> classNames;
    private final Map<String, Integer> classIndex;
    private final List<TaskClassCurve> curves;
    private final TokenAllocator allocator;
    private final LongSupplier clock;
    private final double initialMarginMs;
    private final int maxImages;
    private final int maxTextTokens;
    private final boolean shedUnreachable;
    private final double hysteresis;

    private final ReentrantLock lock = new ReentrantLock();
    private final TtftModel ttft;
    private final LoadModel load;
    private final LevelGovernor governor;
    private long sequence;
    private long observations;
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
        this.maxTextTokens = b.maxTextTokens == null ? DEFAULT_MAX_TEXT_TOKENS : b.maxTextTokens;
        this.shedUnreachable = b.shedUnreachable;
        List<Integer> levels = b.levels == null ? DEFAULT_LEVELS : List.copyOf(b.levels);
        validateLevels(levels);
        Duration up = b.upDwell == null ? DEFAULT_UP_DWELL : b.upDwell;
        Duration down = b.downDwell == null ? DEFAULT_DOWN_DWELL : b.downDwell;
        int maxDown = b.maxDownSteps == null ? DEFAULT_MAX_DOWN_STEPS : b.maxDownSteps;
        double hysteresis = b.hysteresis == null ? DEFAULT_HYSTERESIS : b.hysteresis;
        if (maxDown < 1 || !(hysteresis >= 0 && hysteresis < 1) || up.isNegative() || down.isNegative()
                || initialMarginMs < 0 || maxImages < 1 || maxTextTokens < 0) {
            throw new TokenBudgetException("invalid controller setting: maxDownSteps ≥ 1, 0 ≤ hysteresis < 1, "
                    + "non-negative dwell times and margin, maxImages ≥ 1 and maxTextTokens ≥ 0 are required");
        }
        long now = clock.getAsLong();
        this.hysteresis = hysteresis;
        this.governor = new LevelGovernor(levels, up.toNanos(), down.toNanos(), maxDown, now);
        int window = b.residualWindow == null ? DEFAULT_RESIDUAL_WINDOW : b.residualWindow;
        if (window < TtftModel.minResidualWindow()) {
            throw new TokenBudgetException("residualWindow must be at least " + TtftModel.minResidualWindow() + ", got " + window);
        }
        double forgetting = b.forgetting == null ? DEFAULT_FORGETTING : b.forgetting;
        if (!(forgetting > 0 && forgetting <= 1)) {
            throw new TokenBudgetException("forgetting must lie in (0, 1], got " + forgetting);
        }
        int maxQueued = b.maxQueued == null ? DEFAULT_MAX_QUEUED : b.maxQueued;
        if (maxQueued < 1) {
            throw new TokenBudgetException("maxQueued must be at least 1, got " + maxQueued);
        }
        ServiceTimeCurve service = profile.serviceTime();
        this.ttft = new TtftModel(service, window, initialMarginMs, forgetting, maxQueued);
        double tau = (b.rateTimeConstant == null ? DEFAULT_RATE_TIME_CONSTANT : b.rateTimeConstant).toMillis() / 1000.0;
        this.load = new LoadModel(Math.max(tau, 0.001), profile.referenceImages(), profile.referenceTextTokens(),
                TtftModel.typicalMs(service));
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
     * @throws InvalidRequestException if the request has more images or text tokens than the
     *                                 configured limits
     * @throws TokenBudgetException    if an image names a task class the profile lacks
     */
    public BudgetDecision decide(BudgetRequest request) {
        int n = request.images();
        if (n > maxImages) {
            throw new InvalidRequestException("request has " + n + " images; the limit is " + maxImages + " (maxImages)");
        }
        if (request.textTokens() > maxTextTokens) {
            throw new InvalidRequestException("request has " + request.textTokens() + " text tokens; the limit is "
                    + maxTextTokens + " (maxTextTokens)");
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
            load.arrival(now);
            TtftModel.Snapshot snapshot = ttft.snapshot(now, load.rate(now), q);
            int level = governor.level();
            int minT = text + floorSum;
            int ttftT = snapshot.largestTokensWithin(minT, text + maxUseful, request.ttftTargetMs());
            long levelBudget = (long) n * level;
            long cap = request.maxTotalTokens() == null ? Long.MAX_VALUE : request.maxTotalTokens();
            long visualBound = Math.min(Math.min(levelBudget, cap), maxUseful);
            DecisionReason reason;
            int chosenT;
            if (ttftT < minT || ttft.isFull()) {
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
                int aligned = snapshot.avoidTailExposure(chosenT, minT, request.ttftTargetMs());
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
            TtftModel.Prediction p = snapshot.predict(total);
            boolean admitted = reason != DecisionReason.SHED;
            load.waited(p.waitMs());
            long seq = ++sequence;
            if (admitted) {
                ttft.admit(seq, total, p.serviceMs(), now);
                load.admitted(n, text, p.serviceMs());
            }
            lastTargetMs = request.ttftTargetMs();
            lastQuantile = q;
            return new BudgetDecision(tokens, names, text, request.ttftTargetMs(), q, p.quantileMs(), p.waitMs(),
                    p.spanMs(), p.worstExposureMs(), accuracy / n, reason, admitted, level, now, seq);
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
            ttft.observe(decision.sequence(), decided, decision.totalTokens(),
                    decision.predictedWaitMs() + decision.predictedServiceMs(), decision.exposureMs(), measuredTtftMs, now);
            load.observed(now);
            if (!Double.isNaN(lastTargetMs)) {
                governor.updateWithinBudget(now, load.missShare(now, lastTargetMs, ttft.marginMs(lastQuantile), ttft::serviceMs),
                        1 - lastQuantile, hysteresis);
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
            return new ControllerState(governor.level(), governor.changes(), load.rate(now), ttft.backlogMs(now),
                    ttft.scale(), load.burstiness(), ttft.residualQuantile(0.9), sequence, observations);
        } finally {
            lock.unlock();
        }
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
        private Integer maxTextTokens;
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

        /** Most text tokens per request (default {@value #DEFAULT_MAX_TEXT_TOKENS}). */
        public Builder maxTextTokens(int maxTextTokens) {
            this.maxTextTokens = maxTextTokens;
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
