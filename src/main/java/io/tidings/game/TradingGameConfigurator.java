package io.tidings.game;

import io.tidings.auth.Authenticator;
import io.tidings.auth.TokenException;
import io.tidings.auth.TokenSources;
import io.tidings.gateway.Compression;
import io.tidings.gateway.FrameIntake;
import io.tidings.gateway.Handshake;
import io.tidings.gateway.HandshakeFilter;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Optional;

/**
 * The handshake adapter of the trading game's endpoint. Its clients pass the session token as the subprotocol, {@code
 * new WebSocket(url, token)}, and a browser fails the connection unless the server answers with the subprotocol it
 * offered: the first one offered is echoed, whatever it is, and is the token (the {@code token} query parameter and
 * {@code Authorization: Bearer} are read as on every namespace). A token that is not accepted leaves a rejection, and
 * the connection is closed with 1008 once open, as the game's server does; it is never logged.
 */
class TradingGameConfigurator extends ServerEndpointConfig.Configurator {

    static final String KEY = "tidings.game.handshake";

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(new TradingGameEndpoint(
                CDI.current().select(TradingGame.class).get(),
                CDI.current().select(FrameIntake.class).get()));
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return requested.isEmpty() ? "" : requested.get(0);
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        return Compression.negotiate(installed, requested);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        String address = TokenSources.header(request.getHeaders(), HandshakeFilter.ADDRESS_HEADER).stream()
                .findFirst()
                .orElse("unknown");
        config.getUserProperties().put(KEY, handshake(token(request), address));
    }

    /** The offered subprotocol, else where the native protocol finds a token; empty when there is none. */
    static Optional<String> token(HandshakeRequest request) {
        List<String> offered = TokenSources.subprotocols(request.getHeaders());
        return offered.isEmpty()
                ? TokenSources.find(request.getParameterMap(), request.getHeaders())
                : Optional.of(offered.get(0));
    }

    private static Handshake handshake(Optional<String> token, String address) {
        if (token.isEmpty()) {
            return new Handshake(null, null, address);
        }
        try {
            return new Handshake(
                    CDI.current().select(Authenticator.class).get().authenticate(token.get(), address), null, address);
        } catch (TokenException e) {
            return new Handshake(null, e.getMessage(), address);
        }
    }
}
