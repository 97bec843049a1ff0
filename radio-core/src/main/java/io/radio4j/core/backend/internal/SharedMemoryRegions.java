package io.radio4j.core.backend.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Triton's system shared-memory extension: named regions of POSIX shared-memory objects
 * ({@code shm_open} keys, which Linux keeps as files under {@code /dev/shm}) that clients register
 * and then name in a tensor's {@code shared_memory_region} parameter, so input data is read from
 * and output data written to the region instead of travelling in the message. Texts, codes and
 * checks follow Triton's {@code src/shared_memory_manager.cc} ({@code RegisterSystemSharedMemory},
 * {@code GetMemoryInfo}, {@code GetStatus}, {@code UnregisterHelper}) and
 * {@code src/common.cc} {@code ValidateSharedMemoryKey}. Thread-safe.
 */
public final class SharedMemoryRegions {

    /** A registered region: its mapping covers {@code [offset, offset + byteSize)} of the object. */
    public record Region(String name, String key, long offset, long byteSize, MappedByteBuffer mapping) {}

    /** Triton's reserved key prefix (server {@code src/common.h} kTritonSharedMemoryRegionPrefix). */
    static final String RESERVED_PREFIX = "triton_python_backend_shm_region_";

    private final Path shmRoot;
    private final Map<String, Region> regions = new LinkedHashMap<>();

    /** @param shmRoot where shm_open keys live: {@code /dev/shm} on Linux */
    public SharedMemoryRegions(Path shmRoot) {
        this.shmRoot = shmRoot;
    }

    /** Registers and maps a region. */
    public synchronized void register(String name, String key, long offset, long byteSize) {
        String trimmed = key.replaceFirst("^/+", "");
        if (trimmed.isEmpty()) {
            throw TritonError.invalid(
                    "cannot register shared memory region '" + name + "' - invalid shm key '" + key + "'");
        }
        if (trimmed.startsWith(RESERVED_PREFIX)) {
            throw TritonError.invalid("cannot register shared memory region '" + name + "' with key '" + key
                    + "' as the key contains the reserved prefix '" + RESERVED_PREFIX + "'");
        }
        if (regions.containsKey(name)) {
            throw TritonError.alreadyExists("shared memory region '" + name + "' already in manager");
        }
        Path file = trimmed.contains("/") ? null : shmRoot.resolve(trimmed);
        if (file == null || !Files.isRegularFile(file)) {
            // Triton answers INTERNAL when shm_open fails.
            throw TritonError.internal("Unable to open shared memory region: '" + key + "'");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (offset < 0 || byteSize < 0 || offset + byteSize > size || offset + byteSize < 0) {
                throw TritonError.invalid("failed to register shared memory region '" + name + "': invalid args");
            }
            MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_WRITE, offset, byteSize);
            regions.put(name, new Region(name, key, offset, byteSize, mapping));
        } catch (IOException e) {
            throw TritonError.invalid("failed to register shared memory region '" + name + "': " + e.getMessage());
        }
    }

    /** The regions in registration order, or the named one. */
    public synchronized List<Region> status(String name) {
        if (name.isEmpty()) {
            return List.copyOf(regions.values());
        }
        Region region = regions.get(name);
        if (region == null) {
            throw TritonError.notFound("Unable to find system shared memory region: '" + name + "'");
        }
        return List.of(region);
    }

    /** Unregisters one region or, with {@code ""}, all; an unknown name is not an error (as in Triton). */
    public synchronized void unregister(String name) {
        if (name.isEmpty()) {
            regions.clear();
        } else {
            regions.remove(name);
        }
    }

    /**
     * A view of {@code byteSize} bytes at {@code offset} inside a region (Triton
     * {@code SharedMemoryManager::GetMemoryInfo}).
     */
    public synchronized ByteBuffer slice(String name, long offset, long byteSize) {
        Region region = regions.get(name);
        if (region == null) {
            throw TritonError.notFound("Unable to find shared memory region: '" + name + "'");
        }
        if (offset < 0 || offset >= region.byteSize()) {
            throw TritonError.invalid("Invalid offset for shared memory region: '" + name + "'");
        }
        if (byteSize < 0 || offset + byteSize > region.byteSize()) {
            throw TritonError.invalid("Invalid offset + byte size for shared memory region: '" + name + "'");
        }
        return region.mapping()
                .duplicate()
                .position((int) offset)
                .limit((int) (offset + byteSize))
                .slice();
    }
}
