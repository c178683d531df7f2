package io.tidings.gateway;

import io.tidings.auth.Authenticator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The browser origins allowed to open WebSockets: the page's own origin always, and those listed in
 * {@code tidings.origins} ({@code *} for any, unsafe in production). A handshake without {@code Origin} is not
 * from a browser and is not checked.
 */
@ApplicationScoped
public class OriginPolicy {

    private boolean any;
    private Set<String> allowed;

    OriginPolicy() {}

    @Inject
    public OriginPolicy(@ConfigProperty(name = "tidings.origins") Optional<String> origins) {
        List<String> listed = origins.map(Authenticator::list).orElse(List.of());
        this.any = listed.contains("*");
        this.allowed = listed.stream().map(OriginPolicy::normalize).collect(Collectors.toSet());
    }

    /**
     * @param origin the {@code Origin} header, or null
     * @param host the {@code Host} header the browser sent, for the same-origin case
     */
    public boolean allows(String origin, String host) {
        if (origin == null || any || allowed.contains(normalize(origin))) {
            return true;
        }
        try {
            String authority = URI.create(origin.trim()).getRawAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalize(String origin) {
        String lower = origin.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
