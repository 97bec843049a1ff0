package io.radio4j.service.index.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Lists and reads files under a trusted root without ever following a symbolic link, however the
 * tree changes meanwhile: every directory and file is opened relative to its parent's open handle
 * ({@link SecureDirectoryStream}, i.e. {@code openat} with {@code O_NOFOLLOW}), from the root down,
 * at listing time and again at read time. A link swapped in for a directory or file after the
 * folder was checked is refused when it is reached, instead of being read through. Where the file
 * system offers no such handles, every opened path's real path is checked against the root instead.
 */
public final class ConfinedFolder {

    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;

    /** @param root the trusted folder (an allowed root); its own path is resolved once by the OS */
    public ConfinedFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** A file found under the root: its path relative to the root, segment by segment. */
    public record Entry(List<String> segments) {
        public Entry {
            segments = List.copyOf(segments);
        }

        /** The last segment. */
        public String name() {
            return segments.getLast();
        }

        /** The absolute path it stands for (for ids and messages only; never opened by path). */
        public Path under(Path base) {
            Path p = base;
            for (String s : segments) {
                p = p.resolve(s);
            }
            return p;
        }
    }

    /**
     * The regular files under {@code start} (relative to the root), recursively, sorted, at most
     * {@code limit}; symbolic links, to files or folders, are skipped.
     *
     * @throws IOException if {@code start} cannot be opened without following a link
     */
    public List<Entry> list(List<String> start, Predicate<String> nameFilter, int limit) throws IOException {
        List<Entry> found = new ArrayList<>();
        try (DirectoryStream<Path> top = Files.newDirectoryStream(root)) {
            if (!(top instanceof SecureDirectoryStream<Path> secureTop)) {
                return listByRealPath(start, nameFilter, limit);
            }
            SecureDirectoryStream<Path> dir = descend(secureTop, start);
            try {
                walk(dir, new ArrayList<>(start), nameFilter, limit, found);
            } finally {
                if (dir != secureTop) {
                    dir.close();
                }
            }
        }
        found.sort((a, b) -> String.join("/", a.segments()).compareTo(String.join("/", b.segments())));
        return found.size() > limit ? found.subList(0, limit) : found;
    }

    /**
     * The bytes of a listed file, opened again from the root without following links.
     *
     * @throws TooLargeException if it holds more than {@code maxBytes}
     * @throws IOException if it cannot be read, or a link now stands on its way
     */
    public byte[] read(Entry entry, long maxBytes) throws IOException {
        try (DirectoryStream<Path> top = Files.newDirectoryStream(root)) {
            if (!(top instanceof SecureDirectoryStream<Path> secureTop)) {
                return readByRealPath(entry, maxBytes);
            }
            List<String> parents = entry.segments().subList(0, entry.segments().size() - 1);
            SecureDirectoryStream<Path> dir = descend(secureTop, parents);
            try (SeekableByteChannel ch = dir.newByteChannel(
                    Path.of(entry.name()), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
                BasicFileAttributes attributes = dir.getFileAttributeView(
                                Path.of(entry.name()), BasicFileAttributeView.class, NO_FOLLOW)
                        .readAttributes();
                if (!attributes.isRegularFile()) {
                    throw new FileSystemException(entry.name(), null, "not a regular file");
                }
                return readAll(ch, maxBytes);
            } finally {
                if (dir != secureTop) {
                    dir.close();
                }
            }
        }
    }

    /** More bytes than allowed. */
    public static final class TooLargeException extends IOException {
        private final long size;

        TooLargeException(long size) {
            super("file has " + size + " bytes");
            this.size = size;
        }

        public long size() {
            return size;
        }
    }

    private static SecureDirectoryStream<Path> descend(SecureDirectoryStream<Path> from, List<String> segments)
            throws IOException {
        SecureDirectoryStream<Path> dir = from;
        for (String segment : segments) {
            SecureDirectoryStream<Path> next = dir.newDirectoryStream(Path.of(segment), NO_FOLLOW);
            if (dir != from) {
                dir.close();
            }
            dir = next;
        }
        return dir;
    }

    private static void walk(
            SecureDirectoryStream<Path> dir,
            List<String> prefix,
            Predicate<String> nameFilter,
            int limit,
            List<Entry> found)
            throws IOException {
        List<String> names = new ArrayList<>();
        for (Path child : dir) {
            names.add(child.getFileName().toString());
        }
        names.sort(null);
        for (String name : names) {
            if (found.size() > limit) {
                return;
            }
            BasicFileAttributes a;
            try {
                a = dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, NO_FOLLOW)
                        .readAttributes();
            } catch (IOException e) {
                continue; // gone meanwhile
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            if (a.isDirectory()) {
                SecureDirectoryStream<Path> sub;
                try {
                    sub = dir.newDirectoryStream(Path.of(name), NO_FOLLOW);
                } catch (IOException e) {
                    continue; // replaced by a link or removed since: not followed
                }
                try (sub) {
                    walk(sub, path, nameFilter, limit, found);
                }
            } else if (a.isRegularFile() && nameFilter.test(name)) {
                found.add(new Entry(path));
            }
        }
    }

    private List<Entry> listByRealPath(List<String> start, Predicate<String> nameFilter, int limit) throws IOException {
        Path realRoot = root.toRealPath();
        Path from =
                new Entry(start.isEmpty() ? List.of(".") : start).under(root).normalize();
        List<Entry> found = new ArrayList<>();
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p, NO_FOLLOW)
                        && nameFilter.test(p.getFileName().toString())
                        && p.toRealPath().startsWith(realRoot)) {
                    List<String> segments = new ArrayList<>();
                    root.relativize(p).forEach(s -> segments.add(s.toString()));
                    found.add(new Entry(segments));
                    if (found.size() > limit) {
                        break;
                    }
                }
            }
        }
        return found;
    }

    private byte[] readByRealPath(Entry entry, long maxBytes) throws IOException {
        Path p = entry.under(root);
        try (SeekableByteChannel ch =
                Files.newByteChannel(p, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            if (!p.toRealPath().startsWith(root.toRealPath())) {
                throw new FileSystemException(entry.name(), null, "outside the allowed folder");
            }
            return readAll(ch, maxBytes);
        }
    }

    private static byte[] readAll(SeekableByteChannel ch, long maxBytes) throws IOException {
        long size = ch.size();
        if (size > maxBytes) {
            throw new TooLargeException(size);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && ch.read(buffer) >= 0) {
            // keep reading
        }
        if (buffer.hasRemaining()) {
            throw new FileSystemException("file shrank while being read");
        }
        if (ch.read(ByteBuffer.allocate(1)) > 0) {
            throw new TooLargeException(size + 1);
        }
        return buffer.array();
    }
}
