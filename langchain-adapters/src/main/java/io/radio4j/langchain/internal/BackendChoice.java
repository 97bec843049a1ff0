package io.radio4j.langchain.internal;

import io.radio4j.core.backend.InferenceBackend;
import io.radio4j.core.backend.OnnxBackend;
import io.radio4j.core.backend.TritonBackend;

import java.nio.file.Path;
import java.util.List;

/**
 * The backend a model builder was configured with: one given by the caller (never closed here),
 * or one created from Triton addresses or an embedded repository (closed with the model). Exactly
 * one source must be chosen, so a misconfigured builder fails at build instead of silently
 * embedding with stand-in models.
 *
 * @param backend the backend to use
 * @param owned whether the model created it and must close it
 */
public record BackendChoice(InferenceBackend backend, boolean owned) {

    /**
     * @param given a caller's backend, or null
     * @param tritonTargets Triton gRPC addresses ({@code host:port}), or null/empty
     * @param localRepository local copy of Triton's repository (for tokenizer files), or null
     * @param embeddedRepository an on-disk repository for the embedded ONNX backend, or null
     * @param embeddedTiny whether to embed the tiny stand-in models from the classpath
     * @throws IllegalStateException unless exactly one source is given
     */
    public static BackendChoice of(InferenceBackend given, List<String> tritonTargets, Path localRepository,
                                   Path embeddedRepository, boolean embeddedTiny) {
        int chosen = (given != null ? 1 : 0) + (tritonTargets != null && !tritonTargets.isEmpty() ? 1 : 0)
                + (embeddedRepository != null ? 1 : 0) + (embeddedTiny ? 1 : 0);
        if (chosen != 1) {
            throw new IllegalStateException((chosen == 0 ? "no backend configured" : "more than one backend configured")
                    + ": give exactly one of backend(...), tritonTarget(s)(...), embeddedRepository(...) or embeddedTinyRepository()");
        }
        if (given != null) {
            return new BackendChoice(given, false);
        }
        if (embeddedRepository != null) {
            return new BackendChoice(OnnxBackend.builder().repository(embeddedRepository).build(), true);
        }
        if (embeddedTiny) {
            return new BackendChoice(OnnxBackend.tiny(), true);
        }
        TritonBackend.Builder triton = TritonBackend.builder().targets(tritonTargets);
        if (localRepository != null) {
            triton.localRepository(localRepository);
        }
        return new BackendChoice(triton.build(), true);
    }

    /** Closes the backend if the model created it. */
    public void closeIfOwned() {
        if (owned) {
            backend.close();
        }
    }
}
