package dev.bollard.proxy.telemetry;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process basics under the Prometheus client libraries' names: start time, CPU, resident
 * memory (Linux {@code /proc/self/statm}), JVM heap and non-heap. All read at scrape time from
 * the JVM's beans and one small proc file: nothing runs between scrapes.
 */
final class ProcessMetrics {
    private static final Path STATM = Path.of("/proc/self/statm");
    /** The kernel's page size on x86-64 Linux, the only platform the proxy runs on. */
    private static final long PAGE_SIZE = 4096;

    private ProcessMetrics() {
    }

    static void write(StringBuilder out) {
        Gauges.one(out, "process_start_time_seconds", "gauge", "Start time of the process, Unix seconds.",
                ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getProcessCpuTime() >= 0) {
            Gauges.one(out, "process_cpu_seconds_total", "counter", "User and system CPU time, seconds.",
                    os.getProcessCpuTime() / 1e9);
        }
        long rss = residentBytes();
        if (rss >= 0) {
            Gauges.one(out, "process_resident_memory_bytes", "gauge", "Resident memory size, bytes.", rss);
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Gauges.labelled(out, "jvm_memory_used_bytes", "gauge", "JVM memory in use, bytes.", List.of("area"),
                List.of(List.of("heap"), List.of("nonheap")),
                List.of((double) memory.getHeapMemoryUsage().getUsed(), (double) memory.getNonHeapMemoryUsage().getUsed()));
    }

    /** Resident pages × page size, or -1 where /proc is not there. */
    static long residentBytes() {
        try {
            String[] fields = Files.readString(STATM).trim().split("\\s+");
            return Long.parseLong(fields[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
