package io.tidings.protocol;

/** What is done with each kind of {@link CoreFrame}; {@code C} is the connection it arrived on. */
public interface CoreFrameHandler<C> {

    void authenticate(C connection, CoreFrame.Authenticate frame);

    void subscribe(C connection, CoreFrame.Subscribe frame);

    void subscribeMany(C connection, CoreFrame.SubscribeMany frame);

    void unsubscribe(C connection, CoreFrame.Unsubscribe frame);

    void unsubscribeMany(C connection, CoreFrame.UnsubscribeMany frame);

    void publish(C connection, CoreFrame.Publish frame);

    void ping(C connection, CoreFrame.Ping frame);
}
