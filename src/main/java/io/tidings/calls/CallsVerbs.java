package io.tidings.calls;

import io.tidings.protocol.ServerFrames;
import io.tidings.protocol.VerbHandler;
import io.tidings.session.Connection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Carries out the {@code /video-calls} verbs (see {@link Calls}), each answered with {@code ack} or an error. */
@ApplicationScoped
public class CallsVerbs implements VerbHandler<Connection, CallsFrame> {

    private Calls calls;

    CallsVerbs() {}

    @Inject
    public CallsVerbs(Calls calls) {
        this.calls = calls;
    }

    @Override
    public Class<CallsFrame> frameType() {
        return CallsFrame.class;
    }

    @Override
    public void handle(Connection connection, CallsFrame frame) {
        if (frame instanceof CallsFrame.Offer offer) {
            calls.offer(connection, offer);
        } else if (frame instanceof CallsFrame.Answer answer) {
            calls.answer(connection, answer);
        } else if (frame instanceof CallsFrame.IceCandidate candidate) {
            calls.candidate(connection, candidate);
        } else if (frame instanceof CallsFrame.Reject reject) {
            calls.reject(connection, reject);
        } else if (frame instanceof CallsFrame.End end) {
            calls.hangUp(connection, end);
        }
        connection.send(ServerFrames.ack(frame.id()));
    }
}
