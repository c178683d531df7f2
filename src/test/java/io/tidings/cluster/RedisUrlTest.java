package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisUrlTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void readsASingleRedisWithOrWithoutTls() {
        RedisUrl url = RedisUrl.parse("redis://:secret@redis.example:6380/2", TIMEOUT);
        RedisURI plain = url.single();
        assertEquals(RedisUrl.Kind.SINGLE, url.kind());
        assertEquals("redis.example", plain.getHost());
        assertEquals(6380, plain.getPort());
        assertEquals(2, plain.getDatabase());
        assertFalse(plain.isSsl());
        assertEquals(TIMEOUT, plain.getTimeout());
        assertTrue(RedisUrl.parse("rediss://redis.example", TIMEOUT).single().isSsl());
        assertFalse(url.describe().contains("secret"), "no password in logs");
    }

    @Test
    void readsSentinelsAndTheirMaster() {
        RedisUrl url = RedisUrl.parse("redis-sentinel://:secret@a:26379,b:26380/1#orders", TIMEOUT);
        assertEquals(RedisUrl.Kind.SENTINEL, url.kind());
        assertEquals("orders", url.single().getSentinelMasterId());
        assertEquals(
                List.of(26379, 26380),
                url.single().getSentinels().stream().map(RedisURI::getPort).toList());
        assertEquals(1, url.single().getDatabase());
        assertFalse(url.describe().contains("secret"), url.describe());
        assertTrue(url.describe().contains("orders"), url.describe());
        assertTrue(RedisUrl.parse("rediss-sentinel://a:26379#orders", TIMEOUT)
                .single()
                .isSsl());
        String noMaster = assertThrows(
                        IllegalArgumentException.class, () -> RedisUrl.parse("redis-sentinel://a:26379", TIMEOUT))
                .getMessage();
        assertTrue(noMaster.contains("#master-name"), noMaster);
    }

    @Test
    void readsTheSeedsOfACluster() {
        RedisUrl url = RedisUrl.parse("rediss://:secret@a:7000, b:7001,redis://c:7002", TIMEOUT);
        assertEquals(RedisUrl.Kind.CLUSTER, url.kind());
        assertEquals(
                List.of("a", "b", "c"),
                url.seeds().stream().map(RedisURI::getHost).toList());
        assertEquals(
                List.of(7000, 7001, 7002),
                url.seeds().stream().map(RedisURI::getPort).toList());
        RedisURI second = url.seeds().get(1);
        assertTrue(second.isSsl(), "a seed without a scheme takes the first one's");
        assertEquals(
                "secret",
                new String(second.getCredentialsProvider()
                        .resolveCredentials()
                        .block()
                        .getPassword()));
        assertFalse(url.seeds().get(2).isSsl(), "a seed with its own scheme keeps it");
        assertFalse(url.describe().contains("secret"), url.describe());
    }

    @Test
    void refusesWhatIsNotRedis() {
        String message = assertThrows(
                        IllegalArgumentException.class, () -> RedisUrl.parse("http://redis.example", TIMEOUT))
                .getMessage();
        assertTrue(message.contains("redis://"), message);
        assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("redis.example:6379", TIMEOUT));
    }
}
