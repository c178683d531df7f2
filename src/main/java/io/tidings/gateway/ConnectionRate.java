package io.tidings.gateway;

import io.tidings.limits.AddressWindow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** New connections per client address per minute ({@code tidings.limits.connections.per.address.per.minute}). */
@ApplicationScoped
public class ConnectionRate {

    private AddressWindow window;

    ConnectionRate() {}

    @Inject
    public ConnectionRate(@ConfigProperty(name = "tidings.limits.connections.per.address.per.minute") int perMinute) {
        this.window = new AddressWindow(perMinute, 60_000);
    }

    /** Counts a new connection; false when the address is over its limit. */
    public boolean admit(String address) {
        long now = System.currentTimeMillis();
        if (window.over(address, now)) {
            return false;
        }
        window.record(address, now);
        return true;
    }
}
