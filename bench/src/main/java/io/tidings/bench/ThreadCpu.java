package io.tidings.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A server's CPU time by thread, from {@code /proc/PID/task}: threads of one kind (their names with the digits
 * taken out, as Linux shortens them to 15 characters) summed, so a window's share of I/O threads, delivery workers,
 * JIT compilers and GC threads can be told apart. Threads that ended within the window are not counted.
 */
record ThreadCpu(Map<String, Long> ticksByKind) {

    static ThreadCpu of(long pid) {
        Map<String, Long> ticks = new TreeMap<>();
        if (pid <= 0) {
            return new ThreadCpu(ticks);
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    ticks.merge(name.replaceAll("[0-9]+", "#"), used, Long::sum);
                } catch (IOException | RuntimeException e) { // the thread ended meanwhile
                }
            }
        } catch (IOException e) { // no such process (any more)
        }
        return new ThreadCpu(ticks);
    }

    /** Each kind's share of the whole process's CPU time since {@code start}, largest first, those of 1% or more. */
    String sharesSince(ThreadCpu start) {
        Map<String, Long> used = new TreeMap<>();
        ticksByKind.forEach((kind, ticks) -> used.put(kind, ticks - start.ticksByKind.getOrDefault(kind, 0L)));
        long total = used.values().stream().mapToLong(Long::longValue).sum();
        if (total <= 0) {
            return "";
        }
        return used.entrySet().stream()
                .filter(e -> e.getValue() * 100 >= total)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100.0 * e.getValue() / total))
                .collect(Collectors.joining(", "));
    }
}
