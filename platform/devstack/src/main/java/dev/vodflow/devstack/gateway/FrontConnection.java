package dev.vodflow.devstack.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to the front door. Its exchanges run one at a time (a pipelined request waits for the
 * response before it), each on a connection to the upstream of its own: kept for the next exchange to the same
 * upstream while both sides keep alive, never shared with another client connection. Everything runs on the client
 * connection's event loop; bodies stream through in both directions, and a side that cannot take more stops the other
 * from reading.
 */
final class FrontConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FrontConnection.class);

    /** Headers of one hop only (RFC 9110 7.6.1), never passed on; {@code Connection} may name more. */
    private static final List<CharSequence> HOP_BY_HOP = List.of(
            HttpHeaderNames.CONNECTION,
            HttpHeaderNames.KEEP_ALIVE,
            HttpHeaderNames.PROXY_CONNECTION,
            HttpHeaderNames.PROXY_AUTHENTICATE,
            HttpHeaderNames.PROXY_AUTHORIZATION,
            HttpHeaderNames.TE,
            HttpHeaderNames.TRAILER,
            HttpHeaderNames.UPGRADE);

    /** An upstream connection idle longer than this is not used again (servers close idle ones after 20 s or more). */
    private static final long REUSE_WITHIN_NANOS = 10_000_000_000L;

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    /** Messages of the next requests held while an exchange is under way, before the client is no longer read. */
    private static final int MAX_PENDING = 16;

    private final GatewayRoutes routes;
    private final Upstream application;
    private final Class<? extends SocketChannel> channels;
    private final ArrayDeque<Object> pending = new ArrayDeque<>(2);
    private final Map<Upstream, Back> idle = new HashMap<>(4);
    private ChannelHandlerContext ctx;
    private String clientAddress;

    // the exchange under way, if any
    private boolean active;
    private boolean requestDone;
    private boolean responseDone;
    private boolean responseStarted;
    private boolean informational;
    private boolean clientKeepAlive;
    private boolean discarding;
    private Upstream target;
    private Back back;
    private final ArrayDeque<HttpObject> unsent = new ArrayDeque<>(2);

    FrontConnection(GatewayRoutes routes, Upstream application, Class<? extends SocketChannel> channels) {
        this.routes = routes;
        this.application = application;
        this.channels = channels;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        clientAddress = ctx.channel().remoteAddress() instanceof InetSocketAddress remote
                ? remote.getAddress().getHostAddress()
                : "unknown";
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!pending.isEmpty() || active && requestDone) {
            pending.add(msg);
            if (pending.size() >= MAX_PENDING) {
                updateReading();
            }
            return;
        }
        handle(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (back != null) {
            back.channel.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (back != null) {
            back.channel.config().setAutoRead(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && !active) {
            ctx.close();
        } else {
            ReferenceCountUtil.release(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (back != null) {
            back.channel.close();
            dropUpstream();
        }
        idle.values().forEach(idleBack -> idleBack.channel.close());
        idle.clear();
        releaseAll(pending);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client connection from {} failed", clientAddress, cause);
        ctx.close();
    }

    private void handle(Object msg) {
        if (msg instanceof HttpRequest request) {
            begin(request);
        } else if (msg instanceof HttpContent content) {
            requestContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(HttpRequest request) {
        active = true;
        requestDone = false;
        responseDone = false;
        responseStarted = false;
        informational = false;
        discarding = false;
        clientKeepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            unreadable("This is not a request the gateway can read: "
                    + request.decoderResult().cause().getMessage());
            return;
        }
        RequestPaths.Target requested = RequestPaths.split(request.uri());
        String decoded = requested == null ? null : RequestPaths.decode(requested.rawPath());
        if (decoded == null) {
            refuse(
                    HttpResponseStatus.BAD_REQUEST,
                    "The request path is not a path the gateway routes: it must start"
                            + " with / and may not hold malformed %-escapes, an encoded / or \\, or control characters.");
            return;
        }
        if (ManagementShield.refused(decoded)) {
            refuse(HttpResponseStatus.NOT_FOUND, "Not found.");
            return;
        }
        if (!RequestPaths.normal(decoded)) {
            String resolved = RequestPaths.resolved(decoded);
            if (ManagementShield.refused(resolved)) {
                refuse(HttpResponseStatus.NOT_FOUND, "Not found.");
            } else {
                refuse(
                        HttpResponseStatus.BAD_REQUEST,
                        "The request path has an empty, . or .. segment: ask for " + resolved + " itself.");
            }
            return;
        }
        GatewayRoutes.Route route = routes.match(decoded);
        HttpHeaders headers = request.headers();
        String host = headers.get(HttpHeaderNames.HOST);
        stripHopByHop(headers);
        if (route == null) {
            target = application; // the page and the issuer build their links from the Host the client asked for
        } else {
            target = route.service();
            headers.set(HttpHeaderNames.HOST, target.authority());
        }
        headers.add("X-Forwarded-For", clientAddress);
        headers.set("X-Forwarded-Proto", "http");
        if (host != null) {
            headers.set("X-Forwarded-Host", host);
        }
        String path = route == null ? requested.rawPath() : route.rewrite(requested.rawPath());
        HttpRequest forwarded =
                new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), path + requested.query(), headers);
        Back reused = idle.remove(target);
        if (reused != null && reused.channel.isActive() && System.nanoTime() - reused.idleSince < REUSE_WITHIN_NANOS) {
            back = reused;
            back.method = request.method();
            back.keepAlive = false; // until its answer says so
            back.channel.write(forwarded);
        } else {
            if (reused != null) {
                reused.channel.close();
            }
            connect(target, forwarded, request.method());
        }
        updateReading();
    }

    /**
     * Opens a connection for the exchange, which waits in {@link #unsent} until it is up. Where the connection cannot
     * even start (a host name that does not resolve), the answer is given before this returns.
     */
    private void connect(Upstream upstream, HttpRequest forwarded, HttpMethod method) {
        Back connecting = new Back(upstream);
        connecting.method = method;
        connecting.connecting = true;
        unsent.add(forwarded);
        back = connecting;
        ChannelFuture connected = new Bootstrap()
                .group(ctx.channel().eventLoop())
                .channel(channels)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.AUTO_READ, ctx.channel().isWritable())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(16384, 16384, 65536), connecting);
                    }
                })
                .connect(upstream.host(), upstream.port());
        connecting.channel = connected.channel();
        connected.addListener((ChannelFutureListener) future -> {
            if (back != connecting) {
                future.channel().close();
                return;
            }
            if (!future.isSuccess()) {
                dropUpstream();
                discarding = true;
                refuse(
                        HttpResponseStatus.BAD_GATEWAY,
                        "The gateway cannot reach " + describe(upstream) + ": "
                                + future.cause().getMessage());
                return;
            }
            connecting.connecting = false;
            HttpObject message;
            while ((message = unsent.poll()) != null) {
                connecting.channel.write(message);
            }
            connecting.channel.flush();
            updateReading();
        });
    }

    private void requestContent(HttpContent content) {
        if (!active) {
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            // a body the decoder cannot follow (a broken chunk): nothing after it on this connection can be trusted
            content.release();
            if (responseStarted) {
                ctx.close();
            } else {
                unreadable("The request's body is not valid HTTP: "
                        + content.decoderResult().cause().getMessage());
            }
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (discarding || back == null) {
            content.release();
        } else if (back.connecting) {
            unsent.add(content);
        } else {
            back.channel.write(content);
        }
        if (last) {
            requestDone = true;
            if (back != null && !back.connecting) {
                back.channel.flush();
            }
            finishIfDone();
        }
        updateReading();
    }

    /** Answers 400 and closes: the decoder reads nothing more from this connection. */
    private void unreadable(String reason) {
        clientKeepAlive = false;
        requestDone = true;
        refuse(HttpResponseStatus.BAD_REQUEST, reason);
    }

    /** Answers the exchange here, with a plain-text reason; the rest of the request's body is read and dropped. */
    private void refuse(HttpResponseStatus status, String reason) {
        discarding = true;
        responseStarted = true;
        ByteBuf body = Unpooled.copiedBuffer(reason + "\n", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        HttpUtil.setKeepAlive(response, clientKeepAlive);
        ctx.writeAndFlush(response);
        responseDone = true;
        finishIfDone();
    }

    private void response(Back from, Object msg) {
        if (from != back) {
            ReferenceCountUtil.release(msg);
            from.channel.close();
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                upstreamFailed(
                        from,
                        "answered with something that is not HTTP: "
                                + response.decoderResult().cause().getMessage());
                return;
            }
            informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            from.keepAlive = HttpUtil.isKeepAlive(response);
            stripHopByHop(response.headers());
            if (!informational) {
                responseStarted = true;
                if (!HttpUtil.isContentLengthSet(response)
                        && !HttpUtil.isTransferEncodingChunked(response)
                        && mayHaveBody(response)) {
                    // the upstream ends the body by closing: tell the client its length by chunks, or by closing too
                    if (HttpVersion.HTTP_1_1.equals(response.protocolVersion()) && clientKeepAlive) {
                        HttpUtil.setTransferEncodingChunked(response, true);
                    } else {
                        clientKeepAlive = false;
                    }
                }
                HttpUtil.setKeepAlive(response, clientKeepAlive);
            }
            response.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        boolean last = msg instanceof LastHttpContent;
        ctx.write(msg);
        if (!ctx.channel().isWritable()) {
            from.channel.config().setAutoRead(false);
        }
        if (last) {
            if (informational) {
                informational = false;
            } else {
                responseDone = true;
                ctx.flush();
                finishIfDone();
            }
        }
    }

    private boolean mayHaveBody(HttpResponse response) {
        int code = response.status().code();
        return code != 204 && code != 304 && !HttpMethod.HEAD.equals(back.method);
    }

    private void upstreamFailed(Back from, String what) {
        from.channel.close();
        if (from != back) {
            return;
        }
        dropUpstream();
        if (responseStarted) {
            // part of the answer is out: the client can only tell it is cut short by the connection closing
            ctx.close();
            return;
        }
        clientKeepAlive = false;
        refuse(HttpResponseStatus.BAD_GATEWAY, describe(target) + " " + what);
    }

    private void finishIfDone() {
        if (!active || !requestDone || !responseDone) {
            return;
        }
        active = false;
        if (back != null) {
            Back finished = back;
            back = null;
            if (finished.keepAlive && finished.channel.isActive() && !finished.connecting) {
                finished.idleSince = System.nanoTime();
                finished.channel.config().setAutoRead(true);
                Back replaced = idle.put(target, finished);
                if (replaced != null) {
                    replaced.channel.close();
                }
            } else {
                finished.channel.close();
            }
        }
        if (!clientKeepAlive) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            releaseAll(pending);
            return;
        }
        Object next;
        while (!(active && requestDone) && (next = pending.poll()) != null) {
            handle(next);
        }
        updateReading();
    }

    /**
     * Reads from the client only while what it sends has somewhere to go. A request that comes while the one before it
     * waits for its answer is held (a few messages at most) rather than stopping the reads: turning reading off and on
     * again for every exchange costs two system calls.
     */
    private void updateReading() {
        boolean read;
        if (pending.size() >= MAX_PENDING) {
            read = false;
        } else if (!active || requestDone || discarding) {
            read = true;
        } else {
            read = back != null && !back.connecting && back.channel.isWritable();
        }
        ctx.channel().config().setAutoRead(read);
    }

    /** Gives up the exchange's upstream connection (closed or closing) and what was waiting to be sent on it. */
    private void dropUpstream() {
        back = null;
        releaseAll(unsent);
    }

    private static void releaseAll(ArrayDeque<?> messages) {
        messages.forEach(ReferenceCountUtil::release);
        messages.clear();
    }

    private String describe(Upstream upstream) {
        return upstream == application ? "the gateway's own server" : "the service at " + upstream.authority();
    }

    private static void stripHopByHop(HttpHeaders headers) {
        for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String named : connection.split(",")) {
                String name = named.trim();
                if (!name.isEmpty()
                        && !HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(name)
                        && !HttpHeaderValues.KEEP_ALIVE.contentEqualsIgnoreCase(name)) {
                    headers.remove(name);
                }
            }
        }
        for (CharSequence name : HOP_BY_HOP) {
            headers.remove(name);
        }
    }

    /** One connection to an upstream, owned by this client connection. */
    private final class Back extends ChannelInboundHandlerAdapter {

        final Upstream upstream;
        Channel channel;
        HttpMethod method;
        boolean connecting;
        boolean keepAlive;
        long idleSince;

        Back(Upstream upstream) {
            this.upstream = upstream;
        }

        @Override
        public void channelRead(ChannelHandlerContext upstreamCtx, Object msg) {
            response(this, msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext upstreamCtx) {
            if (back == this) {
                ctx.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext upstreamCtx) {
            if (back == this) {
                updateReading();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext upstreamCtx) {
            if (back == this) {
                if (!responseDone) {
                    upstreamFailed(this, "closed the connection before it finished answering");
                } else {
                    // answered in full; the request's body, if any is still coming, is dropped
                    discarding = true;
                    dropUpstream();
                    updateReading();
                }
            } else {
                idle.remove(upstream, this);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext upstreamCtx, Throwable cause) {
            log.debug("connection to {} failed", upstream.authority(), cause);
            upstreamCtx.close();
        }
    }
}
