package io.tidings.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.Api;
import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What an {@code /api} path or body names is exactly what the call acts on. A {@code ;} in a path would start
 * matrix parameters that JAX-RS strips from a path parameter, so {@code PUT /api/conversations/victim;x/members}
 * would rewrite {@code victim}: such paths are refused (400) and change nothing. User ids in paths and in member
 * lists follow the user id grammar, else 400.
 */
class ApiPathIT extends TidingsIT {

    private static final JsonProvider JSON = JsonProvider.provider();

    @Test
    void aSemicolonInAConversationPathIsRefusedAndChangesNoMembers() {
        String tag = Probes.tag();
        String victim = "victim-" + tag;
        api.setMembers(victim, "alice-" + tag, "bob-" + tag);
        for (String path : List.of(
                "api/conversations/" + victim + ";x/members",
                "api/conversations/" + victim + ";/members",
                "api/conversations/" + victim + "/members;x")) {
            HttpResponse<String> response = putMembers(path, "mallory-" + tag);
            assertEquals(400, response.statusCode(), () -> "PUT " + path + ": " + response.body());
            assertEquals("bad_request", Probes.errorCode(response), "PUT " + path);
        }
        for (String path : List.of("api/conversations/" + victim + ";x", "api/conversations/" + victim + ";")) {
            HttpResponse<String> response = api.request("DELETE", path, null, "X-API-Key", Api.KEY);
            assertEquals(400, response.statusCode(), () -> "DELETE " + path + ": " + response.body());
            assertEquals("bad_request", Probes.errorCode(response), "DELETE " + path);
        }
        assertEquals(Set.of("alice-" + tag, "bob-" + tag), membersOf(victim), "the members of " + victim);
    }

    /**
     * {@code %3B} is no {@code ;} in the raw path, but it decodes to one: the id it names is then not a valid
     * conversation id, and a server that decoded before splitting off matrix parameters would act on {@code victim}.
     * Either way nothing changes; the code may be {@code bad_request} or {@code invalid_channel} (the API's answer to
     * an invalid conversation id).
     */
    @Test
    void anEncodedSemicolonInAConversationPathIsRefusedAndChangesNoMembers() {
        String tag = Probes.tag();
        String victim = "victim-" + tag;
        api.setMembers(victim, "alice-" + tag, "bob-" + tag);
        for (String semicolon : List.of("%3B", "%3b")) {
            String members = "api/conversations/" + victim + semicolon + "x/members";
            HttpResponse<String> put = putMembers(members, "mallory-" + tag);
            assertEquals(400, put.statusCode(), () -> "PUT " + members + ": " + put.body());
            assertTrue(
                    Set.of("bad_request", "invalid_channel").contains(Probes.errorCode(put)), () -> "PUT " + members);

            String conversation = "api/conversations/" + victim + semicolon + "x";
            HttpResponse<String> delete = api.request("DELETE", conversation, null, "X-API-Key", Api.KEY);
            assertEquals(400, delete.statusCode(), () -> "DELETE " + conversation + ": " + delete.body());
            assertTrue(
                    Set.of("bad_request", "invalid_channel").contains(Probes.errorCode(delete)),
                    () -> "DELETE " + conversation);
        }
        assertEquals(Set.of("alice-" + tag, "bob-" + tag), membersOf(victim), "the members of " + victim);
    }

    @Test
    void aSemicolonInAUserPathIsRefusedAndDisconnectsNobody() {
        String bob = "bob-" + Probes.tag();
        try (TestClient bobWs = TestClient.connect(Probes.withToken(api, "ws", Tokens.hs256(bob)))) {
            for (String path : List.of(
                    "api/users/" + bob + ";x/disconnect",
                    "api/users/" + bob + "/disconnect;x",
                    "api/users/" + bob + "%3Bx/disconnect")) {
                HttpResponse<String> response = api.post(path, "", "X-API-Key", Api.KEY);
                assertEquals(400, response.statusCode(), () -> "POST " + path + ": " + response.body());
                assertEquals("bad_request", Probes.errorCode(response), "POST " + path);
            }
            String presence = "api/users/" + bob + ";x/presence";
            HttpResponse<String> refused = api.get(presence, "X-API-Key", Api.KEY);
            assertEquals(400, refused.statusCode(), () -> "GET " + presence + ": " + refused.body());
            assertEquals("bad_request", Probes.errorCode(refused), "GET " + presence);
            Probes.assertAnswersPing(bobWs, "bob-alive");

            HttpResponse<String> disconnect = api.post("api/users/" + bob + "/disconnect", "", "X-API-Key", Api.KEY);
            assertEquals(200, disconnect.statusCode(), disconnect::body);
            assertEquals(1, Api.json(disconnect.body()).getInt("disconnected"), "the path itself is right");
            assertEquals(4011, bobWs.awaitClose().getCloseCode().getCode());
        }
    }

    @Test
    void userIdsOutsideTheGrammarInPathsAreBadRequests() {
        for (String user : Probes.INVALID_USER_IDS) {
            String disconnect = "api/users/" + Probes.segment(user) + "/disconnect";
            HttpResponse<String> posted = api.post(disconnect, "", "X-API-Key", Api.KEY);
            assertEquals(400, posted.statusCode(), () -> "POST " + disconnect + ": " + posted.body());
            assertEquals("bad_request", Probes.errorCode(posted), "POST " + disconnect);

            String presence = "api/users/" + Probes.segment(user) + "/presence";
            HttpResponse<String> got = api.get(presence, "X-API-Key", Api.KEY);
            assertEquals(400, got.statusCode(), () -> "GET " + presence + ": " + got.body());
            assertEquals("bad_request", Probes.errorCode(got), "GET " + presence);
        }
        for (String user : Probes.edgeUserIds(Probes.tag())) {
            HttpResponse<String> posted =
                    api.post("api/users/" + Probes.segment(user) + "/disconnect", "", "X-API-Key", Api.KEY);
            assertEquals(200, posted.statusCode(), () -> user + ": " + posted.body());
            HttpResponse<String> got = api.get("api/users/" + Probes.segment(user) + "/presence", "X-API-Key", Api.KEY);
            assertEquals(200, got.statusCode(), () -> user + ": " + got.body());
            assertEquals(user, Api.json(got.body()).getString("userId"));
        }
    }

    @Test
    void membersOutsideTheGrammarAreBadRequestsAndChangeNothing() {
        String tag = Probes.tag();
        String conversation = "c-" + tag;
        String alice = "alice-" + tag;
        api.setMembers(conversation, alice, "bob-" + tag);
        List<String> invalid = new ArrayList<>(Probes.INVALID_USER_IDS);
        invalid.add("");
        String path = "api/conversations/" + conversation + "/members";
        for (String member : invalid) {
            HttpResponse<String> response = putMembers(path, alice, member);
            assertEquals(400, response.statusCode(), () -> "member '" + member + "': " + response.body());
            assertEquals("bad_request", Probes.errorCode(response), () -> "member '" + member + "'");
        }
        assertEquals(Set.of(alice, "bob-" + tag), membersOf(conversation), "the members of " + conversation);

        List<String> edges = Probes.edgeUserIds(tag);
        HttpResponse<String> accepted = putMembers(path, alice, edges.get(0), edges.get(1));
        assertEquals(200, accepted.statusCode(), accepted::body);
        assertEquals(Set.of(alice, edges.get(0), edges.get(1)), membersOf(conversation));
    }

    private HttpResponse<String> putMembers(String path, String... members) {
        String body = JSON.createObjectBuilder()
                .add("members", JSON.createArrayBuilder(List.of(members)))
                .build()
                .toString();
        return api.request("PUT", path, body, "X-API-Key", Api.KEY, "Content-Type", "application/json");
    }

    private Set<String> membersOf(String conversation) {
        HttpResponse<String> response = api.get("api/conversations/" + conversation + "/members", "X-API-Key", Api.KEY);
        assertEquals(200, response.statusCode(), response::body);
        return Api.json(response.body()).getJsonArray("members").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString)
                .collect(Collectors.toSet());
    }
}
