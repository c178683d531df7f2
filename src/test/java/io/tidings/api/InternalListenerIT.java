package io.tidings.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidings.support.Api;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WildFly's listener for publishers ({@code server-config/wildfly/internal-listener.cli}, on in the tests' WildFly
 * with {@code tidings.internal.enabled=true}): the same application behind I/O threads of its own, with the same
 * checks. Payara Micro has no such listener (its requests are not read by the threads that write frames), so there
 * the tests do not run.
 */
class InternalListenerIT extends TidingsIT {

    private Api internal;

    @BeforeEach
    void connectInternal() throws MalformedURLException {
        String port = System.getProperty("tidings.test.internal.port");
        assumeTrue(port != null, "no listener for publishers on this runtime");
        internal = new Api(new URL("http", base.getHost(), Integer.parseInt(port), "/"));
    }

    @Test
    void aPublicationThroughTheInternalListenerReachesSubscribersOfThePublicOne() {
        String channel = "tokens:internal" + UUID.randomUUID().toString().replace("-", "");
        try (TestClient subscriber = TestClient.connect(api.ws("ws"))) {
            subscriber.subscribe(channel);
            JsonObject accepted = internal.publish(
                    channel,
                    "status.update",
                    Json.createObjectBuilder().add("state", "up").build());
            JsonObject event = subscriber.awaitEvent(channel);
            assertEquals(
                    accepted.getJsonNumber("offset").longValue(),
                    event.getJsonNumber("offset").longValue());
            assertEquals("up", event.getJsonObject("data").getString("state"));
        }
    }

    @Test
    void theInternalListenerKeepsTheApisChecks() {
        String body = "{\"channel\":\"tokens:internal\",\"event\":\"status.update\",\"data\":{}}";
        HttpResponse<String> anonymous = internal.post("api/publish", body);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        HttpResponse<String> wrongKey = internal.post("api/publish", body, "X-API-Key", "wrong-key");
        assertEquals(401, wrongKey.statusCode(), wrongKey.body());
        assertEquals(200, internal.get("health/ready").statusCode());
    }
}
