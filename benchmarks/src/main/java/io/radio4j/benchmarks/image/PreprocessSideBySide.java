package io.radio4j.benchmarks.image;

import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.image.SpeedMode;
import io.radio4j.core.image.internal.Header;
import io.radio4j.core.image.internal.HeaderProbe;
import io.radio4j.core.image.internal.JpegDecoder;
import io.radio4j.core.image.internal.NativeJpeg;
import io.radio4j.core.image.internal.PreprocessPipeline;
import io.radio4j.core.image.internal.Scratch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Image preprocessing per core, radio4j (EXACT, FAST) against the Pillow + numpy (+ torchvision for
 * CENTER_CROP) reference pipeline of {@code benchmarks/python/pillow_preprocess_bench.py}, plain
 * and with Pillow's own DCT-scaled {@code draft} decode, each with glibc's default malloc
 * thresholds and with larger ones, plus a decode-only libjpeg-turbo pass (full size, Pillow's
 * flags) as EXACT's floor. Printed as a Markdown table of milliseconds of CPU per image, the ratios,
 * and the targets, all from this one run.
 *
 * <p>Interleaved: every case is measured in rounds, each round running every variant once (Java
 * and the two Python workers alternating), and the table reports each variant's median over the
 * rounds, so load from other processes on a shared machine hits all variants alike. Both sides
 * count process CPU time (Java: the whole JVM, JIT and GC threads charged; Python:
 * {@code time.process_time}), pinned to one core by the caller ({@code taskset -c 1}).
 *
 * <p>Why two Pillow workers: with glibc's defaults, Pillow's decode and resize buffers (several MB)
 * are above the mmap threshold, so every image maps fresh pages and pays page faults, and returns
 * them on free. {@code MALLOC_MMAP_THRESHOLD_} / {@code MALLOC_TRIM_THRESHOLD_} keep them in the heap.
 * Both are shown; the default is what a Python service gets unless someone tunes it.
 *
 * <p>HOW TO RUN: see the "Image preprocessing" section of benchmarks/README.md. Arguments:
 * {@code [images-dir] [seconds-per-measurement] [python] [photo.jpg ...]} (defaults
 * {@code target/preprocess-images}, 1, {@code /usr/bin/python3}); the synthetic JPEGs are written
 * into images-dir by the Python script, the photos are read where they are.
 */
public final class PreprocessSideBySide {

    static final String[] SYNTHETIC = {"img_640x480.jpg", "img_1920x1080.jpg"};
    static final String[] MODES = {"squash", "center_crop"};
    static final int SIZE = 224;
    static final int ROUNDS = 3;
    /** glibc malloc settings that keep Pillow's per-image buffers in the heap (64 MiB / 128 MiB). */
    static final Map<String, String> MALLOC_TUNED = Map.of(
            "MALLOC_MMAP_THRESHOLD_",
            Integer.toString(64 << 20),
            "MALLOC_TRIM_THRESHOLD_",
            Integer.toString(128 << 20));

    static final String[] VARIANTS = {
        "pillow", "pillow draft", "pillow tuned", "pillow tuned draft", "decode", "EXACT", "FAST", "FAST decode"
    };

    private PreprocessSideBySide() {}

    public static void main(String[] args) throws Exception {
        Path images = Path.of(args.length > 0 ? args[0] : "target/preprocess-images");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        String python = args.length > 2 ? args[2] : "/usr/bin/python3";
        Path script = locateScript();
        makeImages(python, script, images);
        List<Path> files = new ArrayList<>();
        for (String s : SYNTHETIC) {
            files.add(images.resolve(s).toAbsolutePath());
        }
        for (int i = 3; i < args.length; i++) {
            files.add(Path.of(args[i]).toAbsolutePath());
        }

        ImagePreprocessor preprocessor = ImagePreprocessor.builder().build();
        JpegDecoder decoder =
                NativeJpeg.decoder().orElseThrow(() -> new IllegalStateException("libturbojpeg is not installed"));
        if (!preprocessor.nativeJpegActive()) {
            throw new IllegalStateException("the preprocessor does not use libturbojpeg");
        }
        List<String> rows = new ArrayList<>();
        List<double[]> results = new ArrayList<>();
        try (PythonWorker plain = new PythonWorker(python, script, Map.of());
                PythonWorker tuned = new PythonWorker(python, script, MALLOC_TUNED)) {
            for (Path file : files) {
                byte[] data = Files.readAllBytes(file);
                Header header = HeaderProbe.probe(data);
                Scratch scratch = Scratch.create();
                for (String mode : MODES) {
                    ResizeSpec spec = spec(mode, SIZE);
                    double[][] ms = new double[VARIANTS.length][ROUNDS];
                    warmUp(() ->
                            preprocessor.preprocess(data, spec, SpeedMode.EXACT).height());
                    warmUp(() ->
                            preprocessor.preprocess(data, spec, SpeedMode.FAST).height());
                    warmUp(() -> decoder.decode(data, header, scratch).height());
                    // the DCT-scaled decode FAST makes for this target, alone (images without EXIF rotation)
                    var target = spec.resizedSize(
                            header.info().height(), header.info().width());
                    int minW = (int) Math.ceil(target.width() * PreprocessPipeline.FAST_OVERSAMPLING);
                    int minH = (int) Math.ceil(target.height() * PreprocessPipeline.FAST_OVERSAMPLING);
                    Supplier<Integer> fastDecode = () ->
                            decoder.decode(data, header, minW, minH, scratch).height();
                    warmUp(fastDecode);
                    for (int r = 0; r < ROUNDS; r++) {
                        ms[0][r] = plain.msPerImage(file, mode, SIZE, "plain", seconds);
                        ms[5][r] = msPerImage(
                                () -> preprocessor
                                        .preprocess(data, spec, SpeedMode.EXACT)
                                        .height(),
                                seconds);
                        ms[1][r] = plain.msPerImage(file, mode, SIZE, "draft", seconds);
                        ms[6][r] = msPerImage(
                                () -> preprocessor
                                        .preprocess(data, spec, SpeedMode.FAST)
                                        .height(),
                                seconds);
                        ms[2][r] = tuned.msPerImage(file, mode, SIZE, "plain", seconds);
                        ms[4][r] = msPerImage(
                                () -> decoder.decode(data, header, scratch).height(), seconds);
                        ms[3][r] = tuned.msPerImage(file, mode, SIZE, "draft", seconds);
                        ms[7][r] = msPerImage(fastDecode, seconds);
                    }
                    double[] median = new double[VARIANTS.length];
                    for (int v = 0; v < VARIANTS.length; v++) {
                        median[v] = median(ms[v]);
                    }
                    results.add(median);
                    String row = row(file, header, mode, median);
                    rows.add(row);
                    System.err.println(row);
                }
            }
        }
        System.out.println(report(files, rows, results, seconds));
    }

    static String row(Path file, Header header, String mode, double[] m) {
        double pillow = m[0];
        double draft = m[1];
        double tuned = m[2];
        double tunedDraft = m[3];
        double decode = m[4];
        double exact = m[5];
        double fast = m[6];
        double fastDecode = m[7];
        return String.format(
                Locale.ROOT,
                "| %s | %d×%d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f× | %.1f× | %.1f× | %.1f× | %.1f× | %.2f× |",
                file.getFileName(),
                header.info().width(),
                header.info().height(),
                mode,
                pillow,
                tuned,
                draft,
                tunedDraft,
                decode,
                exact,
                fastDecode,
                fast,
                pillow / exact,
                pillow / fast,
                tuned / fast,
                Math.min(draft, tunedDraft) / fast,
                tuned / exact,
                exact / decode);
    }

    static String report(List<Path> files, List<String> rows, List<double[]> results, double seconds) {
        StringBuilder out = new StringBuilder();
        var rt = Runtime.version();
        out.append(String.format(
                Locale.ROOT,
                "Measured %s UTC on %s, %d cores visible, %s; JDK %s; one thread, ",
                ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                rt));
        out.append(String.format(
                Locale.ROOT,
                "medians of %d interleaved rounds of %.1f s CPU per variant; "
                        + "the machine was shared with other work, so compare ratios, not absolute times.%n%n",
                ROUNDS,
                seconds));
        out.append(
                "Milliseconds of CPU per image (lower is better), target 224. Pillow = the reference pipeline with glibc's "
                        + "default malloc thresholds; tuned = with `MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=134217728`; "
                        + "draft = with `Image.draft(\"RGB\", size)` (DCT-scaled decode); decode = libjpeg-turbo full-size decode "
                        + "alone (radio4j's FFM call, Pillow's flags), EXACT's floor; FAST decode = the DCT-scaled decode FAST makes, alone, "
                        + "FAST's floor. ×Pillow = Pillow ms ÷ radio4j ms.\n\n");
        out.append(
                "| image | size | resize | Pillow | Pillow tuned | Pillow draft | Pillow tuned draft | decode | EXACT | FAST decode | FAST "
                        + "| EXACT ×Pillow | FAST ×Pillow | FAST ×Pillow tuned | FAST ×best draft | EXACT ×Pillow tuned | EXACT ÷ decode |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> out.append(r).append('\n'));
        out.append('\n').append(targets(files, results));
        return out.toString();
    }

    /** The targets, evaluated on this run's medians. */
    static String targets(List<Path> files, List<double[]> results) {
        StringBuilder t = new StringBuilder("Targets, from the table above:\n\n");
        int idx = 0;
        List<String> exactRatios = new ArrayList<>();
        for (Path file : files) {
            for (String mode : MODES) {
                double[] m = results.get(idx++);
                String name = file.getFileName().toString();
                if (name.equals("img_1920x1080.jpg")) {
                    double vsPlain = m[0] / m[6];
                    double vsTuned = m[2] / m[6];
                    double vsDraft = Math.min(m[1], m[3]) / m[6];
                    t.append(String.format(
                            Locale.ROOT,
                            "- FAST ≥ 8× Pillow, 1080p %s: **%s** against default Pillow (%.1f×); against malloc-tuned Pillow "
                                    + "%.1f× (%s; bound = tuned Pillow ÷ FAST's decode alone = %.1f×, 8× would need FAST at %.2f ms "
                                    + "against a %.2f ms decode); FAST beats Pillow's draft path: %s (%.1f×).%n",
                            mode,
                            vsPlain >= 8 ? "met" : "missed",
                            vsPlain,
                            vsTuned,
                            vsTuned >= 8 ? "met" : "missed",
                            m[2] / m[7],
                            m[2] / 8,
                            m[7],
                            vsDraft > 1 ? "yes" : "no",
                            vsDraft));
                }
                if (!name.startsWith("img_")) {
                    exactRatios.add(String.format(
                            Locale.ROOT,
                            "%s %s %.2f× (%s)",
                            name,
                            mode,
                            m[5] / m[4],
                            m[5] / m[4] <= 1.2 ? "met" : "missed"));
                }
            }
        }
        if (!exactRatios.isEmpty()) {
            t.append("- EXACT ≤ 1.2× a full-size libjpeg-turbo decode on real photos: ")
                    .append(String.join(", ", exactRatios))
                    .append(".\n");
        }
        return t.toString();
    }

    static ResizeSpec spec(String mode, int size) {
        return switch (mode) {
            case "squash" -> ResizeSpec.squash(size, size);
            case "center_crop" -> ResizeSpec.centerCrop(size);
            default -> ResizeSpec.snap16(size);
        };
    }

    private static long sink;

    static void warmUp(Supplier<Integer> call) {
        long end = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < end) {
            sink += call.get();
        }
    }

    /** Milliseconds of this JVM's CPU time per call, over at least {@code seconds} of CPU and 5 calls. */
    static double msPerImage(Supplier<Integer> call, double seconds) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = os.getProcessCpuTime();
        long target = (long) (seconds * 1e9);
        long n = 0;
        while (os.getProcessCpuTime() - start < target || n < 5) {
            sink += call.get();
            n++;
        }
        return (os.getProcessCpuTime() - start) / 1e6 / n;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static void makeImages(String python, Path script, Path images) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        python,
                        script.toString(),
                        "--images",
                        images.toString(),
                        "--make-images",
                        "--seconds",
                        "0",
                        "--modes",
                        "squash",
                        "--sizes",
                        "16")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(
                    python + " " + script + " --make-images failed with exit code " + p.exitValue());
        }
    }

    /** A {@code pillow_preprocess_bench.py --serve} process: one request line in, one answer line out. */
    static final class PythonWorker implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BufferedReader out;

        PythonWorker(String python, Path script, Map<String, String> env) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "--serve")
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().putAll(env);
            process = pb.start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        double msPerImage(Path file, String mode, int size, String variant, double seconds) throws IOException {
            in.write(file + "\t" + mode + "\t" + size + "\t" + variant + "\t" + seconds + "\n");
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the Python worker stopped");
            }
            return Double.parseDouble(line.trim());
        }

        @Override
        public void close() throws IOException {
            in.close();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
            }
        }
    }

    private static Path locateScript() {
        for (Path p : new Path[] {
            Path.of("python/pillow_preprocess_bench.py"), Path.of("benchmarks/python/pillow_preprocess_bench.py")
        }) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException(
                "run from the repository root or benchmarks/: pillow_preprocess_bench.py not found");
    }
}
