package dev.vodflow.devstack;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The webhooks row's receiver: HTTP/1.1 with keep-alive on one Netty event loop, answering 204 to a {@code POST} under
 * {@code /hook/} (handing the request's arrival time and body to {@link Sink}: the anchor's requests, which wrk sends,
 * take the same path), 404 to any other path, 405 to any other method, 400 to what is not HTTP and 413 to a body over
 * a MiB; a 4xx answer closes the connection.
 *
 * <p>It shares the machine's two cores with the stack it measures, so it should cost as little as a receiver can. The
 * JDK's HTTP server, used before, set each exchange's socket blocking and back and took it out of the selector and in
 * again: some five system calls more per delivery than the read and the write an exchange needs ({@code strace -c}
 * over a webhooks row, 7 Dec).
 */
final class FanOutReceiver implements AutoCloseable {

    /** Where a delivery goes: its arrival (epoch milliseconds, when its request was read whole) and its body. */
    interface Sink {
        void accept(long arrivedMillis, byte[] body);
    }

    /** Bodies are small JSON documents; a larger one is refused with 413 (by the aggregator) and counts as none. */
    private static final int MAX_BODY = 1 << 20;

    private final EventLoopGroup loop;
    private final Channel server;

    private FanOutReceiver(EventLoopGroup loop, Channel server) {
        this.loop = loop;
        this.server = server;
    }

    static FanOutReceiver start(Sink sink) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup loop =
                new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap()
                    .group(loop)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(MAX_BODY))
                                    .addLast(new Handler(sink));
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0))
                    .sync()
                    .channel();
            return new FanOutReceiver(loop, server);
        } catch (InterruptedException | RuntimeException e) {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final Sink sink;

        Handler(Sink sink) {
            this.sink = sink;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
            long arrived = System.currentTimeMillis();
            HttpResponseStatus status;
            if (!request.decoderResult().isSuccess()) {
                status = HttpResponseStatus.BAD_REQUEST;
            } else if (!HttpMethod.POST.equals(request.method())) {
                status = HttpResponseStatus.METHOD_NOT_ALLOWED;
            } else if (request.uri().startsWith("/hook/")) {
                sink.accept(arrived, ByteBufUtil.getBytes(request.content()));
                status = HttpResponseStatus.NO_CONTENT;
            } else {
                status = HttpResponseStatus.NOT_FOUND;
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
            boolean keepAlive = status.code() < 400 && HttpUtil.isKeepAlive(request);
            if (status != HttpResponseStatus.NO_CONTENT) {
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            }
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            var written = context.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            context.close(); // a broken connection: the sender sees it and retries on its own schedule
        }
    }
}
