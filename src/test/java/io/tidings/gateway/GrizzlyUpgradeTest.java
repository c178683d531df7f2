package io.tidings.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the Grizzly that the Payara Micro of the build ships (target/payara-micro.jar). */
class GrizzlyUpgradeTest {

    private static final String HTTP = "org.glassfish.grizzly.http.util.";
    private static URLClassLoader grizzly;
    private static GrizzlyUpgrade.Parts parts;

    @BeforeAll
    static void loadPayarasGrizzly() throws IOException {
        Path jar = Files.createTempFile("grizzly", ".jar");
        try (JarFile micro = new JarFile("target/payara-micro.jar");
                InputStream in = micro.getInputStream(
                        Objects.requireNonNull(micro.getEntry("MICRO-INF/runtime/nucleus-grizzly-all.jar")))) {
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        grizzly = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        parts = GrizzlyUpgrade.parts(grizzly);
    }

    @AfterAll
    static void close() throws IOException {
        grizzly.close();
    }

    @Test
    void theGrizzlyPayaraShipsHasTheFieldsThatAreReleased() {
        assertNotNull(parts, "Grizzly's fields not found: upgraded connections keep their whole request");
        assertTrue(GrizzlyUpgrade.available(grizzly));
    }

    @Test
    void releasedHeadersAreEmptyHoldNoFieldsAndTakeTheNextRequestsHeaders() throws Exception {
        Object headers =
                grizzly.loadClass(HTTP + "MimeHeaders").getConstructor().newInstance();
        for (int i = 0; i < 12; i++) {
            add(headers, "X-Handshake-" + i, "value " + i);
        }

        parts.releaseHeaders(headers);

        assertEquals(0, call(headers, "size"));
        Object[] fields = (Object[]) parts.headerFields.get(headers);
        assertTrue(Arrays.stream(fields).allMatch(Objects::isNull), "the header fields are still held");
        for (int i = 0; i < 20; i++) { // the request recycled into Grizzly's pool serves another
            add(headers, "X-Next-" + i, "next " + i);
        }
        assertEquals(20, call(headers, "size"));
        assertEquals(
                "next 17",
                headers.getClass().getMethod("getHeader", String.class).invoke(headers, "X-Next-17"));
        assertNull(headers.getClass().getMethod("getHeader", String.class).invoke(headers, "X-Handshake-3"));
    }

    @Test
    void aParameterParserWithoutItsBuffersStillParses() throws Exception {
        Object parser = grizzly.loadClass(HTTP + "Parameters").getConstructor().newInstance();

        parts.releaseParameterBuffers(parser);

        assertNull(parts.chars.get(parts.nameChars.get(parser)), "the name buffer is still held");
        assertNull(parts.chars.get(parts.valueChars.get(parser)), "the value buffer is still held");
        parser.getClass()
                .getMethod("setQueryStringEncoding", Charset.class)
                .invoke(parser, StandardCharsets.UTF_8); // as the request sets it
        char[] query = ("token=a%20b&long=" + "x".repeat(3000)).toCharArray();
        parser.getClass()
                .getMethod("processParameters", char[].class, int.class, int.class)
                .invoke(parser, query, 0, query.length);
        assertEquals("a b", parameter(parser, "token"));
        assertEquals("x".repeat(3000), parameter(parser, "long"));
    }

    private static void add(Object headers, String name, String value) throws Exception {
        Object chunk = headers.getClass().getMethod("addValue", String.class).invoke(headers, name);
        chunk.getClass().getMethod("setString", String.class).invoke(chunk, value);
    }

    private static Object call(Object target, String method) throws Exception {
        return target.getClass().getMethod(method).invoke(target);
    }

    private static String parameter(Object parser, String name) throws Exception {
        return (String)
                parser.getClass().getMethod("getParameter", String.class).invoke(parser, name);
    }
}
