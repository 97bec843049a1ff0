package io.radio4j.benchmarks.perfanalyzer;

import io.radio4j.core.image.ImageLimits;
import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeMode;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.image.SpeedMode;
import io.radio4j.core.text.SigLipTokenizer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code input-data}: perf_analyzer {@code --input-data} JSON for one model, from real images (or
 * texts) run through radio4j's own preprocessing (or tokenizer).
 */
@Command(
        name = "input-data",
        mixinStandardHelpOptions = true,
        description =
                "Write perf_analyzer --input-data JSON for a model from images (or texts) preprocessed by radio4j.")
public final class InputDataCommand implements Callable<Integer> {

    /** Default of {@code --max-image-bytes}. */
    public static final long DEFAULT_MAX_IMAGE_BYTES = ImageLimits.DEFAULT_MAX_IMAGE_BYTES;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            description =
                    "Triton model: c_radio_v4_h, c_radio_v4_so400m, radio1d_h, radio_clip_vision or radio_clip_text.")
    String model;

    @Option(
            names = "--images",
            description = "Image files or folders (non-recursive; .jpg .jpeg .png .webp .bmp .gif).")
    List<Path> images = new ArrayList<>();

    @Option(names = "--texts", description = "A UTF-8 file with one text per line (radio_clip_text).")
    Path texts;

    @Option(names = "--tokenizer", description = "The model's tokenizer.json (radio_clip_text).")
    Path tokenizer;

    @Option(names = "--out", required = true, description = "Output JSON file.")
    Path out;

    @Option(
            names = "--format",
            defaultValue = "UINT8_HWC",
            description =
                    "Image tensor format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}). FP16 is written as b64.")
    TensorFormat format;

    @Option(names = "--resize", description = "SQUASH, CENTER_CROP or SNAP16 (default: the model's).")
    ResizeMode resize;

    @Option(names = "--size", description = "Target size S (SQUASH: SxS); default: the model's.")
    Integer size;

    @Option(names = "--speed", defaultValue = "EXACT", description = "EXACT or FAST (default ${DEFAULT-VALUE}).")
    SpeedMode speed;

    @Option(
            names = "--tensor",
            description = "Override the input tensor name (default: image, or pixel_values for FP16/FP32).")
    String tensor;

    @Option(names = "--num-tokens", description = "RADIO1D num_tokens value (default 256).")
    Integer numTokens;

    @Option(names = "--json-arrays", description = "Write UINT8/INT64/FP32 content as JSON arrays instead of b64.")
    boolean jsonArrays;

    @Option(
            names = "--max-entries",
            defaultValue = "" + InputDataWriter.DEFAULT_MAX_ENTRIES,
            description = "Most entries (images or texts) in one file (default ${DEFAULT-VALUE}).")
    int maxEntries;

    @Option(
            names = "--max-image-bytes",
            defaultValue = "" + DEFAULT_MAX_IMAGE_BYTES,
            description = "Largest accepted image file, bytes (default ${DEFAULT-VALUE}).")
    long maxImageBytes;

    @Override
    public Integer call() throws IOException {
        ModelPreset preset;
        try {
            preset = ModelPreset.of(model);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        InputDataWriter.Builder builder = InputDataWriter.builder()
                .base64(!jsonArrays)
                .maxEntries(maxEntries)
                .preprocessor(ImagePreprocessor.builder()
                        .limits(ImageLimits.DEFAULTS.withMaxImageBytes(maxImageBytes))
                        .build());
        if (preset.hasNumTokens()) {
            builder.int32Constant(ModelPreset.NUM_TOKENS, numTokens == null ? preset.defaultNumTokens() : numTokens);
        }
        InputDataWriter writer = builder.build();
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        int entries;
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(out))) {
            entries = preset.isImageModel() ? writeImages(preset, writer, stream) : writeTexts(preset, writer, stream);
        }
        spec.commandLine().getOut().printf("%s: %d entries for %s%n", out, entries, preset.modelName());
        return 0;
    }

    private int writeImages(ModelPreset preset, InputDataWriter writer, OutputStream stream) throws IOException {
        if (images.isEmpty()) {
            throw new ParameterException(spec.commandLine(), preset.modelName() + " takes images: give --images");
        }
        List<byte[]> encoded = new ArrayList<>();
        for (Path file : imageFiles()) {
            long length = Files.size(file);
            if (length > maxImageBytes) {
                throw new ParameterException(
                        spec.commandLine(),
                        file + " has " + length + " bytes, more than --max-image-bytes " + maxImageBytes);
            }
            if (encoded.size() >= maxEntries) {
                throw new ParameterException(spec.commandLine(), "more than --max-entries " + maxEntries + " images");
            }
            encoded.add(Files.readAllBytes(file));
        }
        if (encoded.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no image files found in " + images);
        }
        ResizeSpec geometry = geometry(preset);
        String name = tensor != null
                ? tensor
                : (format == TensorFormat.FP16_CHW || format == TensorFormat.FP32_CHW)
                        ? ModelPreset.PIXEL_VALUES
                        : preset.inputName();
        SpeedMode mode = format == TensorFormat.ENCODED ? SpeedMode.PASSTHROUGH : speed;
        return writer.writeImages(name, format, geometry, mode, encoded, stream);
    }

    private ResizeSpec geometry(ModelPreset preset) {
        ResizeSpec base = preset.defaultResize();
        ResizeMode mode = resize == null ? base.mode() : resize;
        int s = size == null ? base.height() : size;
        try {
            return new ResizeSpec(mode, s, s);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int writeTexts(ModelPreset preset, InputDataWriter writer, OutputStream stream) throws IOException {
        if (texts == null || tokenizer == null) {
            throw new ParameterException(
                    spec.commandLine(), preset.modelName() + " takes texts: give --texts and --tokenizer");
        }
        List<String> lines;
        try (Stream<String> all = Files.lines(texts, StandardCharsets.UTF_8)) {
            lines = all.filter(line -> !line.isBlank()).limit(maxEntries + 1L).toList();
        }
        if (lines.size() > maxEntries) {
            throw new ParameterException(
                    spec.commandLine(), "more than --max-entries " + maxEntries + " texts in " + texts);
        }
        try (SigLipTokenizer siglip = SigLipTokenizer.fromFile(tokenizer)) {
            return writer.writeTokenIds(
                    tensor == null ? preset.inputName() : tensor, siglip.tokenizeAll(lines), stream);
        }
    }

    private List<Path> imageFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : images) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> listing = Files.list(path)) {
                    listing.filter(Files::isRegularFile)
                            .filter(InputDataCommand::isImageName)
                            .sorted()
                            .forEach(files::add);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new ParameterException(spec.commandLine(), "no such image file or folder: " + path);
            }
        }
        return files;
    }

    private static boolean isImageName(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".jpg")
                || name.endsWith(".jpeg")
                || name.endsWith(".png")
                || name.endsWith(".webp")
                || name.endsWith(".bmp")
                || name.endsWith(".gif");
    }
}
