package io.tidings.gateway;

import io.tidings.auth.Authenticator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which address a request comes from, for the per-address limits. Only when the peer is one of
 * {@code tidings.proxies.trusted} (addresses or CIDR ranges) is the client taken from {@code X-Forwarded-For}, else
 * {@code Forwarded}: the rightmost entry that is not itself a trusted proxy. Otherwise it is the peer, so a client
 * cannot name its own address.
 */
@ApplicationScoped
public class ProxyRule {

    /** What may be an IP literal; anything else is not looked up (no DNS on a client's text). */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f.:]{2,45}");

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            return rest == 0 || ((address[full] ^ network[full]) & (0xff << (8 - rest)) & 0xff) == 0;
        }
    }

    private List<Range> trusted;

    ProxyRule() {}

    /** @param trusted comma-separated addresses and CIDR ranges, IPv4 or IPv6 */
    @Inject
    public ProxyRule(@ConfigProperty(name = "tidings.proxies.trusted") Optional<String> trusted) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : trusted.map(Authenticator::list).orElse(List.of())) {
            ranges.add(range(entry));
        }
        this.trusted = List.copyOf(ranges);
    }

    public String clientAddress(HttpServletRequest request) {
        return clientAddress(
                request.getRemoteAddr(), request.getHeader("X-Forwarded-For"), request.getHeader("Forwarded"));
    }

    /**
     * @param peer the address the connection comes from
     * @param forwardedFor the {@code X-Forwarded-For} header, or null
     * @param forwarded the RFC 7239 {@code Forwarded} header, or null
     */
    public String clientAddress(String peer, String forwardedFor, String forwarded) {
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> hops = forwardedFor != null ? forwardedForHops(forwardedFor) : forwardedHops(forwarded);
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (parse(hop) == null) {
                return peer; // not an address: the chain cannot be trusted past this point
            }
            if (!isTrusted(hop) || i == 0) {
                return hop;
            }
        }
        return peer;
    }

    boolean isTrusted(String address) {
        byte[] bytes = parse(address);
        if (bytes == null) {
            return false;
        }
        for (Range range : trusted) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> forwardedForHops(String header) {
        List<String> hops = new ArrayList<>();
        for (String hop : header.split(",")) {
            hops.add(stripPort(hop.trim()));
        }
        return hops;
    }

    /** The {@code for=} values of {@code Forwarded: for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"}. */
    private static List<String> forwardedHops(String header) {
        List<String> hops = new ArrayList<>();
        if (header == null) {
            return hops;
        }
        for (String element : header.split(",")) {
            for (String pair : element.split(";")) {
                String[] kv = pair.trim().split("=", 2);
                if (kv.length == 2 && kv[0].trim().toLowerCase(Locale.ROOT).equals("for")) {
                    hops.add(stripPort(kv[1].trim().replace("\"", "")));
                }
            }
        }
        return hops;
    }

    /** {@code [2001:db8::1]:4711} to {@code 2001:db8::1}, {@code 192.0.2.1:80} to {@code 192.0.2.1}. */
    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end > 0 ? hop.substring(1, end) : hop;
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }

    private static Range range(String entry) {
        String[] parts = entry.split("/", 2);
        byte[] network = parse(parts[0]);
        if (network == null) {
            throw new IllegalArgumentException("tidings.proxies.trusted: not an IP address or range: " + entry);
        }
        int prefix = network.length * 8;
        if (parts.length == 2) {
            try {
                prefix = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("tidings.proxies.trusted: bad prefix length in " + entry);
            }
        }
        return new Range(network, prefix);
    }

    /** The address's bytes (IPv4-mapped IPv6 as IPv4), or null when it is not an IP literal. */
    private static byte[] parse(String address) {
        if (address == null || !IP_LITERAL.matcher(address).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
