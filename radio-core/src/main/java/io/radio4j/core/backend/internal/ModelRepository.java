package io.radio4j.core.backend.internal;

import io.radio4j.core.backend.BackendException;
import io.radio4j.core.backend.BackendException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Triton model repository the embedded backend reads: a folder ({@code <repo>/<model>/config.pbtxt},
 * {@code <repo>/<model>/<version>/model.onnx}) or the same layout under a classpath root.
 */
public sealed interface ModelRepository {

    /** A model's ONNX graph: a file (which may sit beside external-data files) or bytes. */
    sealed interface Graph {
        record File(Path path) implements Graph {}

        record Bytes(byte[] content) implements Graph {}
    }

    /**
     * {@code dir}, once checked to be a folder: the check of every builder setting that takes a
     * repository folder.
     *
     * @param what the setting, as the error names it (e.g. "local model repository")
     * @throws IllegalArgumentException if {@code dir} is not a directory
     */
    static Path requireDirectory(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(what + " " + dir + " is not a directory");
        }
        return dir;
    }

    /** The models the repository holds, for when the caller names none. */
    List<String> modelNames();

    /** The text of {@code <model>/config.pbtxt}, or empty if the model is not there. */
    Optional<String> config(String model);

    /** A file beside the config; empty when absent. */
    Optional<byte[]> file(String model, String fileName);

    /** The highest version among {@code candidates} (or present, for folders) holding the graph. */
    Optional<String> latestVersion(String model, String modelFileName, List<String> candidates);

    /** The graph of a version. */
    Graph graph(String model, String version, String modelFileName);

    /** Where this repository is, for messages. */
    String location();

    /** Checks a file name taken from a caller: a plain name inside the model folder. */
    static String checkFileName(String fileName) {
        if (fileName == null
                || fileName.isEmpty()
                || fileName.contains("/")
                || fileName.contains("\\")
                || fileName.equals("..")
                || fileName.equals(".")) {
            throw new IllegalArgumentException("not a plain file name: '" + fileName + "'");
        }
        return fileName;
    }

    /** A repository folder on disk. */
    record Directory(Path root) implements ModelRepository {

        @Override
        public List<String> modelNames() {
            try (Stream<Path> children = Files.list(root)) {
                return children.filter(p -> Files.isRegularFile(p.resolve("config.pbtxt")))
                        .map(p -> p.getFileName().toString())
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new BackendException(
                        Reason.INVALID_MODEL, "cannot list the model repository " + root + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Optional<String> config(String model) {
            return file(model, "config.pbtxt").map(b -> new String(b, StandardCharsets.UTF_8));
        }

        @Override
        public Optional<byte[]> file(String model, String fileName) {
            Path file = root.resolve(checkFileName(model)).resolve(checkFileName(fileName));
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }

        @Override
        public Optional<String> latestVersion(String model, String modelFileName, List<String> candidates) {
            Path dir = root.resolve(model);
            try (Stream<Path> children = Files.list(dir)) {
                // Triton ignores version folders that are not numbers or start with 0.
                return children.map(p -> p.getFileName().toString())
                        .filter(v -> v.matches("[1-9][0-9]{0,17}"))
                        .filter(v -> candidates.isEmpty() || candidates.contains(v))
                        .filter(v -> Files.exists(dir.resolve(v).resolve(modelFileName)))
                        .max(Comparator.comparingLong(Long::parseLong));
            } catch (IOException e) {
                throw new BackendException(Reason.INVALID_MODEL, "cannot list " + dir + ": " + e.getMessage(), e);
            }
        }

        @Override
        public Graph graph(String model, String version, String modelFileName) {
            Path path = root.resolve(model).resolve(version).resolve(modelFileName);
            // Triton's directory form for graphs over 2 GB: model.onnx/ holding model.onnx and its external data.
            if (Files.isDirectory(path)) {
                path = path.resolve(modelFileName);
            }
            return new Graph.File(path);
        }

        @Override
        public String location() {
            return root.toString();
        }
    }

    /** The same layout under a classpath root, e.g. {@code radio4j/tiny}; resources cannot be listed, so model names are given. */
    record Classpath(String root, List<String> knownModels, ClassLoader loader) implements ModelRepository {

        public Classpath {
            root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
            knownModels = List.copyOf(knownModels);
        }

        @Override
        public List<String> modelNames() {
            return knownModels.stream()
                    .filter(m -> loader.getResource(root + "/" + m + "/config.pbtxt") != null)
                    .toList();
        }

        @Override
        public Optional<String> config(String model) {
            return file(model, "config.pbtxt").map(b -> new String(b, StandardCharsets.UTF_8));
        }

        @Override
        public Optional<byte[]> file(String model, String fileName) {
            return read(root + "/" + checkFileName(model) + "/" + checkFileName(fileName));
        }

        @Override
        public Optional<String> latestVersion(String model, String modelFileName, List<String> candidates) {
            List<String> versions = candidates.isEmpty() ? List.of("1") : candidates;
            return versions.stream()
                    .filter(v -> loader.getResource(root + "/" + model + "/" + v + "/" + modelFileName) != null)
                    .max(Comparator.comparingLong(Long::parseLong));
        }

        @Override
        public Graph graph(String model, String version, String modelFileName) {
            String name = root + "/" + model + "/" + version + "/" + modelFileName;
            return new Graph.Bytes(read(name)
                    .orElseThrow(() ->
                            new BackendException(Reason.INVALID_MODEL, "classpath resource " + name + " is missing")));
        }

        @Override
        public String location() {
            return "classpath:" + root;
        }

        private Optional<byte[]> read(String resource) {
            try (InputStream in = loader.getResourceAsStream(resource)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read classpath resource " + resource, e);
            }
        }
    }
}
