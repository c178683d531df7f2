package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    @Test
    void allowsListedOriginsTheSameOriginAndNonBrowsers() {
        OriginPolicy policy = new OriginPolicy(Optional.of("https://app.example.com, https://admin.example.com/"));
        assertTrue(policy.allows("https://app.example.com", "gw.example.com"));
        assertTrue(policy.allows("HTTPS://ADMIN.EXAMPLE.COM", "gw.example.com"));
        assertTrue(policy.allows("https://gw.example.com", "gw.example.com"), "same origin");
        assertTrue(policy.allows(null, "gw.example.com"), "no Origin: not a browser");
        assertFalse(policy.allows("https://evil.example", "gw.example.com"));
        assertFalse(policy.allows("null", "gw.example.com"));
    }

    @Test
    void starAllowsAnyOrigin() {
        assertTrue(new OriginPolicy(Optional.of("*")).allows("https://evil.example", "gw"));
        assertFalse(new OriginPolicy(Optional.empty()).allows("https://evil.example", "gw"));
    }
}
