package io.tidings.gateway;

import jakarta.websocket.Extension;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * permessage-deflate (RFC 7692) on every WebSocket endpoint, off unless {@code tidings.websocket.deflate=true}: what
 * each endpoint is registered with ({@link #installed()}) and what its configurator answers a client's offer
 * ({@link #negotiate}). On Payara the extension that compresses is Tidings' own ({@link TyrusDeflate}), since Payara
 * ships none and Tyrus applies the extension object the configurator returns; on WildFly an extension that only names
 * it, and Undertow applies its own, installed by its {@code undertow} subsystem ({@code per-message-deflate}): a
 * server without it installs nothing, whatever the setting.
 */
public final class Compression {

    /** The setting that turns it on, read once per endpoint registration. */
    public static final String SETTING = "tidings.websocket.deflate";

    /** The system property that sets the compression level on Payara (WildFly's subsystem reads the same). */
    public static final String LEVEL_PROPERTY = "tidings.websocket.deflate.level";

    static final String NAME = "permessage-deflate";

    /**
     * Parameters of an offer Tidings may accept while answering with none (RFC 7692 7.1.1.2, 7.1.2.2: the client's
     * own, hints). An offer asking the server for {@code server_no_context_takeover} or {@code server_max_window_bits}
     * is declined: neither runtime's compressor can honour them (Undertow's would, for every later connection too).
     */
    private static final Set<String> CLIENT_HINTS = Set.of("client_max_window_bits", "client_no_context_takeover");

    private static final Logger LOG = Logger.getLogger(Compression.class.getName());
    private static final boolean TYRUS = tyrus();

    private Compression() {}

    /** The extensions each endpoint is registered with: none while the setting is off. */
    public static List<Extension> installed() {
        boolean on = ConfigProvider.getConfig()
                .getOptionalValue(SETTING, Boolean.class)
                .orElse(false);
        if (!on) {
            return List.of();
        }
        return List.of(TYRUS ? TyrusDeflate.create(level()) : new Named());
    }

    /**
     * A configurator's answer: the installed permessage-deflate, without parameters, when the client offers it in a
     * form Tidings can accept; nothing otherwise (nothing installed, not offered, or only offers it must decline).
     */
    public static List<Extension> negotiate(List<Extension> installed, List<Extension> requested) {
        Optional<Extension> deflate = installed.stream()
                .filter(extension -> NAME.equals(extension.getName()))
                .findFirst();
        if (deflate.isEmpty() || requested == null) {
            return List.of();
        }
        boolean acceptable = requested.stream()
                .anyMatch(offer -> NAME.equals(offer.getName())
                        && offer.getParameters().stream()
                                .allMatch(parameter -> CLIENT_HINTS.contains(parameter.getName())));
        return acceptable ? List.of(deflate.get()) : List.of();
    }

    /** The deflate level, 1 (fastest) unless the system property says otherwise (0 to 9). */
    static int level() {
        String value = System.getProperty(LEVEL_PROPERTY, "1");
        try {
            int level = Integer.parseInt(value.trim());
            if (level >= 0 && level <= 9) {
                return level;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warning(() -> LEVEL_PROPERTY + "=" + value + " is not a level from 0 to 9: 1 taken");
        return 1;
    }

    /** Tyrus, whose extension API Tidings' compressor implements; never on WildFly, where Undertow compresses. */
    private static boolean tyrus() {
        try {
            Class.forName(TyrusDeflate.API, false, Compression.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The extension by name only, for a runtime that applies its own. */
    private static final class Named implements Extension {
        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public List<Parameter> getParameters() {
            return List.of();
        }
    }
}
