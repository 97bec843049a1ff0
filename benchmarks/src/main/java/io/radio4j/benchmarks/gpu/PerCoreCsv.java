package io.radio4j.benchmarks.gpu;

import io.radio4j.core.image.SpeedMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Per-core throughputs as a small CSV ({@code mode,image,images_per_cpu_second}). Stateless. */
public final class PerCoreCsv {

    /** The header line. */
    public static final String HEADER = "mode,image,images_per_cpu_second";

    private PerCoreCsv() {}

    /** Writes the rows, creating the folder. */
    public static void write(Path file, List<PerCoreThroughput> rows) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (PerCoreThroughput row : rows) {
            csv.append(row.mode())
                    .append(',')
                    .append(row.image())
                    .append(',')
                    .append(String.format(Locale.ROOT, "%.3f", row.imagesPerSecond()))
                    .append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    /**
     * Reads rows written by {@link #write}.
     *
     * @throws IllegalArgumentException naming the file and line of anything else
     */
    public static List<PerCoreThroughput> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(file + ": expected the header '" + HEADER + "'");
        }
        List<PerCoreThroughput> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",");
            try {
                rows.add(new PerCoreThroughput(SpeedMode.valueOf(cells[0]), cells[1], Double.parseDouble(cells[2])));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + lines.get(i), e);
            }
        }
        return rows;
    }
}
