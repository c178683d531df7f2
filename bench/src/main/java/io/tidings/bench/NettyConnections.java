package io.tidings.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Many WebSocket connections on two Netty event loops ({@code client=netty}, the default, on Linux's epoll;
 * {@code client=netty-nio} on Java's NIO). Frames are read as
 * bytes: an event's offset and {@code sent} stamp are found without decoding it to a string, so the generator
 * costs little per event and the shared cores go to the server under test. Pings are answered by Netty's
 * WebSocket handler, and Engine.IO's ping packets ({@code 2}) with a pong packet ({@code 3}).
 */
final class NettyConnections extends Connections<Channel> {

    private static final int MAX_FRAME = 1 << 20;
    private static final byte[] EVENT = ascii("{\"type\":\"event\"");
    private static final byte[] OFFSET = ascii("\"offset\":");
    private static final byte[] SENT = ascii("\"sent\":");
    private static final byte[] CONNECTED = ascii("\"type\":\"connected\"");
    private static final byte[] SUBSCRIBED = ascii("\"type\":\"subscribed\"");
    private static final byte[] ERROR = ascii("\"type\":\"error\"");
    // Socket.IO packets in the exchange gateway's names, on the namespace /ws
    private static final byte[] SIO_OPEN = ascii("0{");
    private static final byte[] SIO_CONNECTED = ascii("40/ws,");
    private static final byte[] SIO_CONNECT_ERROR = ascii("44/ws,");
    private static final byte[] SIO_TRADE = ascii("42/ws,[\"trade\",");
    private static final byte[] SIO_SUBSCRIBED = ascii("42/ws,[\"subscribed\",");
    private static final byte[] SIO_ERROR = ascii("42/ws,[\"error\",");

    private final boolean epoll;
    private final Protocol protocol;
    private final EventLoopGroup group;
    private final boolean deflate;

    /**
     * On Linux's epoll when {@code preferEpoll} and it is available here, else on Java's NIO; offering
     * permessage-deflate (Netty's client handler, as a browser offers it) when {@code deflate}.
     */
    NettyConnections(boolean preferEpoll, Protocol protocol, boolean deflate) {
        this.epoll = preferEpoll && Epoll.isAvailable();
        this.protocol = protocol;
        this.deflate = deflate;
        this.group =
                new MultiThreadIoEventLoopGroup(2, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    @Override
    long open(int count, int parallel, IntFunction<URI> uri, IntFunction<String> subscribe) throws Exception {
        Semaphore inFlight = new Semaphore(parallel);
        List<CompletableFuture<Void>> all = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            URI target = uri.apply(i);
            Subscriber handler = protocol == Protocol.SOCKET_IO
                    ? new SocketIoSubscriber(subscribe.apply(i))
                    : new NativeSubscriber(subscribe.apply(i));
            all.add(handler.ready.whenComplete((ok, error) -> inFlight.release()));
            WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(
                    target,
                    WebSocketVersion.V13,
                    protocol == Protocol.NATIVE_BATCH ? "tidings.v1.batch" : null,
                    deflate,
                    new DefaultHttpHeaders(),
                    MAX_FRAME);
            new Bootstrap()
                    .group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(
                                            new WireCounter(), new HttpClientCodec(), new HttpObjectAggregator(65_536));
                            if (deflate) {
                                channel.pipeline().addLast(new WebSocketClientCompressionHandler(0));
                            }
                            channel.pipeline()
                                    .addLast(
                                            new WebSocketClientProtocolHandler(handshaker),
                                            new WebSocketFrameAggregator(MAX_FRAME),
                                            handler);
                        }
                    })
                    .connect(target.getHost(), target.getPort() < 0 ? 80 : target.getPort())
                    .addListener((ChannelFutureListener) connect -> {
                        if (connect.isSuccess()) {
                            open.add(connect.channel());
                        } else {
                            handler.ready.completeExceptionally(connect.cause());
                        }
                    });
        }
        return awaitAll(all, start);
    }

    @Override
    void abort(Channel channel) {
        channel.close();
    }

    @Override
    void shutdown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Counts the bytes read from the network, before anything decodes them. */
    private final class WireCounter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof ByteBuf bytes) {
                wireBytes.add(bytes.readableBytes());
            }
            context.fireChannelRead(message);
        }
    }

    /** One connection: its readiness, and the events it counts. */
    private abstract class Subscriber extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        /** The frame that subscribes, or null. */
        final String subscribe;
        /** Touched by the channel's event loop only. */
        long lastOffset = -1;

        Subscriber(String subscribe) {
            this.subscribe = subscribe;
        }

        /** The server took the connection: subscribes, or is ready when there is nothing to subscribe to. */
        void accepted(ChannelHandlerContext context) {
            connected.increment();
            if (subscribe != null) {
                context.writeAndFlush(new TextWebSocketFrame(subscribe));
            } else {
                ready.complete(null);
            }
        }

        void subscribed() {
            subscribed.increment();
            ready.complete(null);
        }

        void refused(ByteBuf text) {
            ready.completeExceptionally(new IllegalStateException(text.toString(StandardCharsets.UTF_8)));
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            closed.increment();
            ready.completeExceptionally(new IllegalStateException("closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            ready.completeExceptionally(cause);
            context.close();
        }
    }

    /** Tidings' own protocol: {@code connected}, then {@code subscribe}, {@code subscribed} and events. */
    private final class NativeSubscriber extends Subscriber {

        NativeSubscriber(String subscribe) {
            super(subscribe);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, TextWebSocketFrame frame) {
            ByteBuf text = frame.content();
            if (protocol != Protocol.NATIVE_BATCH) {
                read(context, text);
                return;
            }
            int end = text.writerIndex();
            for (int from = text.readerIndex(); from < end; ) { // a frame per line
                int newline = text.indexOf(from, end, (byte) '\n');
                int to = newline < 0 ? end : newline;
                read(context, text.slice(from, to - from));
                from = to + 1;
            }
        }

        private void read(ChannelHandlerContext context, ByteBuf text) {
            if (indexOf(text, EVENT) == 0) {
                long now = System.nanoTime();
                lastOffset = event(lastOffset, number(text, OFFSET), number(text, SENT), now);
            } else if (indexOf(text, CONNECTED) >= 0) {
                accepted(context);
            } else if (indexOf(text, SUBSCRIBED) >= 0) {
                lastOffset = number(text, OFFSET);
                subscribed();
            } else if (indexOf(text, ERROR) >= 0) {
                refused(text);
            }
        }
    }

    /**
     * A Socket.IO v4 client on a WebSocket, as the exchange gateway's clients are: Engine.IO's open packet, the
     * namespace's CONNECT ({@code 40/ws,}), then the {@code subscribe} EVENT packet and its {@code subscribed}
     * event; each {@code trade} event counts, its {@code offset} and {@code data.sent} read as in the native events.
     */
    private final class SocketIoSubscriber extends Subscriber {

        SocketIoSubscriber(String subscribe) {
            super(subscribe);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, TextWebSocketFrame frame) {
            ByteBuf text = frame.content();
            if (startsWith(text, SIO_TRADE)) {
                long now = System.nanoTime();
                lastOffset = event(lastOffset, number(text, OFFSET), number(text, SENT), now);
            } else if (text.readableBytes() == 1 && text.getByte(text.readerIndex()) == '2') {
                context.writeAndFlush(new TextWebSocketFrame("3"));
            } else if (startsWith(text, SIO_OPEN)) {
                context.writeAndFlush(new TextWebSocketFrame("40/ws,"));
            } else if (startsWith(text, SIO_CONNECTED)) {
                accepted(context);
            } else if (startsWith(text, SIO_SUBSCRIBED)) {
                subscribed();
            } else if (startsWith(text, SIO_ERROR) || startsWith(text, SIO_CONNECT_ERROR)) {
                refused(text);
            }
        }
    }

    /** Whether the readable bytes of {@code text} start with {@code key}. */
    private static boolean startsWith(ByteBuf text, byte[] key) {
        if (text.readableBytes() < key.length) {
            return false;
        }
        int from = text.readerIndex();
        for (int j = 0; j < key.length; j++) {
            if (text.getByte(from + j) != key[j]) {
                return false;
            }
        }
        return true;
    }

    /** Where {@code key} starts in the readable bytes of {@code text}, or -1. */
    private static int indexOf(ByteBuf text, byte[] key) {
        int from = text.readerIndex();
        outer:
        for (int i = 0, last = text.readableBytes() - key.length; i <= last; i++) {
            for (int j = 0; j < key.length; j++) {
                if (text.getByte(from + i + j) != key[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The non-negative integer after {@code key}, or -1. */
    private static long number(ByteBuf text, byte[] key) {
        int at = indexOf(text, key);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        for (int i = text.readerIndex() + at + key.length; i < text.writerIndex(); i++) {
            byte c = text.getByte(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
