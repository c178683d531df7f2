package io.tidings.gateway;

/** Why the start-up warm-up ended early, in words of its own (safe to log: never a key, never a client's input). */
final class WarmupFailed extends Exception {

    WarmupFailed(String message) {
        super(message, null, false, false);
    }
}
