package io.tidings.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisUrlTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void readsASingleRedisWithOrWithoutTls() {
        RedisURI plain = RedisUrl.parse("redis://:secret@redis.example:6380/2", TIMEOUT);
        assertEquals("redis.example", plain.getHost());
        assertEquals(6380, plain.getPort());
        assertEquals(2, plain.getDatabase());
        assertFalse(plain.isSsl());
        assertEquals(TIMEOUT, plain.getTimeout());
        assertTrue(RedisUrl.parse("rediss://redis.example", TIMEOUT).isSsl());
        assertFalse(RedisUrl.describe(plain).contains("secret"), "no password in logs");
    }

    @Test
    void saysWhatItCannotServeYet() {
        String sentinel = assertThrows(
                        IllegalArgumentException.class,
                        () -> RedisUrl.parse("redis-sentinel://a:26379,b:26379/0#mymaster", TIMEOUT))
                .getMessage();
        assertTrue(sentinel.contains("not supported yet"), sentinel);
        String cluster = assertThrows(
                        IllegalArgumentException.class, () -> RedisUrl.parse("redis://a:7000,redis://b:7001", TIMEOUT))
                .getMessage();
        assertTrue(cluster.contains("Cluster"), cluster);
        assertThrows(IllegalArgumentException.class, () -> RedisUrl.parse("http://redis.example", TIMEOUT));
    }
}
