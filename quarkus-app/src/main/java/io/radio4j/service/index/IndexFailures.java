package io.radio4j.service.index;

import io.radio4j.service.ApiProblemException;
import io.radio4j.service.Problems;

/**
 * The failures of an index request: each image's own problem, from the service's one mapping
 * ({@link Problems#ofItem}), and the request's problem when no image was indexed at all.
 */
final class IndexFailures {

    private IndexFailures() {}

    /** The HTTP status and words of one image's failure, as the request would have been answered for it alone. */
    static ImageIndexService.Failure of(String fileName, Throwable e) {
        Problems.Mapped m = Problems.ofItem(e);
        return new ImageIndexService.Failure(fileName, m.status(), m.problem().detail());
    }

    /** The result, or, when nothing was indexed, the first failure as the request's problem. */
    static ImageIndexService.IndexResult requireSome(ImageIndexService.IndexResult result) {
        if (result.indexed().isEmpty() && !result.failed().isEmpty()) {
            ImageIndexService.Failure first = result.failed().getFirst();
            throw new ApiProblemException(
                    first.status(),
                    first.status() == 503 ? "Backend unavailable" : "Image not indexed",
                    "'" + first.fileName() + "': " + first.detail()
                            + (result.failed().size() > 1
                                    ? " (" + result.failed().size() + " files failed)"
                                    : ""));
        }
        return result;
    }
}
