package io.tidings.protocol;

/** What a namespace does with each kind of client frame; {@code C} is the connection it arrived on. */
public interface FrameHandler<C> {

    void authenticate(C connection, ClientFrame.Authenticate frame);

    void subscribe(C connection, ClientFrame.Subscribe frame);

    void unsubscribe(C connection, ClientFrame.Unsubscribe frame);

    void publish(C connection, ClientFrame.Publish frame);

    void ping(C connection, ClientFrame.Ping frame);
}
