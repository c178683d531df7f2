package io.tidings.support;

import io.tidings.gateway.Compression;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A configuration source a test adds to its deployment (a service of the WAR) to turn permessage-deflate on for that
 * deployment alone, above every other source.
 */
public final class DeflateOn implements ConfigSource {

    private static final Map<String, String> VALUES = Map.of(Compression.SETTING, "true");

    @Override
    public Set<String> getPropertyNames() {
        return VALUES.keySet();
    }

    @Override
    public String getValue(String name) {
        return VALUES.get(name);
    }

    @Override
    public String getName() {
        return "tidings-test-deflate-on";
    }

    @Override
    public int getOrdinal() {
        return 1000;
    }
}
