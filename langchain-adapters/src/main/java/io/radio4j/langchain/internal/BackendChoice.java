package io.radio4j.langchain.internal;

import io.radio4j.core.backend.BackendSpec;
import io.radio4j.core.backend.InferenceBackend;
import java.nio.file.Path;
import java.util.List;

/**
 * The backend a model builder was configured with: one given by the caller (never closed here),
 * or one created through radio-core's {@link BackendSpec} from Triton addresses or an embedded
 * repository (closed with the model). Exactly one source must be chosen, so a misconfigured builder
 * fails at build instead of silently embedding with stand-in models; a local repository applies to
 * whichever backend the builder creates (Triton and embedded alike) and is refused with a caller's
 * backend, which the builder cannot change.
 *
 * @param backend the backend to use
 * @param owned whether the model created it and must close it
 */
public record BackendChoice(InferenceBackend backend, boolean owned) {

    /**
     * @param given a caller's backend, or null
     * @param tritonTargets Triton gRPC addresses ({@code host:port}), or null/empty
     * @param localRepository local copy of the repository, read for files beside a model's config
     *     (the tokenizer) by the created backend, or null
     * @param embeddedRepository an on-disk repository for the embedded ONNX backend, or null
     * @param embeddedTiny whether to embed the tiny stand-in models from the classpath
     * @throws IllegalStateException unless exactly one source is given, or if a local repository
     *     comes with a caller's backend
     */
    public static BackendChoice of(
            InferenceBackend given,
            List<String> tritonTargets,
            Path localRepository,
            Path embeddedRepository,
            boolean embeddedTiny) {
        boolean triton = tritonTargets != null && !tritonTargets.isEmpty();
        int chosen = (given != null ? 1 : 0)
                + (triton ? 1 : 0)
                + (embeddedRepository != null ? 1 : 0)
                + (embeddedTiny ? 1 : 0);
        if (chosen != 1) {
            throw new IllegalStateException(
                    (chosen == 0 ? "no backend configured" : "more than one backend configured")
                            + ": give exactly one of backend(...), tritonTarget(s)(...), embeddedRepository(...) or embeddedTinyRepository()");
        }
        if (given != null) {
            if (localRepository != null) {
                throw new IllegalStateException("localRepository(...) configures a backend the builder creates; "
                        + "give the local repository to the backend passed to backend(...) instead");
            }
            return new BackendChoice(given, false);
        }
        BackendSpec.Builder spec = BackendSpec.builder().localRepository(localRepository);
        if (triton) {
            spec.kind(BackendSpec.Kind.TRITON).targets(tritonTargets);
        } else {
            spec.repository(embeddedRepository);
        }
        return new BackendChoice(spec.build().create(), true);
    }

    /** Closes the backend if the model created it. */
    public void closeIfOwned() {
        if (owned) {
            backend.close();
        }
    }
}
