package io.tidings.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** For tests: a bus that hands every channel's publications to this node at once, and forgets nothing. */
final class AlwaysLive implements ChannelInterest {

    @Override
    public CompletionStage<Void> first(String channel) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void last(String channel) {}
}
