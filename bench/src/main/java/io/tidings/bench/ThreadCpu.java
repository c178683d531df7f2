package io.tidings.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A server's CPU time by thread, from {@code /proc/PID/task}: threads of one kind (their names with the digits
 * taken out, as Linux shortens them to 15 characters) summed, so a window's share of I/O threads, delivery workers,
 * JIT compilers and GC threads can be told apart. A thread that ended within the window (the JVM adds and retires
 * compiler threads as it needs them) is not counted.
 */
record ThreadCpu(Map<Long, Task> threads) {

    record Task(String kind, long ticks) {}

    static ThreadCpu of(long pid) {
        Map<Long, Task> threads = new HashMap<>();
        if (pid <= 0) {
            return new ThreadCpu(threads);
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    threads.put(
                            Long.parseLong(task.getFileName().toString()),
                            new Task(name.replaceAll("[0-9]+", "#"), Bench.CpuTime.ticks(stat)));
                } catch (IOException | RuntimeException e) { // the thread ended meanwhile
                }
            }
        } catch (IOException e) { // no such process (any more)
        }
        return new ThreadCpu(threads);
    }

    /** Each kind's share of the whole process's CPU time since {@code start}, largest first, those of 1% or more. */
    String sharesSince(ThreadCpu start) {
        Map<String, Long> used = new TreeMap<>();
        threads.forEach((id, thread) -> {
            Task before = start.threads.get(id);
            long since = before == null || !before.kind.equals(thread.kind) ? 0 : before.ticks;
            used.merge(thread.kind, thread.ticks - since, Long::sum);
        });
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
