package io.tidings.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws the fan-out results as PNGs: throughput and p99 latency against subscribers, one line per server. */
public final class Plots {

    private Plots() {}

    public static void main(String[] args) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] row = line.split(",", -1);
            // a just-started server's first window (phase "fresh") is not what the server delivers
            if (line.startsWith("fanout,") && !(row.length > 20 && row[20].equals("fresh"))) {
                rows.add(row);
            }
        }
        Path dir = Path.of(args[1]);
        Files.createDirectories(dir);
        // Per server and subscriber count, the run with the most deliveries per second.
        Map<String, TreeMap<Integer, String[]>> best = new TreeMap<>();
        for (String[] row : rows) {
            TreeMap<Integer, String[]> byCount = best.computeIfAbsent(row[1], s -> new TreeMap<>());
            int subscribers = Integer.parseInt(row[2]);
            String[] current = byCount.get(subscribers);
            if (current == null || Double.parseDouble(row[5]) > Double.parseDouble(current[5])) {
                byCount.put(subscribers, row);
            }
        }
        chart(best, 5, "Fan-out: deliveries per second (best rate)", "deliveries/s", dir.resolve("fanout-throughput"));
        chart(best, 8, "Fan-out: p99 latency at that rate", "p99 ms", dir.resolve("fanout-p99"));
    }

    private static void chart(
            Map<String, TreeMap<Integer, String[]>> series, int column, String title, String yTitle, Path file)
            throws Exception {
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(500)
                .title(title)
                .xAxisTitle("subscribers on one channel")
                .yAxisTitle(yTitle)
                .build();
        series.forEach((server, byCount) -> {
            List<Integer> x = new ArrayList<>(byCount.keySet());
            List<Double> y = byCount.values().stream()
                    .map(r -> Double.parseDouble(r[column]))
                    .toList();
            chart.addSeries(server, x, y).setMarker(SeriesMarkers.CIRCLE);
        });
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
