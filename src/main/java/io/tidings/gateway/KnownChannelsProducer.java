package io.tidings.gateway;

import io.tidings.channel.KnownChannels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Tells the layers below which channels exist: those of every {@link Namespace}. */
@ApplicationScoped
public class KnownChannelsProducer {

    @Produces
    KnownChannels knownChannels() {
        return new KnownChannels(Namespace.everyChannel());
    }
}
