package io.radio4j.langchain.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The store's write-ahead log with group commit. A write is appended here (after Lucene accepted it)
 * and acknowledged once an fsync covers it; one thread fsyncs whatever is appended, so writers that
 * arrive together share one fsync. The Lucene index is committed far less often (each commit fsyncs
 * a dozen files); after a Lucene commit the log files it covers are deleted, and on opening, the
 * records of the remaining files are replayed into the index. Records are checksummed, so a record
 * torn by a crash ends the replay (it was never acknowledged).
 *
 * <p>Files are {@code translog-<generation>.log}; each record is {@code length, CRC32C, payload}.
 */
final class Translog implements AutoCloseable {

    private static final Pattern FILE = Pattern.compile("translog-(\\d+)\\.log");

    private final Path folder;
    private final String name;
    private final Thread syncer;
    private final Object lock = new Object();

    // guarded by lock
    private FileChannel channel;
    private long generation;
    private long appended; // logical bytes appended across all generations
    private long synced; // logical bytes fsynced
    private long requested; // highest position a writer waits for
    private long sinceRotation; // bytes in the current generation
    private IOException failure;
    private long syncs;
    private boolean closing;
    private boolean closed;

    /**
     * Opens the log in {@code folder}, first handing every intact record of generations
     * {@code >= fromGeneration} to {@code replay} in order.
     *
     * @return the log, writing a fresh generation; {@link #generation()} tells which
     */
    static Translog open(Path folder, long fromGeneration, Consumer<DataInputStream> replay, String name)
            throws IOException {
        Files.createDirectories(folder);
        long last = fromGeneration - 1;
        for (long g : generations(folder)) {
            if (g >= fromGeneration) {
                replay(folder.resolve(fileName(g)), replay);
            }
            last = Math.max(last, g);
        }
        return new Translog(folder, last + 1, name);
    }

    private Translog(Path folder, long generation, String name) throws IOException {
        this.folder = folder;
        this.name = name;
        this.generation = generation;
        this.channel = create(generation);
        this.syncer = Thread.ofPlatform().daemon().name("translog-sync").start(this::run);
    }

    private FileChannel create(long g) throws IOException {
        FileChannel c =
                FileChannel.open(folder.resolve(fileName(g)), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        c.force(true);
        fsyncFolder();
        return c;
    }

    private void fsyncFolder() throws IOException {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some platforms cannot open a folder for syncing; the file itself is synced
        }
    }

    private static String fileName(long generation) {
        return String.format("translog-%012d.log", generation);
    }

    static List<Long> generations(Path folder) throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (m.matches()) {
                    out.add(Long.parseLong(m.group(1)));
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static void replay(Path file, Consumer<DataInputStream> replay) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            while (true) {
                int length;
                long crc;
                byte[] payload;
                try {
                    length = in.readInt();
                    crc = in.readLong();
                    if (length < 0 || length > (1 << 30)) {
                        return; // a torn header
                    }
                    payload = in.readNBytes(length);
                } catch (EOFException e) {
                    return;
                }
                if (payload.length != length || checksum(payload) != crc) {
                    return; // torn by a crash before it was acknowledged
                }
                replay.accept(new DataInputStream(new java.io.ByteArrayInputStream(payload)));
            }
        }
    }

    private static long checksum(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return crc.getValue();
    }

    /** A record being built; {@link #append(Record)} writes it. */
    static final class Record {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 12);
        final DataOutputStream out = new DataOutputStream(bytes);
    }

    /**
     * Appends a record; the caller orders appends (the store holds its write lock).
     *
     * @return the position to {@link #awaitSynced(long)}
     */
    long append(Record record) throws IOException {
        byte[] payload = record.bytes.toByteArray();
        ByteBuffer buf = ByteBuffer.allocate(12 + payload.length);
        buf.putInt(payload.length).putLong(checksum(payload)).put(payload).flip();
        synchronized (lock) {
            if (closing || closed) {
                throw new IllegalStateException("the store " + name + " is closed");
            }
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            appended += 12 + payload.length;
            sinceRotation += 12 + payload.length;
            return appended;
        }
    }

    /** Blocks until an fsync covers {@code position}. @throws UncheckedIOException if that fsync failed */
    void awaitSynced(long position) {
        boolean interrupted = false;
        try {
            synchronized (lock) {
                if (position > requested) {
                    requested = position;
                    lock.notifyAll();
                }
                while (synced < position) {
                    if (failure != null) {
                        throw new UncheckedIOException(
                                "cannot sync the write-ahead log of " + name + ": " + failure.getMessage(), failure);
                    }
                    if (closed) {
                        throw new IllegalStateException("the store " + name + " closed before this write was synced");
                    }
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        interrupted = true; // the write is in the log already: wait for its fsync
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The generation being written. */
    long generation() {
        synchronized (lock) {
            return generation;
        }
    }

    /** Bytes written to the current generation. */
    long sinceRotation() {
        synchronized (lock) {
            return sinceRotation;
        }
    }

    /** Fsyncs made since opening (each acknowledges every write it covered). */
    long syncs() {
        synchronized (lock) {
            return syncs;
        }
    }

    /**
     * Starts a new generation after syncing the current one; the caller holds the store's write lock,
     * so every record of the older generations was applied to the index before this.
     *
     * @return the new generation: a commit taken after this covers every older one
     */
    long rotate() throws IOException {
        synchronized (lock) {
            channel.force(false);
            synced = appended;
            lock.notifyAll();
            channel.close();
            generation++;
            channel = create(generation);
            sinceRotation = 0;
            return generation;
        }
    }

    /** Deletes the generations older than {@code generation} (a durable index commit covers them). */
    void deleteBefore(long generation) throws IOException {
        for (long g : generations(folder)) {
            if (g < generation) {
                Files.deleteIfExists(folder.resolve(fileName(g)));
            }
        }
    }

    private void run() {
        while (true) {
            long target;
            FileChannel c;
            synchronized (lock) {
                while (requested <= synced && !closing) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // only close() wakes this early
                    }
                }
                if (requested <= synced) {
                    return;
                }
                target = appended; // everything appended so far rides on this fsync
                c = channel;
            }
            try {
                c.force(false);
                synchronized (lock) {
                    if (c == channel) {
                        synced = Math.max(synced, target);
                    }
                    syncs++;
                    lock.notifyAll();
                }
            } catch (IOException e) {
                synchronized (lock) {
                    if (c != channel) {
                        continue; // rotated meanwhile: rotate() synced and closed that file
                    }
                    failure = e;
                    lock.notifyAll();
                    return;
                }
            }
        }
    }

    /** Syncs what is appended, stops the syncing thread and closes the file. */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        boolean interrupted = false;
        while (syncer.isAlive()) {
            try {
                syncer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        synchronized (lock) {
            try {
                if (channel.isOpen()) {
                    channel.force(false);
                    synced = appended;
                    channel.close();
                }
            } finally {
                closed = true;
                lock.notifyAll();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
