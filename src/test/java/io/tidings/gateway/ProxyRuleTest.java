package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxyRuleTest {

    private final ProxyRule rule = new ProxyRule(Optional.of("10.0.0.0/8, 192.168.1.7, fd00::/8"));

    @Test
    void matchesAddressesAndRanges() {
        assertTrue(rule.isTrusted("10.1.2.3"));
        assertTrue(rule.isTrusted("192.168.1.7"));
        assertFalse(rule.isTrusted("192.168.1.8"));
        assertTrue(rule.isTrusted("fd12::1"));
        assertFalse(rule.isTrusted("fe80::1"));
        assertFalse(rule.isTrusted("11.0.0.1"));
        assertFalse(rule.isTrusted("proxy.example.com"), "names are never looked up");
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItSends() {
        assertEquals("198.51.100.1", rule.clientAddress("198.51.100.1", "203.0.113.7", null));
        assertEquals("198.51.100.1", rule.clientAddress("198.51.100.1", null, "for=203.0.113.7"));
    }

    @Test
    void behindTrustedProxiesTheRightmostOtherHopIsTheClient() {
        assertEquals("203.0.113.7", rule.clientAddress("10.0.0.1", "203.0.113.7", null));
        assertEquals("203.0.113.7", rule.clientAddress("10.0.0.1", "1.1.1.1, 203.0.113.7, 10.9.9.9", null));
        assertEquals("203.0.113.7", rule.clientAddress("10.0.0.1", " 203.0.113.7:5000 ", null), "port dropped");
        assertEquals("10.2.2.2", rule.clientAddress("10.0.0.1", "10.2.2.2, 10.3.3.3", null), "all trusted");
        assertEquals("10.0.0.1", rule.clientAddress("10.0.0.1", null, null), "no header: the peer");
        assertEquals("10.0.0.1", rule.clientAddress("10.0.0.1", "unknown", null), "not an address: the peer");
    }

    @Test
    void readsTheForwardedHeader() {
        assertEquals(
                "2001:db8::1",
                rule.clientAddress("10.0.0.1", null, "for=\"[2001:db8::1]:4711\";proto=https, for=10.5.5.5"));
        assertEquals("192.0.2.60", rule.clientAddress("10.0.0.1", null, "For=192.0.2.60;proto=http;by=203.0.113.43"));
    }

    @Test
    void refusesAMalformedSetting() {
        assertThrows(IllegalArgumentException.class, () -> new ProxyRule(Optional.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> new ProxyRule(Optional.of("proxy.local")));
        assertFalse(new ProxyRule(Optional.empty()).isTrusted("127.0.0.1"), "nothing trusted by default");
    }
}
