package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.websocket.Extension;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an endpoint answers a client's permessage-deflate offers (RFC 7692 5, 7.1). */
class CompressionTest {

    private static final Extension INSTALLED = offer("permessage-deflate");

    @Test
    void offNothingIsInstalledAndNothingNegotiatedWhateverIsOffered() {
        assertEquals(List.of(), Compression.negotiate(List.of(), List.of(offer("permessage-deflate"))));
    }

    @Test
    void onTheInstalledExtensionAnswersAPlainOffer() {
        List<Extension> answer = Compression.negotiate(List.of(INSTALLED), List.of(offer("permessage-deflate")));
        assertEquals(1, answer.size());
        assertSame(INSTALLED, answer.get(0), "the runtime's own object, which Tyrus applies");
    }

    @Test
    void theClientsOwnParametersAreHintsAndTheAnswerHasNone() {
        // what browsers and ws offer
        List<Extension> answer = Compression.negotiate(
                List.of(INSTALLED),
                List.of(offer("permessage-deflate", "client_max_window_bits", ""), offer("x-webkit-deflate-frame")));
        assertEquals(List.of(INSTALLED), answer);
        assertEquals(List.of(), answer.get(0).getParameters());
        assertEquals(
                List.of(INSTALLED),
                Compression.negotiate(
                        List.of(INSTALLED), List.of(offer("permessage-deflate", "client_no_context_takeover", ""))));
    }

    @Test
    void anOfferThatBindsTheServersCompressorIsDeclinedAndTheNextOneTaken() {
        Extension noTakeover = offer("permessage-deflate", "server_no_context_takeover", "");
        Extension smallWindow = offer("permessage-deflate", "server_max_window_bits", "10");
        assertEquals(List.of(), Compression.negotiate(List.of(INSTALLED), List.of(noTakeover)));
        assertEquals(List.of(), Compression.negotiate(List.of(INSTALLED), List.of(smallWindow)));
        assertEquals(
                List.of(INSTALLED),
                Compression.negotiate(List.of(INSTALLED), List.of(noTakeover, offer("permessage-deflate"))));
    }

    @Test
    void otherExtensionsAndNoOfferAreNotNegotiated() {
        assertEquals(List.of(), Compression.negotiate(List.of(INSTALLED), List.of(offer("permessage-bzip"))));
        assertEquals(List.of(), Compression.negotiate(List.of(INSTALLED), List.of()));
        assertEquals(List.of(), Compression.negotiate(List.of(INSTALLED), null));
    }

    private static Extension offer(String name, String... parameterAndValue) {
        List<Extension.Parameter> parameters = parameterAndValue.length == 0
                ? List.of()
                : List.of(new Extension.Parameter() {
                    @Override
                    public String getName() {
                        return parameterAndValue[0];
                    }

                    @Override
                    public String getValue() {
                        return parameterAndValue[1];
                    }
                });
        return new Extension() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public List<Parameter> getParameters() {
                return parameters;
            }
        };
    }
}
