package io.radio4j.core.backend;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.radio4j.core.backend.BackendException.Reason;
import io.radio4j.core.backend.internal.EnsembleModel;
import io.radio4j.core.backend.internal.ModelConfigs;
import io.radio4j.core.backend.internal.ModelRepository;
import io.radio4j.core.backend.internal.OnnxModel;
import io.radio4j.core.backend.internal.OrtMemoryOptions;
import io.radio4j.core.backend.internal.PreprocessModel;
import io.radio4j.core.backend.internal.ServedModel;
import io.radio4j.core.image.SpeedMode;
import io.radio4j.core.model.RadioModels;
import io.radio4j.triton.InferRequest;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelConfiguration;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.ModelStatistics;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.server.KServeCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded backend: ONNX Runtime (CPU) in this process, reading a Triton model repository and
 * honouring each model's {@code config.pbtxt} as Triton does: {@code max_batch_size} and the
 * implicit batch dimension, declared input and output names, datatypes and dims, optional inputs,
 * requested outputs. Requests Triton would refuse are refused with Triton's wording
 * ({@link BackendException.Reason#INVALID_REQUEST}).
 *
 * <pre>{@code
 * try (OnnxBackend backend = OnnxBackend.builder().repository(Path.of("models")).build()) {
 *     InferResult r = backend.infer(request).join();
 * }
 * }</pre>
 *
 * <p>Every model is loaded when {@link Builder#build()} runs, and checked against its graph: a
 * configured tensor missing from the graph, or with another element type or shape, fails the build
 * with {@link BackendException.Reason#INVALID_MODEL}. Only ONNX models
 * ({@code platform: "onnxruntime_onnx"} or {@code backend: "onnxruntime"}) can be loaded; the
 * version is the highest numbered folder holding the graph, as Triton's default version policy.
 *
 * <p>Two more kinds of model make the {@code <model>_bytes} ensembles work in process: Triton
 * ensembles ({@code platform: "ensemble"}; steps and tensor mapping read from the config's
 * {@code ensemble_scheduling}, step models loaded with the ensemble), and radio4j's image
 * preprocessing as a model ({@code backend: "radio4j"}: BYTES encoded images in, UINT8 HWC pixels
 * out, resize and limits from the config's parameters, EXACT or FAST). So a client in
 * {@link SpeedMode#PASSTHROUGH} mode sends encoded bytes here exactly as to a Triton with DALI.
 *
 * <p>Deadlines as Triton's: a request still queued when its {@link InferRequest#deadline()} passes
 * fails with {@link BackendException.Reason#DEADLINE_EXCEEDED} without running (checked where the
 * queue {@code timeout} is, with no timer of its own), and a request whose future was cancelled
 * while queued is dropped. A request already running finishes.
 *
 * <p>Thread-safe. Requests run on {@link Builder#concurrency(int)} threads of this backend, each
 * using up to {@link Builder#intraOpThreads(int)} ONNX Runtime threads. Nothing is downloaded.
 */
public final class OnnxBackend implements InferenceBackend, ModelRepositoryControl {

    /** Default of {@link Builder#concurrency(int)}: requests run at the same time. */
    public static final int DEFAULT_CONCURRENCY = 2;
    /** Default of {@link Builder#intraOpThreads(int)}: ONNX Runtime threads per request. */
    public static final int DEFAULT_INTRA_OP_THREADS = 1;
    /** The classpath root where the triton-model-repo jar keeps the tiny models. */
    public static final String TINY_CLASSPATH_ROOT = "radio4j/tiny";

    private static final Logger LOG = LoggerFactory.getLogger(OnnxBackend.class);

    private final ModelRepository repository;
    /** Read before {@link #repository} for files beside a model's config; null when none was given. */
    private final ModelRepository.Directory localRepository;

    private final Map<String, ServedModel> models;
    private final Map<String, ModelMetadata> metadata;
    private final Map<String, ModelConfiguration> configurations = new java.util.concurrent.ConcurrentHashMap<>();
    /** Per model: [version, state, reason] of the last load or unload (Triton's index columns). */
    private final Map<String, ModelIndexEntry> states = new java.util.concurrent.ConcurrentHashMap<>();
    /** Models replaced or unloaded while the backend runs; freed at close, when no run can use them. */
    private final List<ServedModel> retired = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final OrtEnvironment env;
    private final ExecutorService executor;
    private final OrtSession.SessionOptions options;
    private final int intraOpThreads;
    private final SpeedMode preprocessSpeed;
    private volatile boolean closed;

    private OnnxBackend(Builder builder) {
        this.localRepository =
                builder.localRepository == null ? null : new ModelRepository.Directory(builder.localRepository);
        this.repository = builder.repository;
        this.preprocessSpeed = builder.preprocessSpeed;
        OrtEnvironment env = io.radio4j.core.backend.internal.OrtRuntime.environment();
        this.env = env;
        this.options = new OrtSession.SessionOptions();
        this.intraOpThreads = builder.intraOpThreads;
        Map<String, ServedModel> loaded = new LinkedHashMap<>();
        try {
            configure(options);
            List<String> names = builder.models.isEmpty() ? repository.modelNames() : builder.models;
            if (names.isEmpty()) {
                throw new BackendException(Reason.INVALID_MODEL, "no model found in " + repository.location());
            }
            for (String name : names) {
                loadInto(loaded, new HashSet<>(), env, name, null);
            }
        } catch (OrtException | RuntimeException e) {
            loaded.values().forEach(ServedModel::close);
            options.close();
            if (e instanceof BackendException be) {
                throw be;
            }
            throw new BackendException(
                    Reason.INVALID_MODEL,
                    "cannot load models from " + repository.location() + ": " + e.getMessage(),
                    e);
        }
        this.models = new java.util.concurrent.ConcurrentHashMap<>(loaded);
        this.metadata = new java.util.concurrent.ConcurrentHashMap<>();
        models.values().forEach(this::describe);
        // A priority queue, so that queued requests run by Triton's priority (1 highest, 0 the
        // model's default) and then in arrival order; a request whose queue timeout ran out while
        // it waited fails as Triton's dynamic batcher fails it.
        this.executor = io.radio4j.core.backend.internal.RequestQueue.create(builder.concurrency, "radio4j-onnx");
        LOG.info("embedded backend loaded {} from {}", models.keySet(), repository.location());
    }

    private void describe(ServedModel m) {
        metadata.put(
                m.name(), ModelConfigs.toValue(ModelConfigs.metadata(m.config(), List.of(m.version()), m.platform())));
        // Mapped once per load: the KServe server asks for it on every request.
        configurations.put(m.name(), KServeCodec.configuration(m.config()));
        states.put(m.name(), new ModelIndexEntry(m.name(), m.version(), ModelIndexEntry.READY, ""));
    }

    /** Loads a model, and for an ensemble first its steps, unless already loaded. */
    private ServedModel loadInto(
            Map<String, ServedModel> loaded, Set<String> loading, OrtEnvironment env, String name, ModelConfig override)
            throws OrtException {
        ServedModel done = loaded.get(name);
        if (done != null) {
            return done;
        }
        if (!loading.add(name)) {
            throw new BackendException(
                    Reason.INVALID_MODEL, "ensemble steps form a cycle through model '" + name + "'");
        }
        ModelConfig config = override != null ? named(override, name) : readConfig(name);
        ServedModel model;
        if (config.getPlatform().equals(EnsembleModel.PLATFORM)) {
            model = new EnsembleModel(name, config, step -> {
                try {
                    return loadInto(loaded, loading, env, step, null);
                } catch (OrtException e) {
                    throw new BackendException(Reason.INVALID_MODEL, "model '" + step + "': " + e.getMessage(), e);
                }
            });
        } else if (config.getBackend().equals(PreprocessModel.BACKEND)) {
            model = new PreprocessModel(name, "1", config, preprocessSpeed);
        } else {
            model = load(env, name, config);
        }
        loaded.put(name, model);
        loading.remove(name);
        return model;
    }

    private ModelConfig readConfig(String name) {
        String pbtxt = repository
                .config(name)
                .orElseThrow(() -> new BackendException(
                        Reason.MODEL_NOT_FOUND,
                        "model '" + name + "' has no config.pbtxt in " + repository.location()));
        return named(ModelConfigs.parse(pbtxt, name + "/config.pbtxt"), name);
    }

    /** The config with the folder's name, refused if it names another model. */
    private static ModelConfig named(ModelConfig config, String name) {
        if (!config.getName().isEmpty() && !config.getName().equals(name)) {
            throw new BackendException(
                    Reason.INVALID_MODEL,
                    "model folder '" + name + "' holds a config named '" + config.getName() + "'");
        }
        if (config.getName().isEmpty()) {
            config = config.toBuilder().setName(name).build();
        }
        return config;
    }

    private OnnxModel load(OrtEnvironment env, String name, ModelConfig config) throws OrtException {
        boolean onnx = config.getPlatform().equals("onnxruntime_onnx")
                || config.getBackend().equals("onnxruntime")
                || (config.getPlatform().isEmpty() && config.getBackend().isEmpty());
        if (!onnx) {
            throw new BackendException(
                    Reason.INVALID_MODEL,
                    "model '" + name + "' is for "
                            + (config.getPlatform().isEmpty()
                                    ? "backend " + config.getBackend()
                                    : "platform " + config.getPlatform())
                            + "; the embedded backend runs ONNX models only (besides ensembles and backend \""
                            + PreprocessModel.BACKEND + "\" preprocessing)");
        }
        String fileName = config.getDefaultModelFilename().isEmpty() ? "model.onnx" : config.getDefaultModelFilename();
        List<String> wanted = config.getVersionPolicy().hasSpecific()
                ? config.getVersionPolicy().getSpecific().getVersionsList().stream()
                        .map(String::valueOf)
                        .toList()
                : List.of();
        String version = repository
                .latestVersion(name, fileName, wanted)
                .orElseThrow(() -> new BackendException(
                        Reason.INVALID_MODEL,
                        "model '" + name + "' has no version folder holding " + fileName + " in "
                                + repository.location()));
        ModelRepository.Graph graph = repository.graph(name, version, fileName);
        OrtMemoryOptions memory = OrtMemoryOptions.of(config);
        OrtSession.RunOptions runOptions = null;
        OrtSession session;
        try {
            runOptions = memory.newRunOptions();
            if (memory.customisesSession()) {
                // ONNX Runtime copies the options into the session, so these can be closed at once.
                try (OrtSession.SessionOptions own = new OrtSession.SessionOptions()) {
                    configure(own);
                    memory.applyTo(own);
                    session = open(env, graph, own);
                }
            } else {
                session = open(env, graph, options);
            }
        } catch (OrtException e) {
            if (runOptions != null) {
                runOptions.close();
            }
            throw new BackendException(
                    Reason.INVALID_MODEL,
                    "model '" + name + "': ONNX Runtime cannot load version " + version + " (" + fileName + "): "
                            + e.getMessage(),
                    e);
        }
        return new OnnxModel(name, version, config, env, session, runOptions);
    }

    private void configure(OrtSession.SessionOptions target) throws OrtException {
        target.setIntraOpNumThreads(intraOpThreads);
        target.setInterOpNumThreads(1);
        target.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    }

    private static OrtSession open(OrtEnvironment env, ModelRepository.Graph graph, OrtSession.SessionOptions with)
            throws OrtException {
        return switch (graph) {
            case ModelRepository.Graph.File file ->
                env.createSession(file.path().toString(), with);
            case ModelRepository.Graph.Bytes bytes -> env.createSession(bytes.content(), with);
        };
    }

    /** A builder; {@link Builder#repository(Path)} or {@link Builder#classpathRepository(String, List)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The tiny stand-in repository from the {@code triton-model-repo} jar on the classpath
     * (resources under {@value #TINY_CLASSPATH_ROOT}), all five models and the
     * {@code <model>_bytes} ensembles of the four image models, default threads.
     *
     * @throws BackendException {@link Reason#MODEL_NOT_FOUND} if that jar is not on the classpath
     */
    public static OnnxBackend tiny() {
        requireTinyModels();
        return builder()
                .classpathRepository(TINY_CLASSPATH_ROOT, RadioModels.ALL_WITH_BYTES)
                .build();
    }

    /** @throws BackendException {@link Reason#MODEL_NOT_FOUND} unless the tiny models are on the classpath */
    static void requireTinyModels() {
        if (loaderFor(TINY_CLASSPATH_ROOT + "/" + RadioModels.C_RADIO_V4_H + "/config.pbtxt")
                        .getResource(TINY_CLASSPATH_ROOT + "/" + RadioModels.C_RADIO_V4_H + "/config.pbtxt")
                == null) {
            throw new BackendException(
                    Reason.MODEL_NOT_FOUND,
                    "the tiny model repository is not on the classpath (resources under " + TINY_CLASSPATH_ROOT
                            + "/); add the io.radio4j:triton-model-repo jar");
        }
    }

    /**
     * The thread's context class loader when it sees the resource (application servers such as
     * Quarkus load application jars there), else the loader of this class.
     */
    private static ClassLoader loaderFor(String resource) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context.getResource(resource) != null) {
            return context;
        }
        return OnnxBackend.class.getClassLoader();
    }

    @Override
    public ModelConfiguration modelConfig(String model) {
        model(model);
        return configurations.get(model);
    }

    @Override
    public ModelMetadata modelMetadata(String model) {
        model(model);
        return metadata.get(model);
    }

    /** The names of the loaded models. */
    public List<String> modelNames() {
        return new ArrayList<>(models.keySet());
    }

    @Override
    public boolean isReady() {
        return !closed;
    }

    @Override
    public boolean isModelReady(String model) {
        return !closed && models.containsKey(model);
    }

    @Override
    public CompletableFuture<InferResult> infer(InferRequest request) {
        try {
            long accepted = System.nanoTime();
            Objects.requireNonNull(request, "request");
            ServedModel model = model(request.modelName());
            if (!request.modelVersion().isEmpty() && !request.modelVersion().equals(model.version())) {
                throw new BackendException(
                        Reason.MODEL_NOT_FOUND,
                        "Request for unknown model: '" + model.name() + "' version " + request.modelVersion()
                                + " is not found");
            }
            // Checked on the caller's thread so a bad request fails without queueing behind others.
            model.validate(request);
            return submit(model, request, accepted);
        } catch (BackendException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(
                    new BackendException(Reason.UNAVAILABLE, "the embedded backend is closed", e));
        }
    }

    private CompletableFuture<InferResult> submit(ServedModel model, InferRequest request, long accepted) {
        CompletableFuture<InferResult> result = new CompletableFuture<>();
        long priority = effectivePriority(model.config(), request.priority());
        long timeoutNanos = request.timeout() == null ? 0 : request.timeout().toNanos();
        long deadlineNanos = request.deadline() == null ? 0 : request.deadline().toNanos();
        executor.execute(io.radio4j.core.backend.internal.RequestQueue.task(priority, () -> {
            if (result.isDone()) {
                // Cancelled by the caller (or its deadline) while it waited: drop the work, as Triton does.
                return;
            }
            if (deadlineNanos > 0 && System.nanoTime() - accepted >= deadlineNanos) {
                // The call's deadline, checked where the queue timeout is: no timer of its own.
                result.completeExceptionally(new BackendException(
                        Reason.DEADLINE_EXCEEDED,
                        "the deadline of " + request.deadline().toMillis() + " ms passed while the request for model '"
                                + model.name() + "' was queued"));
                return;
            }
            if (timeoutNanos > 0 && System.nanoTime() - accepted > timeoutNanos) {
                // Triton core dynamic_batch_scheduler.cc: a request whose timeout expired in the queue.
                result.completeExceptionally(new BackendException(Reason.UNAVAILABLE, "Request timeout expired"));
                return;
            }
            try {
                result.complete(model.run(request, accepted));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }));
        return result;
    }

    /**
     * Triton core {@code InferenceRequest::SetPriority}: 0 or a value above the model's
     * {@code priority_levels} means the model's default level; with no levels every request has
     * the same priority.
     */
    private static long effectivePriority(ModelConfig config, long requested) {
        if (!config.hasDynamicBatching() || config.getDynamicBatching().getPriorityLevels() == 0) {
            return 0;
        }
        long levels = config.getDynamicBatching().getPriorityLevels();
        return requested == 0 || requested > levels
                ? config.getDynamicBatching().getDefaultPriorityLevel()
                : requested;
    }

    @Override
    public List<ModelIndexEntry> repositoryIndex() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(repository.modelNames());
        names.addAll(states.keySet());
        return names.stream()
                .map(n -> states.getOrDefault(n, ModelIndexEntry.notLoaded(n)))
                .toList();
    }

    @Override
    public synchronized void loadModel(String name, String configJson) {
        if (closed) {
            throw new BackendException(Reason.UNAVAILABLE, "the embedded backend is closed");
        }
        ModelRepository.checkFileName(name);
        if (configJson == null && repository.config(name).isEmpty()) {
            throw new BackendException(
                    Reason.MODEL_NOT_FOUND, "model '" + name + "' is not in " + repository.location());
        }
        ModelConfig override;
        try {
            override = configJson == null ? null : ModelConfigs.fromJson(configJson);
        } catch (IllegalArgumentException e) {
            throw new BackendException(Reason.INVALID_MODEL, "cannot load model '" + name + "': " + e.getMessage(), e);
        }
        if (override != null && override.getName().isEmpty()) {
            override = override.toBuilder().setName(name).build();
        }
        ServedModel fresh;
        try {
            // Step models an ensemble names are taken as loaded now, or loaded with it.
            Map<String, ServedModel> known = new LinkedHashMap<>(models);
            known.remove(name);
            fresh = loadInto(known, new HashSet<>(), env, name, override);
            for (Map.Entry<String, ServedModel> step : known.entrySet()) {
                if (!models.containsKey(step.getKey()) && step.getValue() != fresh) {
                    models.put(step.getKey(), step.getValue());
                    describe(step.getValue());
                }
            }
        } catch (OrtException | RuntimeException e) {
            String version = models.containsKey(name) ? models.get(name).version() : "1";
            states.put(
                    name,
                    new ModelIndexEntry(name, version, ModelIndexEntry.UNAVAILABLE, String.valueOf(e.getMessage())));
            retire(models.remove(name));
            metadata.remove(name);
            configurations.remove(name);
            throw e instanceof BackendException be
                    ? be
                    : new BackendException(
                            Reason.INVALID_MODEL, "cannot load model '" + name + "': " + e.getMessage(), e);
        }
        retire(models.put(name, fresh));
        describe(fresh);
    }

    @Override
    public synchronized void unloadModel(String name) {
        ServedModel gone = models.remove(name);
        if (gone != null) {
            metadata.remove(name);
            configurations.remove(name);
            states.put(name, new ModelIndexEntry(name, gone.version(), ModelIndexEntry.UNAVAILABLE, "unloaded"));
            retire(gone);
        }
    }

    private void retire(ServedModel model) {
        if (model != null) {
            retired.add(model);
        }
    }

    /**
     * Cumulative statistics since the backend was built (counts and nanoseconds of queueing,
     * input preparation, inference, output collection, per batch size); {@code ""} for every model.
     */
    @Override
    public List<ModelStatistics> modelStatistics(String model) {
        if (model == null || model.isEmpty()) {
            return models.values().stream().map(ServedModel::statistics).toList();
        }
        return List.of(model(model).statistics());
    }

    @Override
    public Optional<byte[]> modelFile(String model, String fileName) {
        ModelRepository.checkFileName(fileName);
        if (!models.containsKey(model)) {
            return Optional.empty();
        }
        Optional<byte[]> local = localRepository == null ? Optional.empty() : localRepository.file(model, fileName);
        return local.isPresent() ? local : repository.file(model, fileName);
    }

    @Override
    public String description() {
        return "embedded[" + repository.location() + "]";
    }

    private ServedModel model(String name) {
        if (closed) {
            throw new BackendException(Reason.UNAVAILABLE, "the embedded backend is closed");
        }
        ServedModel model = models.get(name);
        if (model == null) {
            ModelIndexEntry state = states.get(name);
            // Triton's texts (core model_lifecycle.cc ModelLifeCycle::GetModel, prefixed by
            // model_repository_manager.cc ModelRepositoryManager::GetModel).
            throw new BackendException(
                    Reason.MODEL_NOT_FOUND,
                    "Request for unknown model: '" + name + "' "
                            + (state == null ? "is not found" : "has no available versions"));
        }
        return model;
    }

    /**
     * Refuses new requests (UNAVAILABLE), waits up to 30 s for running ones, then frees the
     * sessions; if runs are still going by then, their sessions are left to the process's end
     * rather than freed under them. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.shutdown();
        boolean idle;
        try {
            idle = executor.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        if (!idle) {
            // Freeing a session that a run still uses would crash the JVM; leaking it is the lesser harm.
            LOG.warn("embedded backend closed while inferences were still running; their sessions are not freed");
            return;
        }
        models.values().forEach(ServedModel::close);
        retired.forEach(ServedModel::close);
        options.close();
    }

    /** Builds an {@link OnnxBackend}; each default is a constant of {@link OnnxBackend}. Not thread-safe. */
    public static final class Builder {
        private ModelRepository repository;
        private Path localRepository;
        private List<String> models = List.of();
        private int concurrency = DEFAULT_CONCURRENCY;
        private int intraOpThreads = DEFAULT_INTRA_OP_THREADS;
        private SpeedMode preprocessSpeed;

        private Builder() {}

        /**
         * A model repository folder: {@code <dir>/<model>/config.pbtxt} and
         * {@code <dir>/<model>/<version>/model.onnx}.
         *
         * @throws IllegalArgumentException if {@code dir} is not a directory
         */
        public Builder repository(Path dir) {
            this.repository = new ModelRepository.Directory(ModelRepository.requireDirectory(dir, "model repository"));
            return this;
        }

        /**
         * A repository laid out the same way under a classpath root. Classpath folders cannot be
         * listed, so the candidate model names are given; those without a config are skipped.
         */
        public Builder classpathRepository(String root, List<String> modelNames) {
            String probe = root.replaceAll("/+$", "") + "/" + (modelNames.isEmpty() ? "" : modelNames.getFirst() + "/")
                    + "config.pbtxt";
            this.repository = new ModelRepository.Classpath(root, modelNames, loaderFor(probe));
            return this;
        }

        /**
         * A folder laid out as a model repository ({@code <dir>/<model>/<file>}) from which files
         * beside a model's config, such as the RADIO-CLIP {@code tokenizer.json}, are read before
         * the model repository's own ({@link OnnxBackend#modelFile}); models are still loaded from
         * the repository. The same setting as {@code TritonBackend.Builder#localRepository}, so one
         * local copy serves both backends. Default: none.
         *
         * @throws IllegalArgumentException if {@code dir} is not a directory
         */
        public Builder localRepository(Path dir) {
            this.localRepository = ModelRepository.requireDirectory(dir, "local model repository");
            return this;
        }

        /** Loads only these models; default: every model of the repository. */
        public Builder models(String... names) {
            this.models = List.of(names);
            return this;
        }

        /** Requests run at the same time, at least 1; default {@value #DEFAULT_CONCURRENCY}. */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /** ONNX Runtime intra-op threads per request, at least 1; default {@value #DEFAULT_INTRA_OP_THREADS}. */
        public Builder intraOpThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("intraOpThreads must be >= 1, got " + threads);
            }
            this.intraOpThreads = threads;
            return this;
        }

        /**
         * The speed mode of every preprocessing model ({@code backend: "radio4j"}), EXACT
         * (byte-identical to Pillow) or FAST; default: each model's {@code speed} parameter, else EXACT.
         *
         * @throws IllegalArgumentException for PASSTHROUGH, which does not decode
         */
        public Builder preprocessSpeed(SpeedMode speed) {
            if (speed == SpeedMode.PASSTHROUGH) {
                throw new IllegalArgumentException("preprocessSpeed must be EXACT or FAST: the server has to decode");
            }
            this.preprocessSpeed = speed;
            return this;
        }

        /**
         * Loads every model now.
         *
         * @throws IllegalStateException if no repository was given
         * @throws BackendException {@link Reason#INVALID_MODEL} or {@link Reason#MODEL_NOT_FOUND}
         *     naming the model that cannot be loaded
         */
        public OnnxBackend build() {
            if (repository == null) {
                throw new IllegalStateException("repository(...) or classpathRepository(...) is required");
            }
            return new OnnxBackend(this);
        }
    }
}
