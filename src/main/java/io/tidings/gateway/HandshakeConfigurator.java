package io.tidings.gateway;

import io.tidings.auth.Authenticator;
import io.tidings.auth.TokenException;
import io.tidings.auth.TokenSources;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The handshake adapter of every namespace: echoes the subprotocol, finds and verifies the token and leaves a
 * {@link Handshake} for the endpoint ({@link HandshakeFilter} has checked origin and address before), and makes the
 * endpoint instances. Beans are looked up, since configurators are not injected.
 */
public class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

    private final Function<FrameIntake, Endpoint> endpoints;

    HandshakeConfigurator(Namespace namespace) {
        this(intake -> new NamespaceEndpoint(namespace, intake));
    }

    /**
     * The handshake of a raw WebSocket dialect's own path: the same checks; {@code endpoints} makes the endpoint of
     * each connection (a {@link NamespaceEndpoint} with the dialect).
     */
    public HandshakeConfigurator(Function<FrameIntake, Endpoint> endpoints) {
        this.endpoints = endpoints;
    }

    /** A new endpoint for each connection, given the frame intake. */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(
                endpoints.apply(CDI.current().select(FrameIntake.class).get()));
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        // Called before modifyHandshake on both servers: decide from the request alone.
        return TokenSources.negotiate(requested);
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
        Optional<String> token = TokenSources.find(request.getParameterMap(), request.getHeaders());
        Handshake handshake;
        if (token.isEmpty()) {
            handshake = new Handshake(null, null, address);
        } else {
            try {
                handshake = new Handshake(authenticator().authenticate(token.get(), address), null, address);
            } catch (TokenException e) {
                handshake = new Handshake(null, e.getMessage(), address);
            }
        }
        config.getUserProperties().put(Handshake.KEY, handshake);
    }

    private static Authenticator authenticator() {
        return CDI.current().select(Authenticator.class).get();
    }
}
