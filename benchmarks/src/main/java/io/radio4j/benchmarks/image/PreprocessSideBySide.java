package io.radio4j.benchmarks.image;

import io.radio4j.core.image.ImagePreprocessor;
import io.radio4j.core.image.ResizeSpec;
import io.radio4j.core.image.SpeedMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Image preprocessing throughput per core, radio4j (EXACT, FAST, PASSTHROUGH) against the Pillow +
 * numpy reference pipeline ({@code benchmarks/python/pillow_preprocess_bench.py}), in one run on the
 * same JPEGs, printed as a Markdown table with the ratios.
 *
 * <p>Both sides count images per second of process CPU time (Java: the whole JVM, so JIT and GC
 * threads are charged too; Python: {@code time.process_time}), which keeps the ratio meaningful on a
 * shared machine where wall-clock time depends on the neighbours. Pin it with {@code taskset -c 1}
 * to keep every thread on one core.
 *
 * <p>HOW TO RUN: see the "Image preprocessing" section of benchmarks/README.md.
 * Arguments: {@code [images-dir] [seconds-per-case] [python]} (defaults {@code target/preprocess-images},
 * 3, {@code /usr/bin/python3}).
 */
public final class PreprocessSideBySide {

    static final String[] IMAGES = {"img_640x480.jpg", "img_1920x1080.jpg"};
    static final int[] SIZES = {224, 512};
    static final String[] MODES = {"squash", "center_crop", "snap16"};
    static final SpeedMode[] SPEEDS = {SpeedMode.EXACT, SpeedMode.FAST, SpeedMode.PASSTHROUGH};

    private PreprocessSideBySide() {
    }

    public static void main(String[] args) throws Exception {
        Path images = Path.of(args.length > 0 ? args[0] : "target/preprocess-images");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3.0;
        String python = args.length > 2 ? args[2] : "/usr/bin/python3";
        Path script = locateScript();

        // The Python side writes the JPEGs, so both sides read the very same bytes.
        Map<String, Double> pillow = runPillow(python, script, images, seconds);

        ImagePreprocessor preprocessor = ImagePreprocessor.builder().build();
        System.err.println("native JPEG decode: " + preprocessor.nativeJpegActive());
        List<String> rows = new ArrayList<>();
        rows.add("| image | resize | size | Pillow img/s | EXACT img/s | ×Pillow | FAST img/s | ×Pillow | PASSTHROUGH img/s | ×Pillow |");
        rows.add("|---|---|---|---|---|---|---|---|---|---|");
        for (String image : IMAGES) {
            byte[] data = Files.readAllBytes(images.resolve(image));
            for (String mode : MODES) {
                for (int size : SIZES) {
                    ResizeSpec spec = spec(mode, size);
                    double ref = pillow.getOrDefault(image + "/" + mode + "/" + size, Double.NaN);
                    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %d | %.1f |", image, mode, size, ref));
                    for (SpeedMode speed : SPEEDS) {
                        double ips = imagesPerCpuSecond(preprocessor, data, spec, speed, seconds);
                        row.append(String.format(Locale.ROOT, " %.1f | %.2f× |", ips, ips / ref));
                    }
                    rows.add(row.toString());
                    System.err.println(row);
                }
            }
        }
        System.out.println(String.join("\n", rows));
    }

    static ResizeSpec spec(String mode, int size) {
        return switch (mode) {
            case "squash" -> ResizeSpec.squash(size, size);
            case "center_crop" -> ResizeSpec.centerCrop(size);
            default -> ResizeSpec.snap16(size);
        };
    }

    /** Images per second of this JVM's CPU time, after a warm-up long enough for C2. */
    static double imagesPerCpuSecond(ImagePreprocessor p, byte[] data, ResizeSpec spec, SpeedMode speed, double seconds) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long sink = 0;
        long warmEnd = System.nanoTime() + 1_500_000_000L;
        while (System.nanoTime() < warmEnd) {
            sink += p.preprocess(data, spec, speed).height();
        }
        long start = os.getProcessCpuTime();
        long n = 0;
        long target = (long) (seconds * 1e9);
        while (os.getProcessCpuTime() - start < target || n < 5) {
            sink += p.preprocess(data, spec, speed).height();
            n++;
        }
        double cpu = (os.getProcessCpuTime() - start) / 1e9;
        if (sink == 42) {
            System.err.print(""); // keeps the results alive
        }
        return n / cpu;
    }

    static Map<String, Double> runPillow(String python, Path script, Path images, double seconds)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(python, script.toString(), "--images", images.toString(),
                "--make-images", "--seconds", Double.toString(seconds), "--modes", String.join(",", MODES))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, Double> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t");
                if (f.length == 5 && !f[0].equals("image")) {
                    out.put(f[0] + "/" + f[1] + "/" + f[2], Double.parseDouble(f[3]));
                    System.err.println("pillow " + line);
                }
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException(python + " " + script + " failed with exit code " + process.exitValue());
        }
        return out;
    }

    private static Path locateScript() {
        for (Path p : new Path[] {Path.of("python/pillow_preprocess_bench.py"), Path.of("benchmarks/python/pillow_preprocess_bench.py")}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("run from the repository root or benchmarks/: pillow_preprocess_bench.py not found");
    }
}
