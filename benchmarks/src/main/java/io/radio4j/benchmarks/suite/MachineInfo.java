package io.radio4j.benchmarks.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The machine a result was measured on, as the README states it beside every figure.
 *
 * @param cpu CPU model name (from {@code /proc/cpuinfo} on Linux)
 * @param cores processors available to the JVM
 * @param memoryGiB physical memory, GiB (0 if unknown)
 * @param jdk JDK vendor and version
 * @param os operating system and architecture
 */
public record MachineInfo(String cpu, int cores, long memoryGiB, String jdk, String os) {

    /** @throws IllegalArgumentException if cores is not positive */
    public MachineInfo {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(jdk, "jdk");
        Objects.requireNonNull(os, "os");
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be positive: " + cores);
        }
    }

    /** This machine, as this JVM sees it. */
    public static MachineInfo current() {
        String cpu = "unknown CPU";
        long memory = 0;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(cpu);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / (1024 * 1024))
                    .findFirst()
                    .orElse(0L);
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc unreadable: the report says "unknown" instead.
        }
        return new MachineInfo(
                cpu,
                Runtime.getRuntime().availableProcessors(),
                memory,
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    /** One Markdown line: "CPU, N cores, M GiB; JDK; OS". */
    public String markdown() {
        return cpu + ", " + cores + " cores" + (memoryGiB > 0 ? ", " + memoryGiB + " GiB RAM" : "") + "; " + jdk + "; "
                + os;
    }
}
