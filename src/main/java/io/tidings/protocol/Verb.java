package io.tidings.protocol;

import java.util.Objects;

/** One verb a namespace understands: who may send it, and how its frame is read. */
public record Verb(VerbAccess access, FrameReader reader) {

    public Verb {
        Objects.requireNonNull(access, "every verb declares who may send it");
        Objects.requireNonNull(reader, "reader");
    }

    public static Verb of(VerbAccess access, FrameReader reader) {
        return new Verb(access, reader);
    }
}
