package io.tidings.run;

import java.io.File;
import java.io.IOException;
import java.util.List;

/**
 * Runs tidings.js's unit tests (Node's test runner) as part of {@code mvn verify}. Without Node it says so loudly and
 * goes on; under {@code CI=true} that is a failure.
 */
public final class NodeTests {

    private NodeTests() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        File directory = new File(args.length > 0 ? args[0] : "clients/js");
        String node = System.getenv().getOrDefault("NODE", "node");
        int exit;
        try {
            exit = new ProcessBuilder(List.of(node, "--test", "test/tidings.test.js"))
                    .directory(directory)
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (IOException notFound) {
            String missing = "NO NODE: tidings.js's unit tests need Node.js 18+ (" + node + " was not found)";
            System.err.println("\n" + "!".repeat(100) + "\n" + missing + "\n" + "!".repeat(100) + "\n");
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(missing);
            }
            return;
        }
        if (exit != 0) {
            throw new IllegalStateException("tidings.js's unit tests failed (node --test exited with " + exit + ")");
        }
    }
}
