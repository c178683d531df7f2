package io.tidings.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints what the running nodes warned about when a test fails, so that a failure in CI, where only the build's
 * output is kept, says what the servers saw.
 */
public final class NodeLogsOnFailure implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        for (Node node : Node.RUNNING) {
            System.out.println(
                    "--- what " + node + " warned about, for " + context.getDisplayName() + ":\n" + node.warnings());
        }
    }
}
