package io.radio4j.core.backend.internal;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.BackendException.Reason;
import io.radio4j.triton.protocol.ModelConfig;
import io.radio4j.triton.protocol.ModelParameter;
import java.util.Locale;
import java.util.Map;

/**
 * The memory settings Triton's onnxruntime backend reads from a model's {@code parameters}, so a
 * model folder behaves the same in Triton and in the embedded backend:
 *
 * <ul>
 *   <li>{@value #ENABLE_MEM_ARENA}: ONNX Runtime's CPU memory arena on or off (session option);
 *   <li>{@value #ENABLE_MEM_PATTERN}: memory pattern planning on or off (session option);
 *   <li>{@value #ARENA_SHRINKAGE}: the arenas to shrink after every run, e.g. {@code "cpu:0"} (run
 *       option, passed through to ONNX Runtime as Triton does).
 * </ul>
 *
 * <p>Source: triton-inference-server/onnxruntime_backend, {@code src/onnxruntime.cc} (the session
 * options built in {@code ModelState}, the {@code RunOptions} of {@code ModelInstanceState}); booleans
 * are parsed as triton-inference-server/backend {@code src/backend_common.cc ParseBoolValue} does
 * ({@code true/on/1}, {@code false/off/0}, any case). Without these parameters ONNX Runtime's defaults
 * hold: an arena that keeps the largest working set a model ever needed, which for a ViT at
 * 1024×1024 and batch 3 is many gigabytes per model.
 *
 * @param memArena the arena setting, or null when the config does not set it
 * @param memPattern the memory pattern setting, or null when the config does not set it
 * @param arenaShrinkage the shrinkage run option, or null when the config does not set it
 */
public record OrtMemoryOptions(Boolean memArena, Boolean memPattern, String arenaShrinkage) {

    /** Config parameter: ONNX Runtime's CPU memory arena. */
    public static final String ENABLE_MEM_ARENA = "enable_mem_arena";
    /** Config parameter: memory pattern planning. */
    public static final String ENABLE_MEM_PATTERN = "enable_mem_pattern";
    /** Config parameter: arenas shrunk at the end of every run. */
    public static final String ARENA_SHRINKAGE = "memory.enable_memory_arena_shrinkage";

    /**
     * Reads the three parameters of a model config.
     *
     * @throws BackendException {@link Reason#INVALID_MODEL} if a boolean parameter holds another value
     */
    public static OrtMemoryOptions of(ModelConfig config) {
        Map<String, ModelParameter> params = config.getParametersMap();
        return new OrtMemoryOptions(
                bool(config.getName(), params, ENABLE_MEM_ARENA),
                bool(config.getName(), params, ENABLE_MEM_PATTERN),
                params.containsKey(ARENA_SHRINKAGE)
                        ? params.get(ARENA_SHRINKAGE).getStringValue()
                        : null);
    }

    /** Whether the session needs options of its own (the backend's shared ones do not carry these). */
    public boolean customisesSession() {
        return memArena != null || memPattern != null;
    }

    /** Sets the session options this config asks for. */
    public void applyTo(OrtSession.SessionOptions options) throws OrtException {
        if (memArena != null) {
            options.setCPUArenaAllocator(memArena);
        }
        if (memPattern != null) {
            options.setMemoryPatternOptimization(memPattern);
        }
    }

    /** Run options for every run of the model, or null when the config sets none; the caller closes them. */
    public OrtSession.RunOptions newRunOptions() throws OrtException {
        if (arenaShrinkage == null) {
            return null;
        }
        OrtSession.RunOptions run = new OrtSession.RunOptions();
        try {
            run.addRunConfigEntry(ARENA_SHRINKAGE, arenaShrinkage);
            return run;
        } catch (OrtException e) {
            run.close();
            throw e;
        }
    }

    private static Boolean bool(String model, Map<String, ModelParameter> params, String key) {
        ModelParameter p = params.get(key);
        if (p == null) {
            return null;
        }
        return switch (p.getStringValue().toLowerCase(Locale.ROOT)) {
            case "true", "on", "1" -> Boolean.TRUE;
            case "false", "off", "0" -> Boolean.FALSE;
            default ->
                throw new BackendException(
                        Reason.INVALID_MODEL,
                        "model '" + model + "' parameter " + key + ": failed to convert '" + p.getStringValue()
                                + "' to boolean (true/on/1 or false/off/0)");
        };
    }
}
