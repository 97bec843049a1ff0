package io.radio4j.triton.testing;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.radio4j.triton.DataType;
import io.radio4j.triton.InferInput;
import io.radio4j.triton.InferOutput;
import io.radio4j.triton.InferResult;
import io.radio4j.triton.ModelMetadata;
import io.radio4j.triton.ModelStatistics;
import io.radio4j.triton.TensorMetadata;
import io.radio4j.triton.protocol.GRPCInferenceServiceGrpc;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelConfigRequest;
import io.radio4j.triton.protocol.ModelConfigResponse;
import io.radio4j.triton.protocol.ModelInferRequest;
import io.radio4j.triton.protocol.ModelInferResponse;
import io.radio4j.triton.protocol.ModelInput;
import io.radio4j.triton.protocol.ModelMetadataRequest;
import io.radio4j.triton.protocol.ModelMetadataResponse;
import io.radio4j.triton.protocol.ModelOutput;
import io.radio4j.triton.protocol.ModelReadyRequest;
import io.radio4j.triton.protocol.ModelReadyResponse;
import io.radio4j.triton.protocol.ModelStatisticsRequest;
import io.radio4j.triton.protocol.ModelStatisticsResponse;
import io.radio4j.triton.protocol.ModelStreamInferResponse;
import io.radio4j.triton.protocol.RepositoryIndexRequest;
import io.radio4j.triton.protocol.RepositoryIndexResponse;
import io.radio4j.triton.protocol.RepositoryModelLoadRequest;
import io.radio4j.triton.protocol.RepositoryModelLoadResponse;
import io.radio4j.triton.protocol.RepositoryModelUnloadRequest;
import io.radio4j.triton.protocol.RepositoryModelUnloadResponse;
import io.radio4j.triton.protocol.ServerLiveRequest;
import io.radio4j.triton.protocol.ServerLiveResponse;
import io.radio4j.triton.protocol.ServerMetadataRequest;
import io.radio4j.triton.protocol.ServerMetadataResponse;
import io.radio4j.triton.protocol.ServerReadyRequest;
import io.radio4j.triton.protocol.ServerReadyResponse;
import io.radio4j.triton.server.KServeCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A KServe v2 / Triton {@code GRPCInferenceService} for tests: serves {@link FakeModel}s, checks
 * requests and words its errors as Triton does (texts from Triton's core and server sources, as
 * collected in the project's protocol notes), and lets a test inject failures and see what arrived.
 *
 * <p>Streams: each request is handled on a worker pool, so responses can overtake each other. The
 * request parameters {@code repeat} (int64: that many responses, like a decoupled model) and
 * {@code delay_ms} (int64: wait first, abandoning the work if the call is cancelled) are honoured
 * by every model. Thread-safe.
 */
public final class FakeTritonService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    private final Map<String, FakeModel> models = new ConcurrentHashMap<>();
    private final Map<String, Boolean> loaded = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> inferenceCounts = new ConcurrentHashMap<>();
    private final Map<String, Queue<Status>> injectedFailures = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> callCounts = new ConcurrentHashMap<>();
    private final Queue<ModelInferRequest> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final ExecutorService streamWorkers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "fake-triton-stream");
        thread.setDaemon(true);
        return thread;
    });

    /** A service serving {@code models}. */
    public FakeTritonService(List<FakeModel> models) {
        models.forEach(this::addModel);
    }

    /** A service serving {@link FakeModels#standard()}. */
    public static FakeTritonService standard() {
        return new FakeTritonService(FakeModels.standard());
    }

    /** Adds (or replaces) a model, loaded. */
    public void addModel(FakeModel model) {
        models.put(model.name(), model);
        loaded.put(model.name(), true);
    }

    /** The next calls of {@code method} (e.g. "ServerLive", "ModelInfer") fail with these statuses, in order. */
    public void failNext(String method, Status... statuses) {
        Queue<Status> queue = injectedFailures.computeIfAbsent(method, m -> new ConcurrentLinkedQueue<>());
        Collections.addAll(queue, statuses);
    }

    /** How many times {@code method} was called (including failed attempts). */
    public int calls(String method) {
        AtomicInteger count = callCounts.get(method);
        return count == null ? 0 : count.get();
    }

    /** Every ModelInfer / stream request received, oldest first. */
    public List<ModelInferRequest> receivedRequests() {
        return List.copyOf(received);
    }

    /** Requests being computed right now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Requests whose caller went away (deadline, cancel) before they finished; the work was dropped. */
    public int abandoned() {
        return abandoned.get();
    }

    /** Stops the stream worker pool. */
    public void shutdown() {
        streamWorkers.shutdownNow();
    }

    private boolean injected(String method, StreamObserver<?> observer) {
        callCounts.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        Queue<Status> queue = injectedFailures.get(method);
        Status status = queue == null ? null : queue.poll();
        if (status != null) {
            observer.onError(status.asException());
            return true;
        }
        return false;
    }

    // ---- health and metadata ----

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> observer) {
        if (!injected("ServerLive", observer)) {
            reply(observer, ServerLiveResponse.newBuilder().setLive(true).build());
        }
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> observer) {
        if (!injected("ServerReady", observer)) {
            reply(observer, ServerReadyResponse.newBuilder().setReady(true).build());
        }
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> observer) {
        if (injected("ModelReady", observer)) {
            return;
        }
        try {
            model(request.getName(), request.getVersion(), false);
            reply(
                    observer,
                    ModelReadyResponse.newBuilder()
                            .setReady(loaded.getOrDefault(request.getName(), false))
                            .build());
        } catch (StatusException e) {
            observer.onError(e);
        }
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> observer) {
        if (!injected("ServerMetadata", observer)) {
            reply(
                    observer,
                    ServerMetadataResponse.newBuilder()
                            .setName("triton")
                            .setVersion("2.0.0-fake")
                            .addExtensions("classification")
                            .addExtensions("model_repository")
                            .addExtensions("statistics")
                            .build());
        }
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> observer) {
        if (injected("ModelMetadata", observer)) {
            return;
        }
        try {
            ModelConfig config =
                    model(request.getName(), request.getVersion(), true).config();
            List<TensorMetadata> inputs = new ArrayList<>();
            for (ModelInput input : config.getInputList()) {
                inputs.add(new TensorMetadata(
                        input.getName(),
                        KServeCodec.dataType(input.getDataType()),
                        fullShape(config, input.getDimsList()).stream()
                                .mapToLong(Long::longValue)
                                .toArray()));
            }
            List<TensorMetadata> outputs = new ArrayList<>();
            for (ModelOutput output : config.getOutputList()) {
                outputs.add(new TensorMetadata(
                        output.getName(),
                        KServeCodec.dataType(output.getDataType()),
                        fullShape(config, output.getDimsList()).stream()
                                .mapToLong(Long::longValue)
                                .toArray()));
            }
            ModelMetadataResponse metadata = KServeCodec.metadata(
                    new ModelMetadata(config.getName(), List.of("1"), config.getPlatform(), inputs, outputs));
            reply(observer, metadata);
        } catch (StatusException e) {
            observer.onError(e);
        }
    }

    @Override
    public void modelConfig(ModelConfigRequest request, StreamObserver<ModelConfigResponse> observer) {
        if (injected("ModelConfig", observer)) {
            return;
        }
        try {
            reply(
                    observer,
                    ModelConfigResponse.newBuilder()
                            .setConfig(model(request.getName(), request.getVersion(), true)
                                    .config())
                            .build());
        } catch (StatusException e) {
            observer.onError(e);
        }
    }

    @Override
    public void modelStatistics(ModelStatisticsRequest request, StreamObserver<ModelStatisticsResponse> observer) {
        if (injected("ModelStatistics", observer)) {
            return;
        }
        try {
            List<String> names = new ArrayList<>();
            if (request.getName().isEmpty()) {
                names.addAll(new java.util.TreeSet<>(models.keySet()));
            } else {
                names.add(model(request.getName(), request.getVersion(), true).name());
            }
            ModelStatisticsResponse.Builder response = ModelStatisticsResponse.newBuilder();
            for (String name : names) {
                long count = inferenceCounts
                        .computeIfAbsent(name, n -> new AtomicLong())
                        .get();
                ModelStatistics.InferStats stats = new ModelStatistics.InferStats(
                        new ModelStatistics.Duration(count, 0), null, null, null, null, null, null, null);
                response.addModelStats(
                        KServeCodec.statistics(new ModelStatistics(name, "1", 0, count, count, stats, List.of())));
            }
            reply(observer, response.build());
        } catch (StatusException e) {
            observer.onError(e);
        }
    }

    @Override
    public void repositoryIndex(RepositoryIndexRequest request, StreamObserver<RepositoryIndexResponse> observer) {
        if (injected("RepositoryIndex", observer)) {
            return;
        }
        RepositoryIndexResponse.Builder response = RepositoryIndexResponse.newBuilder();
        for (String name : new java.util.TreeSet<>(models.keySet())) {
            boolean ready = loaded.getOrDefault(name, false);
            if (request.getReady() && !ready) {
                continue;
            }
            response.addModels(RepositoryIndexResponse.ModelIndex.newBuilder()
                    .setName(name)
                    .setVersion(ready ? "1" : "")
                    .setState(ready ? "READY" : "UNAVAILABLE")
                    .setReason(ready ? "" : "unloaded"));
        }
        reply(observer, response.build());
    }

    @Override
    public void repositoryModelLoad(
            RepositoryModelLoadRequest request, StreamObserver<RepositoryModelLoadResponse> observer) {
        if (injected("RepositoryModelLoad", observer)) {
            return;
        }
        if (!models.containsKey(request.getModelName())) {
            observer.onError(Status.INTERNAL
                    .withDescription(
                            "failed to load '" + request.getModelName() + "', failed to poll from model repository")
                    .asException());
            return;
        }
        loaded.put(request.getModelName(), true);
        reply(observer, RepositoryModelLoadResponse.getDefaultInstance());
    }

    @Override
    public void repositoryModelUnload(
            RepositoryModelUnloadRequest request, StreamObserver<RepositoryModelUnloadResponse> observer) {
        if (injected("RepositoryModelUnload", observer)) {
            return;
        }
        if (models.containsKey(request.getModelName())) {
            loaded.put(request.getModelName(), false);
        }
        reply(observer, RepositoryModelUnloadResponse.getDefaultInstance());
    }

    // ---- inference ----

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> observer) {
        if (injected("ModelInfer", observer)) {
            return;
        }
        received.add(request);
        try {
            List<ModelInferResponse> responses = run(request);
            reply(observer, responses.getFirst());
        } catch (StatusException e) {
            observer.onError(e);
        } catch (AbandonedException e) {
            // The caller is gone; gRPC already closed the call.
        }
    }

    @Override
    public StreamObserver<ModelInferRequest> modelStreamInfer(StreamObserver<ModelStreamInferResponse> observer) {
        callCounts.computeIfAbsent("ModelStreamInfer", m -> new AtomicInteger()).incrementAndGet();
        ServerCallStreamObserver<ModelStreamInferResponse> responses =
                (ServerCallStreamObserver<ModelStreamInferResponse>) observer;
        AtomicInteger pending = new AtomicInteger(1); // 1 for the open request side
        Object lock = new Object();
        Runnable finishOne = () -> {
            if (pending.decrementAndGet() == 0) {
                synchronized (lock) {
                    responses.onCompleted();
                }
            }
        };
        Context context = Context.current();
        return new StreamObserver<>() {
            @Override
            public void onNext(ModelInferRequest request) {
                received.add(request);
                pending.incrementAndGet();
                streamWorkers.execute(context.wrap(() -> {
                    try {
                        List<ModelInferResponse> results = run(request);
                        synchronized (lock) {
                            results.forEach(r -> responses.onNext(ModelStreamInferResponse.newBuilder()
                                    .setInferResponse(r)
                                    .build()));
                        }
                    } catch (StatusException e) {
                        synchronized (lock) {
                            responses.onNext(ModelStreamInferResponse.newBuilder()
                                    .setErrorMessage(e.getStatus().getDescription())
                                    .setInferResponse(ModelInferResponse.newBuilder()
                                            .setId(request.getId())
                                            .setModelName(request.getModelName())
                                            .setModelVersion(request.getModelVersion()))
                                    .build());
                        }
                    } catch (AbandonedException | RuntimeException e) {
                        // Stream cancelled or closed under us: nothing more to send.
                    } finally {
                        finishOne.run();
                    }
                }));
            }

            @Override
            public void onError(Throwable t) {
                // Client cancelled; workers notice through the cancelled context.
            }

            @Override
            public void onCompleted() {
                finishOne.run();
            }
        };
    }

    private List<ModelInferResponse> run(ModelInferRequest request) throws StatusException, AbandonedException {
        String idTag = "[request id: " + (request.getId().isEmpty() ? "<id_unknown>" : request.getId()) + "] ";
        FakeModel model = model(request.getModelName(), request.getModelVersion(), true);
        List<InferInput> inputs;
        try {
            inputs = decodeInputs(request, model.config(), idTag);
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT
                    .withDescription(idTag + e.getMessage())
                    .asException();
        }
        Map<String, Object> parameters = KServeCodec.parameters(request.getParametersMap());
        inFlight.incrementAndGet();
        try {
            long delay = parameters.get("delay_ms") instanceof Long ms ? ms : 0;
            waitOrAbandon(delay);
            List<InferOutput> outputs = model.handler().infer(inputs, parameters);
            List<InferOutput> selected = select(outputs, request, model.name());
            inferenceCounts
                    .computeIfAbsent(model.name(), n -> new AtomicLong())
                    .addAndGet(batchOf(inputs, model.config()));
            long repeat = parameters.get("repeat") instanceof Long n ? n : 1;
            List<ModelInferResponse> responses = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                Map<String, Object> responseParameters = new LinkedHashMap<>();
                if (repeat > 1) {
                    responseParameters.put("sequence_index", (long) i);
                }
                responses.add(KServeCodec.response(
                        new InferResult(model.name(), "1", request.getId(), responseParameters, selected)));
            }
            return responses;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void waitOrAbandon(long delayMillis) throws AbandonedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        while (System.nanoTime() < end) {
            if (Context.current().isCancelled()) {
                abandoned.incrementAndGet();
                throw new AbandonedException();
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandoned.incrementAndGet();
                throw new AbandonedException();
            }
        }
    }

    private static long batchOf(List<InferInput> inputs, ModelConfig config) {
        return config.getMaxBatchSize() > 0 && !inputs.isEmpty()
                ? inputs.getFirst().shape()[0]
                : 1;
    }

    private List<InferOutput> select(List<InferOutput> outputs, ModelInferRequest request, String model)
            throws StatusException {
        if (request.getOutputsCount() == 0) {
            return outputs;
        }
        List<InferOutput> selected = new ArrayList<>();
        for (ModelInferRequest.InferRequestedOutputTensor wanted : request.getOutputsList()) {
            InferOutput match = outputs.stream()
                    .filter(o -> o.name().equals(wanted.getName()))
                    .findFirst()
                    .orElseThrow(() -> Status.INVALID_ARGUMENT
                            .withDescription(
                                    "unexpected inference output '" + wanted.getName() + "' for model '" + model + "'")
                            .asException());
            selected.add(match);
        }
        return selected;
    }

    /** Triton's order of checks: known input, datatype, shape (-1, rank, dims, batch), byte size. */
    private static List<InferInput> decodeInputs(ModelInferRequest request, ModelConfig config, String idTag)
            throws StatusException {
        String model = config.getName();
        boolean raw = request.getRawInputContentsCount() > 0;
        if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("unable to find data for input tensor '"
                            + request.getInputs(request.getInputsCount() - 1).getName() + "' for model '" + model
                            + "' in request.")
                    .asException();
        }
        Map<String, ModelInput> declared = new LinkedHashMap<>();
        config.getInputList().forEach(i -> declared.put(i.getName(), i));
        List<InferInput> inputs = new ArrayList<>();
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor tensor = request.getInputs(i);
            long[] shape =
                    tensor.getShapeList().stream().mapToLong(Long::longValue).toArray();
            if (!declared.isEmpty()) {
                ModelInput spec = declared.get(tensor.getName());
                if (spec == null) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription(idTag + "unexpected inference input '" + tensor.getName() + "' for model '"
                                    + model + "'")
                            .asException();
                }
                String expectedType = KServeCodec.dataType(spec.getDataType()).wireName();
                if (!expectedType.equals(tensor.getDatatype())) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription(idTag + "inference input '" + tensor.getName() + "' data-type is '"
                                    + tensor.getDatatype() + "', but model '" + model + "' expects '" + expectedType
                                    + "'")
                            .asException();
                }
                for (long dim : shape) {
                    if (dim < 0) {
                        throw Status.INVALID_ARGUMENT
                                .withDescription(idTag + "All input dimensions should be specified for input '"
                                        + tensor.getName() + "' for model '" + model + "', got " + format(shape))
                                .asException();
                    }
                }
                List<Long> expected = fullShape(config, spec.getDimsList());
                boolean ok = expected.size() == shape.length;
                for (int d = 0; ok && d < shape.length; d++) {
                    ok = expected.get(d) == -1 || expected.get(d) == shape[d];
                }
                if (!ok) {
                    String note = config.getMaxBatchSize() > 0
                            ? " NOTE: Setting a non-zero max_batch_size in the model config requires a batch dimension to be prepended to each input shape."
                            : "";
                    throw Status.INVALID_ARGUMENT
                            .withDescription(idTag + "unexpected shape for input '" + tensor.getName()
                                    + "' for model '" + model + "'. Expected "
                                    + format(expected.stream()
                                            .mapToLong(Long::longValue)
                                            .toArray())
                                    + ", got " + format(shape) + "." + note)
                            .asException();
                }
                if (config.getMaxBatchSize() > 0 && shape[0] > config.getMaxBatchSize()) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription(idTag + "inference request batch-size must be <= "
                                    + config.getMaxBatchSize() + " for '" + model + "'")
                            .asException();
                }
                DataType type = KServeCodec.dataType(spec.getDataType());
                if (raw && type.isFixedSize()) {
                    long expectedBytes = type.byteSize();
                    for (long dim : shape) {
                        expectedBytes *= dim;
                    }
                    long got = request.getRawInputContents(i).size();
                    if (expectedBytes != got) {
                        throw Status.INVALID_ARGUMENT
                                .withDescription(idTag + "input byte size mismatch for input '" + tensor.getName()
                                        + "' for model '" + model + "'. Expected " + expectedBytes + ", got " + got)
                                .asException();
                    }
                }
            }
        }
        if (!declared.isEmpty()) {
            List<String> missing = new ArrayList<>();
            List<String> given = request.getInputsList().stream()
                    .map(ModelInferRequest.InferInputTensor::getName)
                    .toList();
            for (ModelInput spec : config.getInputList()) {
                if (!spec.getOptional() && !given.contains(spec.getName())) {
                    missing.add(spec.getName());
                }
            }
            if (!missing.isEmpty()) {
                throw Status.INVALID_ARGUMENT
                        .withDescription(idTag + "expected " + config.getInputCount() + " inputs but got "
                                + given.size() + " inputs for model '" + model + "'. Got input(s) " + given
                                + ", but missing required input(s) " + missing
                                + ". Please provide all required input(s).")
                        .asException();
            }
        }
        inputs.addAll(KServeCodec.inputs(request));
        return inputs;
    }

    private FakeModel model(String name, String version, boolean mustBeLoaded) throws StatusException {
        FakeModel model = models.get(name);
        if (model == null) {
            throw Status.NOT_FOUND
                    .withDescription("Request for unknown model: '" + name + "' is not found")
                    .asException();
        }
        if (!version.isEmpty() && !version.equals("1")) {
            throw Status.NOT_FOUND
                    .withDescription("Request for unknown model: '" + name + "' version " + version + " is not found")
                    .asException();
        }
        if (mustBeLoaded && !loaded.getOrDefault(name, false)) {
            throw Status.NOT_FOUND
                    .withDescription("Request for unknown model: '" + name + "' has no available versions")
                    .asException();
        }
        return model;
    }

    private static List<Long> fullShape(ModelConfig config, List<Long> dims) {
        List<Long> shape = new ArrayList<>();
        if (config.getMaxBatchSize() > 0) {
            shape.add(-1L);
        }
        shape.addAll(dims);
        return shape;
    }

    private static String format(long[] shape) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return text.append(']').toString();
    }

    private static <T> void reply(StreamObserver<T> observer, T value) {
        observer.onNext(value);
        observer.onCompleted();
    }

    /** The caller went away while the request waited. */
    private static final class AbandonedException extends Exception {
        AbandonedException() {
            super(null, null, false, false);
        }
    }
}
