package io.radio4j.langchain.internal;

import io.radio4j.langchain.IngestionLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link IngestionLedger} kept in a text file, one line per stored image:
 * {@code <sha256> TAB <embedding id> TAB <URL-encoded model identity> TAB <URL-encoded reference>}
 * (lines of three fields, from before the model was recorded, are read with an unknown model). Every {@code put} appends a line
 * (so a crash loses at most the line being written); the last line of a reference wins when the
 * file is read. Opening rewrites the file without superseded lines once they outnumber the live
 * ones. A line that cannot be parsed (a write cut short) is skipped with a warning.
 *
 * <p>Thread-safe within one process; two processes must not share a file.
 */
public final class FileLedger implements IngestionLedger {

    private static final Logger LOG = LoggerFactory.getLogger(FileLedger.class);

    private final Path file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * Reads the file if it exists.
     *
     * @throws UncheckedIOException if it exists but cannot be read or compacted
     */
    public FileLedger(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        int lines = 0;
        if (Files.exists(this.file)) {
            try {
                for (String line : Files.readAllLines(this.file, StandardCharsets.UTF_8)) {
                    lines++;
                    parse(line);
                }
                if (lines > 2 * entries.size() + 16) {
                    compact();
                } else {
                    endWithNewline();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read ingestion ledger " + this.file + ": " + e.getMessage(), e);
            }
        }
    }

    private void parse(String line) {
        String[] parts = line.split("\t", -1);
        int n = parts.length;
        if ((n != 3 && n != 4) || parts[0].isEmpty() || parts[1].isEmpty() || parts[n - 1].isEmpty()) {
            if (!line.isBlank()) {
                LOG.warn("skipping malformed line in ingestion ledger {}", file);
            }
            return;
        }
        try {
            String model = n == 4 ? URLDecoder.decode(parts[2], StandardCharsets.UTF_8) : "";
            entries.put(URLDecoder.decode(parts[n - 1], StandardCharsets.UTF_8), new Entry(parts[0], parts[1], model));
        } catch (IllegalArgumentException e) {
            LOG.warn("skipping malformed reference in ingestion ledger {}", file);
        }
    }

    private void compact() throws IOException {
        List<String> lines = new ArrayList<>(entries.size());
        entries.forEach((reference, entry) -> lines.add(line(reference, entry)));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** After a write cut short, the next line must not be glued onto the broken one. */
    private void endWithNewline() throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            return;
        }
        try (var channel =
                java.nio.channels.FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            if (last.get(0) != '\n') {
                channel.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}), size);
            }
        }
    }

    private static String line(String reference, Entry entry) {
        return entry.contentHash() + "\t" + entry.embeddingId() + "\t"
                + URLEncoder.encode(entry.model(), StandardCharsets.UTF_8) + "\t"
                + URLEncoder.encode(reference, StandardCharsets.UTF_8);
    }

    /** {@code true}: the file outlives the process. */
    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public synchronized Optional<Entry> get(String reference) {
        return Optional.ofNullable(entries.get(reference));
    }

    /** @throws UncheckedIOException if the line cannot be appended (the entry is then not recorded) */
    @Override
    public synchronized void put(String reference, Entry entry) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(entry, "entry");
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(
                    file,
                    line(reference, entry) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ingestion ledger " + file + ": " + e.getMessage(), e);
        }
        entries.put(reference, entry);
    }
}
