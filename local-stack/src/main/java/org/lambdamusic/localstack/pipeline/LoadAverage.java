package org.lambdamusic.localstack.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine, as benchmarks print it beside their figures: load average, CPU, memory. */
final class LoadAverage {
    private LoadAverage() {}

    /** The 1, 5 and 15 minute load averages ("0.52 0.61 0.70"). */
    static String read() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    static long memoryGb() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D+", "")) / 1024 / 1024)
                    .findFirst()
                    .orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }
}
