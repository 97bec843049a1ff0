package io.radio4j.service.index.internal;

import io.radio4j.service.ApiProblemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Which server-side folders the index may read: only those inside one of the allowed roots, both
 * as written (after normalising {@code ..}) and after resolving symbolic links, so neither a
 * {@code ../} nor a link inside a root leads out of it. An allowed folder is handed out as a
 * {@link ConfinedFolder} on its root plus the way down, so it is then read only through handles that
 * refuse links, even if the tree changes after this check. Immutable and thread-safe.
 */
public final class FolderPolicy {

    /** A folder that passed the policy: its allowed root (read only through handles) and the way down to it. */
    public record AllowedFolder(ConfinedFolder folder, Path realRoot, List<String> segments) {
        /** Copies the segments. */
        public AllowedFolder {
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(realRoot, "realRoot");
            segments = List.copyOf(segments);
        }
    }

    private final List<Path> roots;

    /** @param roots the allowed roots ({@code radio4j.index.allowed-roots}); empty turns server-side folders off */
    public FolderPolicy(List<Path> roots) {
        this.roots = roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
    }

    /**
     * The requested folder, if the policy allows it.
     *
     * @throws ApiProblemException 403 when no root is configured or the folder is outside every root
     *     (as written or through a link), 400 when {@code folder} is blank, 422 when it is not an
     *     absolute path to an existing folder
     */
    public AllowedFolder check(String folder) {
        if (roots.isEmpty()) {
            throw new ApiProblemException(
                    403,
                    "Server-side folders disabled",
                    "indexing server-side folders is off: radio4j.index.allowed-roots is empty; upload the files instead");
        }
        if (folder == null || folder.isBlank()) {
            throw ApiProblemException.badRequest(
                    "'folder' is required: an absolute path inside radio4j.index.allowed-roots");
        }
        Path requested;
        try {
            requested = Path.of(folder);
        } catch (InvalidPathException e) {
            throw ApiProblemException.unprocessable("'folder' is not a valid path");
        }
        if (!requested.isAbsolute()) {
            throw ApiProblemException.unprocessable("'folder' must be an absolute path, got '" + folder + "'");
        }
        Path normalized = requested.normalize();
        Path root = roots.stream()
                .filter(normalized::startsWith)
                .max(Comparator.comparingInt(Path::getNameCount))
                .orElseThrow(() -> outsideRoots(folder));
        Path real;
        try {
            real = normalized.toRealPath();
        } catch (IOException e) {
            throw ApiProblemException.unprocessable("'" + folder + "' does not exist or cannot be read");
        }
        // A link inside a root may point anywhere: compare the resolved path with the resolved roots.
        if (roots.stream().map(FolderPolicy::realOrNull).noneMatch(r -> r != null && real.startsWith(r))) {
            throw outsideRoots(folder);
        }
        if (!Files.isDirectory(real)) {
            throw ApiProblemException.unprocessable("'" + folder + "' is not a folder");
        }
        Path realRoot = realOrNull(root);
        if (realRoot == null) {
            throw outsideRoots(folder);
        }
        List<String> segments = new ArrayList<>();
        root.relativize(normalized).forEach(part -> {
            if (!part.toString().isEmpty()) {
                segments.add(part.toString());
            }
        });
        return new AllowedFolder(new ConfinedFolder(root), realRoot, segments);
    }

    private static Path realOrNull(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    private static ApiProblemException outsideRoots(String folder) {
        return new ApiProblemException(
                403, "Folder not allowed", "'" + folder + "' is outside radio4j.index.allowed-roots");
    }
}
