package io.tidings.game;

import io.tidings.gateway.HandshakePaths;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The trading game's endpoint paths, for the handshake filter. */
@ApplicationScoped
public class TradingGamePaths implements HandshakePaths {

    @Override
    public List<String> paths() {
        return List.of(TradingGameEndpoints.tokenDataPath());
    }
}
