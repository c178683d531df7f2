package io.tidings.support;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A CDI {@link Event} for unit tests: keeps what was fired, in order. */
public class RecordingEvents implements Event<Object> {

    private final List<Object> fired = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void fire(Object event) {
        fired.add(event);
    }

    /** The events fired so far of this type, in order. */
    public <T> List<T> of(Class<T> type) {
        synchronized (fired) {
            return fired.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    public List<Object> all() {
        synchronized (fired) {
            return List.copyOf(fired);
        }
    }

    @Override
    public <U> CompletionStage<U> fireAsync(U event) {
        fired.add(event);
        return CompletableFuture.completedFuture(event);
    }

    @Override
    public <U> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
        return fireAsync(event);
    }

    @Override
    public Event<Object> select(Annotation... qualifiers) {
        return this;
    }

    @Override
    public <U> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <U> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
        throw new UnsupportedOperationException();
    }
}
