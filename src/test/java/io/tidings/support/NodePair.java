package io.tidings.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The two nodes of a scale-out test, one on each runtime, started together (in about the time of the slower) with the
 * same settings.
 */
public record NodePair(Node payara, Node wildfly) implements AutoCloseable {

    public static NodePair start(Map<String, String> settings) {
        NodePair pair = new NodePair(Node.payara(settings), Node.wildfly(settings));
        CompletableFuture<Node> payaraStarted = CompletableFuture.supplyAsync(pair.payara()::start);
        try {
            pair.wildfly().start();
            payaraStarted.join();
            return pair;
        } catch (RuntimeException | Error e) {
            try {
                payaraStarted.join(); // a node still starting would be left running once the test is over
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            pair.close();
            throw e;
        }
    }

    public List<Node> both() {
        return List.of(payara, wildfly);
    }

    @Override
    public void close() {
        payara.close();
        wildfly.close();
    }
}
