package io.tidings.security;

import io.tidings.support.TestClient;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The clients a test opens, however many, closed together when it ends (one try-with-resources for all). */
final class Clients implements AutoCloseable, Iterable<TestClient> {

    private final List<TestClient> open = new ArrayList<>();

    /** Keeps the client to close it with the others, and returns it. */
    TestClient add(TestClient client) {
        open.add(client);
        return client;
    }

    int size() {
        return open.size();
    }

    @Override
    public Iterator<TestClient> iterator() {
        return open.iterator();
    }

    @Override
    public void close() {
        open.forEach(TestClient::close);
    }
}
