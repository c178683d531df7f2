package io.tidings.gateway;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Payara only (Grizzly under its servlet container): lets an upgraded connection drop the parts of its HTTP request
 * that only an HTTP exchange uses. Payara keeps the whole Grizzly request of every upgraded connection until the
 * WebSocket closes (the connection's streams are the request's and the response's), then recycles it into a
 * per-thread pool for the next request. Of it, once the handshake has been read and answered, nothing reads again:
 *
 * <ul>
 *   <li>the two 1,024-character buffers of the request's parameter parser (4.1 KB), which it makes again (256
 *       characters and up) when it next needs one;
 *   <li>the response's headers (2.1 KB): a field and two chunks for each header of the 101, kept for the next
 *       response on the connection. Once the 101 has been written nothing reads them, so they are recycled and their
 *       fields let go; the next response makes them again as a new one does.
 * </ul>
 *
 * The request's headers (2.7 KB) stay: Grizzly's HTTP/2 filter reads the handshake's {@code Connection} header again
 * on every read of the upgraded connection ({@code Http2ServerFilter.tryHttpUpgrade}), on whichever worker thread
 * reads, so they cannot be changed under it (releasing them lost one connection of 15,000 in three bench runs to a
 * {@code NullPointerException} there), and before the 101 the access log still reads them.
 *
 * Reached by reflection (Grizzly is not on the WAR's class path); on a Grizzly whose fields differ it leaves what it
 * cannot find. Loaded only by {@link TyrusUpgrade}, so WildFly never links it.
 */
final class GrizzlyUpgrade {

    private static final Logger LOG = Logger.getLogger(GrizzlyUpgrade.class.getName());

    /** The fields and methods used, found once from the first Grizzly request's class loader. */
    private static volatile Parts parts;

    private GrizzlyUpgrade() {}

    /** The Grizzly request under Payara's servlet request {@code request}, or null where there is none. */
    static Object grizzlyRequest(ServletRequest request) {
        ServletRequest at = request;
        while (at instanceof ServletRequestWrapper wrapper) {
            at = wrapper.getRequest();
        }
        try {
            Object catalina =
                    at.getClass().getMethod("getUnwrappedCoyoteRequest").invoke(at);
            return catalina.getClass().getMethod("getCoyoteRequest").invoke(catalina);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "no Grizzly request under the handshake: it stays whole", e);
            return null;
        }
    }

    /**
     * Once the upgrade of {@code grizzlyRequest} ({@code org.glassfish.grizzly.http.server.Request}) has been
     * answered: drops its parameter parser's buffers and its response's headers.
     */
    static void release(Object grizzlyRequest) {
        Parts found = parts(grizzlyRequest.getClass().getClassLoader());
        if (found == null) {
            return;
        }
        try {
            found.releaseParameterBuffers(found.parameters.invoke(grizzlyRequest));
            Object response = found.responsePacket.invoke(found.response.invoke(grizzlyRequest));
            if (Boolean.TRUE.equals(found.committed.invoke(response))) { // the 101 has been written: nothing reads them
                found.releaseHeaders(found.headers.invoke(response));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "the upgraded connection keeps its HTTP request whole", e);
        }
    }

    /** Whether the Grizzly of {@code loader} has what this class changes. */
    static boolean available(ClassLoader loader) {
        return parts(loader) != null;
    }

    static Parts parts(ClassLoader loader) {
        Parts found = parts;
        if (found == null || found.loader != loader) {
            found = Parts.find(loader);
            if (found != null) {
                parts = found;
            }
        }
        return found;
    }

    /** Grizzly's fields and methods this class uses. */
    static final class Parts {
        private static final String HTTP = "org.glassfish.grizzly.http.";
        private static volatile boolean reported;

        final ClassLoader loader;
        final Method parameters; // server.Request.getParameters()
        final Method response; // server.Request.getResponse()
        final Method responsePacket; // server.Response.getResponse(): the HttpResponsePacket
        final Method headers; // HttpHeader.getHeaders()
        final Method committed; // HttpHeader.isCommitted()
        final Field nameChars; // util.Parameters.tmpNameC
        final Field valueChars; // util.Parameters.tmpValueC
        final Field chars; // util.CharChunk.buff
        final Method recycleHeaders; // util.MimeHeaders.recycle()
        final Field headerFields; // util.MimeHeaders.headers
        final int headerSize; // util.MimeHeaders.DEFAULT_HEADER_SIZE

        private Parts(ClassLoader loader) throws ReflectiveOperationException {
            this.loader = loader;
            Class<?> request = Class.forName(HTTP + "server.Request", false, loader);
            Class<?> header = Class.forName(HTTP + "HttpHeader", false, loader);
            Class<?> parameterParser = Class.forName(HTTP + "util.Parameters", false, loader);
            Class<?> charChunk = Class.forName(HTTP + "util.CharChunk", false, loader);
            Class<?> mimeHeaders = Class.forName(HTTP + "util.MimeHeaders", false, loader);
            parameters = request.getMethod("getParameters");
            response = request.getMethod("getResponse");
            responsePacket = response.getReturnType().getMethod("getResponse");
            headers = header.getMethod("getHeaders");
            committed = header.getMethod("isCommitted");
            nameChars = accessible(parameterParser.getDeclaredField("tmpNameC"), charChunk);
            valueChars = accessible(parameterParser.getDeclaredField("tmpValueC"), charChunk);
            chars = accessible(charChunk.getDeclaredField("buff"), char[].class);
            recycleHeaders = mimeHeaders.getMethod("recycle");
            headerFields = accessible(mimeHeaders.getDeclaredField("headers"), null);
            if (!headerFields.getType().isArray()) {
                throw new NoSuchFieldException("MimeHeaders.headers is not an array");
            }
            headerSize = Math.max(1, mimeHeaders.getField("DEFAULT_HEADER_SIZE").getInt(null));
        }

        static Parts find(ClassLoader loader) {
            try {
                return new Parts(loader);
            } catch (ReflectiveOperationException | RuntimeException e) {
                if (!reported) {
                    reported = true;
                    LOG.log(Level.INFO, "upgraded connections keep their Grizzly request whole (fields not found)", e);
                }
                return null;
            }
        }

        private static Field accessible(Field field, Class<?> type) throws NoSuchFieldException {
            if (type != null && field.getType() != type) {
                throw new NoSuchFieldException(field + " is not a " + type.getName());
            }
            field.setAccessible(true);
            return field;
        }

        /** As a parser made without buffers: it makes one on its next use (Grizzly's CharChunk allows it). */
        void releaseParameterBuffers(Object parameterParser) throws IllegalAccessException {
            chars.set(nameChars.get(parameterParser), null);
            chars.set(valueChars.get(parameterParser), null);
        }

        /** Empty, and without the fields it kept for the next headers (made again as they are added). */
        void releaseHeaders(Object mimeHeaders) throws ReflectiveOperationException {
            recycleHeaders.invoke(mimeHeaders);
            headerFields.set(
                    mimeHeaders, Array.newInstance(headerFields.getType().getComponentType(), headerSize));
        }
    }
}
