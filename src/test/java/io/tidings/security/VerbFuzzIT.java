package io.tidings.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidings.support.TestClient;
import io.tidings.support.TidingsIT;
import io.tidings.support.Tokens;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random frames made of each namespace's verb names, sent by a connection without a user, by a user and by an admin:
 * fields missing, of the wrong JSON type, long, in any Unicode (lone surrogates too, as {@code \ud800} escapes),
 * {@code :}, {@code ;} and {@code |} in ids and values, nested objects, numbers beyond a double. Every frame with an id
 * the protocol accepts (a string of at most 64 characters) is answered once with that id; nothing fails inside the
 * server; and every connection is forgotten once closed.
 *
 * <p>The seed is fixed, so a failure replays ({@code -Dtidings.fuzz.seed=N} tries another). Connections stay far
 * below the test servers' frame budget (burst 400): at most 150 frames each, a ping awaited every 50. Most carry 50
 * frames, fewer than the 50 malformed ones that close a connection (1008), so their every frame must be answered;
 * every third carries 150 and may be closed, which exercises the server's closing with answers still in flight.
 */
class VerbFuzzIT extends TidingsIT {

    private static final long SEED = Long.getLong("tidings.fuzz.seed", 23L);
    private static final int FRAMES_PER_KIND = 300;
    private static final int SYNC_EVERY = 50;
    private static final int MOST_CONNECTIONS_PER_KIND = 60;
    private static final Duration DRAIN = Duration.ofSeconds(5);

    /** Who sends: the connections a namespace may see. */
    enum Kind {
        ANONYMOUS,
        /** A user; on {@code /admin}, where it cannot connect as one, a connection whose authenticate was refused. */
        USER,
        ADMIN
    }

    @ParameterizedTest(name = "/{0}")
    @ValueSource(strings = {"ws", "messaging", "notifications", "video-calls", "admin"})
    void randomVerbFramesAreEachAnsweredByIdAndNothingFailsInside(String namespace) {
        String tag = Probes.tag();
        JsonObject before = new ServerView(api).stats();
        double internalBefore = new ServerView(api).errorsSent("internal");
        Report report = new Report();
        for (Kind kind : Kind.values()) {
            fuzz(namespace, kind, tag, report);
        }
        String replay = "seed " + SEED + ", /" + namespace + ": ";
        assertTrue(report.clean(), () -> replay + report);
        assertTrue(
                report.answered >= FRAMES_PER_KIND,
                () -> replay + "too few frames with ids were answered to mean anything: " + report);
        assertEquals(
                internalBefore,
                new ServerView(api).errorsSent("internal"),
                replay + "tidings_errors_total{code=\"internal\"}");
        assertEquals(200, api.get("health/ready").statusCode(), replay + "/health/ready");
        new ServerView(api).awaitBackTo(before, "connections");
    }

    private void fuzz(String namespace, Kind kind, String tag, Report report) {
        String self = switch (kind) {
            case ANONYMOUS -> "fz-nobody-" + tag;
            case USER -> "fz-u-" + tag;
            case ADMIN -> "fz-a-" + tag;
        };
        boolean anonymous =
                !namespace.equals("ws") && (kind == Kind.ANONYMOUS || kind == Kind.USER && namespace.equals("admin"));
        Generator generator =
                new Generator(new Random(SEED ^ (namespace + "/" + kind).hashCode()), namespace, self, tag);
        int sent = 0;
        for (int c = 0; sent < FRAMES_PER_KIND; c++) {
            String where = "/" + namespace + " " + kind + " connection " + c;
            assertTrue(
                    c < MOST_CONNECTIONS_PER_KIND, () -> "seed " + SEED + ", " + where + ": connections keep closing");
            int size = Math.min(c % 3 == 2 ? 3 * SYNC_EVERY : SYNC_EVERY, FRAMES_PER_KIND - sent);
            try (TestClient client = open(namespace, kind, self, where)) {
                sent += exchange(client, generator, size, anonymous, where, report);
            }
        }
    }

    private TestClient open(String namespace, Kind kind, String self, String where) {
        if (kind == Kind.ANONYMOUS) {
            return TestClient.connect(api.ws(namespace));
        }
        if (kind == Kind.ADMIN) {
            return TestClient.connect(Probes.withToken(api, namespace, Tokens.hs256(self, "admin")));
        }
        if (!namespace.equals("admin")) {
            return TestClient.connect(Probes.withToken(api, namespace, Tokens.hs256(self)));
        }
        TestClient refused = TestClient.connect(api.ws("admin"));
        try {
            refused.sendFields("type", "authenticate", "id", "who", "token", Tokens.hs256(self));
            JsonObject answer = Probes.answerTo(refused, "who");
            assertNotNull(answer, () -> where + ": closed instead of answering authenticate");
            assertEquals("forbidden", answer.getString("code", null), () -> where + ": a user on /admin: " + answer);
            return refused;
        } catch (RuntimeException | Error e) {
            refused.close();
            throw e;
        }
    }

    /** Sends {@code size} frames (fewer when the server closes first), then checks what came back; returns how many. */
    private static int exchange(
            TestClient client, Generator generator, int size, boolean anonymous, String where, Report report) {
        List<Sent> tracked = new ArrayList<>();
        int syncs = 0;
        boolean closed = false;
        int count = 0;
        while (count < size && !closed) {
            Fuzzed frame = generator.next();
            try {
                if (frame.binary()) {
                    client.sendBinary(frame.text().getBytes(StandardCharsets.UTF_8));
                } else {
                    client.send(frame.text());
                }
            } catch (RuntimeException sendFailed) {
                closed = true;
                break;
            }
            count++;
            if (frame.id() != null) {
                tracked.add(new Sent(frame, syncs));
            }
            if (count % SYNC_EVERY == 0 || count == size) {
                if (sync(client, "sync-" + syncs, where, report)) {
                    syncs++;
                } else {
                    closed = true;
                }
            }
        }
        if (!closed) {
            closed = !drain(client, tracked);
        }
        check(client.seen(), tracked, syncs, closed, anonymous, where, report);
        return count;
    }

    /** A ping and its pong: every frame sent before has been read. False when the server closed instead. */
    private static boolean sync(TestClient client, String id, String where, Report report) {
        try {
            client.sendFields("type", "ping", "id", id);
        } catch (RuntimeException closed) {
            return false;
        }
        try {
            JsonObject answer = Probes.answerTo(client, id);
            if (answer != null && !"pong".equals(answer.getString("type", null))) {
                report.other.add(where + ": ping answered " + answer);
            }
            return answer != null;
        } catch (AssertionError silent) {
            throw new AssertionError(
                    "seed " + SEED + ", " + where + ": neither a pong to " + id + " nor a close", silent);
        }
    }

    /** Reads on until every tracked frame has an answer, the server closes (false), or {@link #DRAIN} passes. */
    private static boolean drain(TestClient client, List<Sent> tracked) {
        Set<String> missing = tracked.stream().map(Sent::id).collect(Collectors.toCollection(HashSet::new));
        client.seen().forEach(frame -> missing.remove(frame.getString("id", null)));
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            JsonObject frame;
            try {
                frame = client.awaitFrameOrClose();
            } catch (AssertionError quiet) {
                return true; // nothing more came: check() names what is missing
            }
            if (frame == null) {
                return false;
            }
            missing.remove(frame.getString("id", null));
        }
        return true;
    }

    private static void check(
            List<JsonObject> received,
            List<Sent> tracked,
            int syncs,
            boolean closed,
            boolean anonymous,
            String where,
            Report report) {
        Map<String, List<JsonObject>> answers = new HashMap<>();
        for (JsonObject frame : received) {
            String id = frame.getString("id", null);
            if (id != null) {
                answers.computeIfAbsent(id, k -> new ArrayList<>()).add(frame);
            }
            if ("error".equals(frame.getString("type", null))) {
                String code = frame.getString("code", "");
                if (code.equals("internal")) {
                    report.internal.add(where + ": " + frame);
                } else if (code.equals("rate_limited") && id == null) {
                    report.other.add(where + ": the test outran the frame budget: " + frame);
                }
            }
        }
        for (Sent sent : tracked) {
            List<JsonObject> got = answers.getOrDefault(sent.id(), List.of());
            if (got.isEmpty()) {
                // a close may cut off what came after the last pong, and a subscription still being set up
                if (closed
                        && (sent.syncsBefore() >= syncs
                                || "subscribe".equals(sent.frame().type()))) {
                    report.cutOff++;
                } else {
                    (sent.frame().defect() ? report.unansweredDefective : report.unanswered)
                            .add(where + ": " + shorten(sent.frame().text()));
                }
                continue;
            }
            report.answered++;
            if (got.size() > 1 && !sent.frame().multi()) {
                report.duplicated.add(where + ": " + shorten(sent.frame().text()) + " -> " + got);
            }
            if (anonymous && sent.frame().needsUser() && !sent.frame().defect()) {
                for (JsonObject answer : got) {
                    if (!"error".equals(answer.getString("type", null))
                            || !"unauthorized".equals(answer.getString("code", null))) {
                        report.notUnauthorized.add(
                                where + ": " + shorten(sent.frame().text()) + " -> " + answer);
                    }
                }
            }
        }
    }

    private static String shorten(String text) {
        return text.length() <= 240 ? text : text.substring(0, 240) + "...(" + text.length() + " chars)";
    }

    /** A frame as sent: {@code id} when it has one the protocol accepts (a unique string of at most 64 chars). */
    record Fuzzed(
            String text, boolean binary, String id, String type, boolean defect, boolean multi, boolean needsUser) {}

    record Sent(Fuzzed frame, int syncsBefore) {
        String id() {
            return frame.id();
        }
    }

    /** What went wrong across every connection of one namespace, with examples. */
    static final class Report {
        final List<String> unanswered = new ArrayList<>();
        final List<String> unansweredDefective = new ArrayList<>();
        final List<String> duplicated = new ArrayList<>();
        final List<String> notUnauthorized = new ArrayList<>();
        final List<String> internal = new ArrayList<>();
        final List<String> other = new ArrayList<>();
        int answered;
        int cutOff;

        boolean clean() {
            return Stream.of(unanswered, unansweredDefective, duplicated, notUnauthorized, internal, other)
                    .allMatch(List::isEmpty);
        }

        @Override
        public String toString() {
            return answered + " frames with ids answered, " + cutOff + " cut off by a close"
                    + part("frames with an id and nothing wrong with their text got no answer carrying it", unanswered)
                    + part(
                            "frames with an id and a lone surrogate or a number beyond a double elsewhere got no"
                                    + " answer carrying it (every refused frame carries its id)",
                            unansweredDefective)
                    + part("frames answered more than once", duplicated)
                    + part("frames of a connection without a user not answered unauthorized", notUnauthorized)
                    + part("internal errors (must be none)", internal)
                    + part("other", other);
        }

        private static String part(String what, List<String> examples) {
            return examples.isEmpty()
                    ? ""
                    : "\n" + examples.size() + " " + what + ", e.g.:\n  "
                            + String.join("\n  ", examples.subList(0, Math.min(8, examples.size())));
        }
    }

    /**
     * Random frames for one namespace and one sender. Every string goes out as an ASCII JSON escape where it is not
     * printable ASCII, so lone surrogates reach the server as the escapes a client can send. Ids, user ids and
     * conversation ids it makes up never name a real user or conversation: the admin's {@code admin:disconnect}
     * closes nobody's connections, and no message reaches a webhook.
     */
    static final class Generator {
        private static final Map<String, List<String>> VERBS = Map.of(
                "ws", List.of(),
                "messaging", List.of("message:send", "typing", "read"),
                "notifications", List.of("notification:read", "notification:read-all"),
                "video-calls",
                        List.of("video:offer", "video:answer", "video:ice-candidate", "video:reject", "video:end"),
                "admin", List.of("admin:disconnect"));
        private static final List<String> CORE = List.of(
                "subscribe",
                "subscribe",
                "subscribe",
                "unsubscribe",
                "unsubscribe",
                "publish",
                "publish",
                "ping",
                "authenticate");
        private static final Set<String> CORE_NEEDING_A_USER = Set.of("subscribe", "unsubscribe", "publish");
        private static final Map<String, List<String>> FIELDS = Map.ofEntries(
                Map.entry("subscribe", List.of("channel", "since")),
                Map.entry("unsubscribe", List.of("channel")),
                Map.entry("publish", List.of("channel", "event", "data")),
                Map.entry("ping", List.of()),
                Map.entry("authenticate", List.of("token")),
                Map.entry("message:send", List.of("conversationId", "content", "messageType")),
                Map.entry("typing", List.of("conversationId", "typing")),
                Map.entry("read", List.of("conversationId", "messageId")),
                Map.entry("notification:read", List.of("notificationId")),
                Map.entry("notification:read-all", List.of()),
                Map.entry("video:offer", List.of("callId", "toUserId", "offer")),
                Map.entry("video:answer", List.of("callId", "answer")),
                Map.entry("video:ice-candidate", List.of("callId", "candidate")),
                Map.entry("video:reject", List.of("callId")),
                Map.entry("video:end", List.of("callId")),
                Map.entry("admin:disconnect", List.of("userId")));
        private static final List<String> NOT_OBJECTS = List.of(
                "",
                "[]",
                "42",
                "null",
                "\"ping\"",
                "{\"type\":\"ping\"",
                "{type:ping}",
                "[{\"type\":\"ping\",\"id\":\"x\"}]",
                "\"\\ud800\"",
                "{\"type\":\"ping\",\"id\":\"p\"}}");
        private static final List<String> ID_PIECES = List.of(
                ":",
                ";",
                "|",
                "::",
                ";;",
                "|x|",
                "é",
                "中",
                "\ud83d\ude00",
                " ",
                "\"",
                "\\",
                "/",
                "\u0000",
                "\n",
                "a",
                "Z9",
                "..",
                "{}",
                "[",
                "%3B",
                "\u202e");
        private static final List<String> UNICODE = List.of(
                "é",
                "ü",
                "ß",
                "İ",
                "中",
                "\ud83d\ude00",
                "\u200d",
                "\u202e",
                "\u0000",
                "\u001f",
                "\t",
                "\n",
                "\u2028",
                "\ufeff",
                "\uffff");
        private static final List<String> LONE_SURROGATES =
                List.of("\ud800", "\udbff", "\udc00", "\udfff", "\udc00\ud800");
        private static final List<String> NUMBERS = List.of(
                "1e308",
                "-1.7976931348623157e308",
                "123456789012345678901234567890",
                "18446744073709551616",
                "1e309",
                "-1e999999",
                "9".repeat(400),
                "1e-400",
                "-0",
                "0.000000000000000000001");
        private static final String SDP_TOO_LONG = "x".repeat(20_000);
        private static final String CANDIDATE_TOO_LONG = "x".repeat(3_000);
        private static final String CONTENT_TOO_LONG = "x".repeat(4_001);

        private final Random random;
        private final List<String> own;
        private final List<String> others;
        private final String self;
        private final String tag;
        private final List<String> channels;
        private int counter;
        private boolean defect;

        Generator(Random random, String namespace, String self, String tag) {
            this.random = random;
            this.own = VERBS.get(namespace);
            this.others = VERBS.entrySet().stream()
                    .filter(e -> !e.getKey().equals(namespace))
                    .flatMap(e -> e.getValue().stream())
                    .sorted()
                    .toList();
            this.self = self;
            this.tag = tag;
            this.channels = List.of(
                    "ticker:FZ" + tag,
                    "trades:FZ" + tag,
                    "status",
                    "user:" + self + ":orders",
                    "user:fz-other-" + tag + ":orders",
                    "user:" + self + ":notifications",
                    "user:" + self + ":calls",
                    "conversation:fzc-" + tag,
                    "presence:ticker:FZ" + tag,
                    "presence:conversation:fzc-" + tag,
                    "presence:user:" + self + ":orders",
                    "monitor:stats",
                    "balance:0xfz" + tag,
                    "announcement",
                    "a::b",
                    "",
                    "ticker:",
                    "x".repeat(201),
                    "ticker:é",
                    "tick|er:x",
                    "ticker:a;b");
        }

        Fuzzed next() {
            counter++;
            defect = false;
            int shape = random.nextInt(100);
            if (shape < 2) {
                return new Fuzzed("{\"type\":\"ping\",\"id\":\"bin\"}", true, null, null, false, false, false);
            }
            if (shape < 5) {
                String text = pick(NOT_OBJECTS);
                return new Fuzzed(text, false, null, null, text.contains("\\ud800"), false, false);
            }
            while (true) {
                Fuzzed frame = frameObject();
                if (frame.text().length() <= 60_000) { // under the 64 KiB frame limit, which closes (LimitsIT)
                    return frame;
                }
            }
        }

        private Fuzzed frameObject() {
            defect = false;
            List<String> members = new ArrayList<>();
            String type = null;
            int t = random.nextInt(100);
            if (t < 45 && !own.isEmpty()) {
                type = pick(own);
            } else if (t < 75) {
                type = pick(CORE);
            } else if (t < 85) {
                type = pick(others);
            } else if (t < 92) {
                members.add(member("type", garbageType()));
            } else if (t < 96) {
                members.add(member("type", nonString(0)));
            }
            if (type != null) {
                members.add(member("type", str(type)));
            }
            List<String> fields = type == null ? List.of() : FIELDS.getOrDefault(type, List.of());
            boolean multi = false;
            if ("subscribe".equals(type) && random.nextInt(5) == 0) {
                members.add(member("channels", channelList()));
                multi = true;
                fields = random.nextInt(4) == 0 ? List.of("channel") : List.of();
            }
            for (String field : fields) {
                if (random.nextInt(100) < 90) {
                    // a token is never a string: one failing verification would count against this machine's address
                    boolean plausible = field.equals("token") || random.nextInt(100) < 80;
                    members.add(member(field, plausible ? plausible(field) : value(0)));
                }
            }
            if (random.nextInt(100) < 15) {
                members.add(member("x-" + randomString(), value(0)));
            }
            String id = null;
            int i = random.nextInt(100);
            if (i < 70) {
                id = trackedId();
            } else if (i < 75) {
                id = trackedId();
                id = id + "x".repeat(64 - id.length()); // exactly the longest id allowed
            } else if (i < 80) {
                members.add(member("id", str("long" + counter + "-" + "x".repeat(61 + random.nextInt(100)))));
            } else if (i < 85) {
                members.add(member("id", nonString(0)));
            } else if (i < 88) {
                members.add(member("id", "null"));
            } else if (i < 91) {
                members.add(member("id", str("s" + counter + pick(LONE_SURROGATES))));
            } else if (i < 93) {
                members.add(member("id", str("")));
            }
            if (id != null) {
                members.add(member("id", str(id)));
            }
            Collections.shuffle(members, random);
            boolean needsUser = type != null && (own.contains(type) || CORE_NEEDING_A_USER.contains(type));
            return new Fuzzed("{" + String.join(",", members) + "}", false, id, type, defect, multi, needsUser);
        }

        /** Unique within the run (it ends with {@code #counter}), at most 64 UTF-16 chars, with odd characters. */
        private String trackedId() {
            StringBuilder id = new StringBuilder();
            for (int pieces = random.nextInt(4); pieces > 0; pieces--) {
                id.append(pick(ID_PIECES));
            }
            return id.append('#').append(counter).toString();
        }

        /** A value for the field: half the time one the verb accepts, else one of the odd ones. */
        private String plausible(String field) {
            return switch (field) {
                case "channel" -> str(pick(channels));
                case "since" ->
                    either(
                            "{\"offset\":0,\"epoch\":\"e\"}",
                            "{\"offset\":-1,\"epoch\":\"e\"}",
                            "{\"offset\":1e30,\"epoch\":\"e\"}",
                            "{\"offset\":\"3\",\"epoch\":7}",
                            "{\"offset\":5}",
                            "null");
                case "event" -> str(either("e", "order.update", "bad name", "", "x".repeat(65), "a:b"));
                case "data" -> random.nextBoolean() ? "{}" : object(1);
                // never a string: a token that fails verification would count against this machine's address
                case "token" -> pick(List.of("null", "42", "{}", "[]", "true", "{\"token\":\"x\"}", "[\"x\"]"));
                case "conversationId" ->
                    str(either("fzc-" + tag + "-" + random.nextInt(3), "a:b", "a;b", "", "x".repeat(300), "c|d", "é"));
                case "content" -> str(either("hello", "", CONTENT_TOO_LONG, "\ud83d\ude00 hi"));
                case "messageType" -> str(either("text", "image", "bogus", ""));
                case "typing" -> either("true", "false", "\"true\"", "1", "null");
                case "messageId" -> str(either("m-" + counter, "", "m:1"));
                case "notificationId" -> str(either("n-" + counter, "", "n:1", "x".repeat(300)));
                // a few call ids per sender, so that answers, candidates and ends meet calls that exist
                case "callId" -> str(either("c-" + self + "-" + random.nextInt(6), "a:b", "", "x".repeat(65), "é"));
                case "toUserId" ->
                    str(either(
                            "fz-peer-" + tag + "-" + random.nextInt(5),
                            self,
                            "x:y",
                            "",
                            "ü",
                            "a b",
                            "a|b",
                            "a".repeat(129),
                            "mal+ory@evil.example"));
                case "offer", "answer" ->
                    either("{\"type\":\"offer\",\"sdp\":\"v=0\"}", "\"v=0\"", str(SDP_TOO_LONG), "42", "[]");
                case "candidate" -> either("{\"candidate\":\"c\"}", "\"c\"", str(CANDIDATE_TOO_LONG), "null");
                case "userId" -> str(either("fz-gone-" + tag + "-" + counter, "x:y", "", "a".repeat(129), "a|b", "ü"));
                default -> value(0);
            };
        }

        private String either(String valid, String... odd) {
            return random.nextBoolean() ? valid : odd[random.nextInt(odd.length)];
        }

        private String channelList() {
            return switch (random.nextInt(5)) {
                case 0 -> "[]";
                case 1 -> str(pick(channels));
                case 2 -> "[" + String.join(",", Collections.nCopies(101, str("status"))) + "]";
                default -> {
                    List<String> names = new ArrayList<>();
                    for (int n = 1 + random.nextInt(5); n > 0; n--) {
                        names.add(random.nextInt(5) == 0 ? value(0) : str(pick(channels)));
                    }
                    yield "[" + String.join(",", names) + "]";
                }
            };
        }

        private String garbageType() {
            return str(pick(List.of(
                    "",
                    "SUBSCRIBE",
                    "video:offer ",
                    "admin:disconnect;x",
                    "ping|pong",
                    "typing\u0000",
                    "x".repeat(300),
                    "message:send" + pick(LONE_SURROGATES),
                    randomString())));
        }

        /** Any JSON value, containers only up to a depth well below the server's 32 levels. */
        private String value(int depth) {
            return random.nextInt(100) < 70 || depth >= 5
                    ? scalar()
                    : depth % 2 == 0 ? object(depth + 1) : array(depth);
        }

        private String nonString(int depth) {
            return switch (random.nextInt(4)) {
                case 0 -> number();
                case 1 -> random.nextBoolean() ? "true" : "false";
                case 2 -> array(depth);
                default -> object(depth + 1);
            };
        }

        private String scalar() {
            return switch (random.nextInt(8)) {
                case 0 -> "null";
                case 1 -> random.nextBoolean() ? "true" : "false";
                case 2 -> Integer.toString(random.nextInt());
                case 3 -> number();
                case 4 -> Double.toString(random.nextGaussian() * 1e6);
                default -> str(randomString());
            };
        }

        private String number() {
            String number = pick(NUMBERS);
            defect |= Double.isInfinite(new BigDecimal(number).doubleValue());
            return number;
        }

        private String array(int depth) {
            List<String> items = new ArrayList<>();
            for (int n = random.nextInt(5); n > 0; n--) {
                items.add(value(depth + 1));
            }
            return "[" + String.join(",", items) + "]";
        }

        private String object(int depth) {
            List<String> items = new ArrayList<>();
            for (int n = random.nextInt(5); n > 0; n--) {
                items.add(member("k" + n + pick(ID_PIECES), value(depth + 1)));
            }
            return "{" + String.join(",", items) + "}";
        }

        private String randomString() {
            return switch (random.nextInt(10)) {
                case 0, 1 -> alphanumeric(1 + random.nextInt(12));
                case 2 ->
                    alphanumeric(3)
                            + pick(List.of(":", ";", "|", "/", "\\", "\"", " ", "'", "::", "%3B"))
                            + alphanumeric(3);
                case 3, 4 -> {
                    StringBuilder text = new StringBuilder(alphanumeric(2));
                    for (int n = 1 + random.nextInt(8); n > 0; n--) {
                        text.append(pick(UNICODE));
                    }
                    yield text.toString();
                }
                case 5 -> alphanumeric(2) + pick(LONE_SURROGATES) + alphanumeric(2);
                case 6 -> alphanumeric(1_000 + random.nextInt(4_000));
                case 7 -> "é中\ud83d\ude00".repeat(100 + random.nextInt(500));
                case 8 -> "";
                default -> pick(List.of("ticker:BTCUSDT", "user:fz:orders", "text", "v=0", "true", "null"));
            };
        }

        private String alphanumeric(int length) {
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return text.toString();
        }

        private String member(String key, String json) {
            return str(key) + ":" + json;
        }

        /** A JSON string literal in ASCII; notes a lone surrogate, which no valid UTF-8 text holds. */
        private String str(String text) {
            StringBuilder json = new StringBuilder(text.length() + 2).append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    escape(json, c);
                    escape(json, text.charAt(++i));
                    continue;
                }
                if (Character.isSurrogate(c)) {
                    defect = true;
                }
                if (c == '"' || c == '\\') {
                    json.append('\\').append(c);
                } else if (c < 0x20 || c > 0x7e) {
                    escape(json, c);
                } else {
                    json.append(c);
                }
            }
            return json.append('"').toString();
        }

        private static void escape(StringBuilder json, char c) {
            json.append(String.format("\\u%04x", (int) c));
        }

        private <T> T pick(List<T> choices) {
            return choices.get(random.nextInt(choices.size()));
        }
    }
}
