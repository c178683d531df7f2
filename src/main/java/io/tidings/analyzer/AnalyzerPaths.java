package io.tidings.analyzer;

import io.tidings.gateway.HandshakePaths;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The market analyzer's endpoint path, for the handshake filter. */
@ApplicationScoped
public class AnalyzerPaths implements HandshakePaths {

    @Override
    public List<String> paths() {
        return List.of(AnalyzerEndpoints.path());
    }
}
