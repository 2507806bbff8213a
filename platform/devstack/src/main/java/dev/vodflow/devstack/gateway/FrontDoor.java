package dev.vodflow.devstack.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The gateway's public port ({@code server.address}, {@code server.port}). A small HTTP/1.1 proxy on Netty forwards
 * {@code /api/...} straight to the services ({@link GatewayRoutes}) and everything else (the page, the token issuer,
 * the Swagger UI, health) to the gateway application's own server, which listens on loopback on a port of its own.
 *
 * <p>Why not Spring Cloud Gateway on Spring MVC, which did this before: a proxied call cost the gateway about 0.7 ms of
 * CPU (Tomcat, the dispatcher and the security filter chain, then a blocking client exchange), a third to a half of
 * what the service spent answering it, on the same cores; the benchmark's calls through the gateway ran at 0.4-0.5×
 * of the same calls made directly. The services check every token themselves, so the front door only routes.
 */
@Configuration(proxyBeanMethods = false)
class FrontDoor {

    /** The application server moves to loopback on a port of its own; the front door takes the configured address. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> behindTheFrontDoor() {
        return factory -> {
            factory.setAddress(InetAddress.getLoopbackAddress());
            factory.setPort(0);
        };
    }

    @Bean
    Server frontDoorServer(
            GatewayProperties services,
            WebServerApplicationContext application,
            @Value("${server.address:#{null}}") InetAddress address,
            @Value("${server.port:8080}") int port) {
        InetSocketAddress listen = address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
        return new Server(new GatewayRoutes(services), application, listen);
    }

    /** The Netty server, started once the application's own server listens and stopped before it. */
    static final class Server implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(FrontDoor.class);

        /**
         * A client connection that sent nothing for this long is closed unless an exchange is under way (an event
         * stream's answer can run for hours). Reads only: watching writes too would cost a promise and a listener on
         * every write.
         */
        static final int IDLE_SECONDS = 120;

        private final GatewayRoutes routes;
        private final WebServerApplicationContext application;
        private final InetSocketAddress listen;
        private EventLoopGroup loops;
        private Channel server;

        Server(GatewayRoutes routes, WebServerApplicationContext application, InetSocketAddress listen) {
            this.routes = routes;
            this.application = application;
            this.listen = listen;
        }

        @Override
        public synchronized void start() {
            Upstream own = Upstream.of(
                    URI.create("http://127.0.0.1:" + application.getWebServer().getPort()));
            // epoll where Netty's native library loads: per proxied call, fewer system calls and less work than NIO
            boolean epoll = Epoll.isAvailable();
            Class<? extends SocketChannel> clients = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
            loops = new MultiThreadIoEventLoopGroup(
                    Math.max(2, Runtime.getRuntime().availableProcessors()),
                    epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
            try {
                server = new ServerBootstrap()
                        .group(loops)
                        .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel channel) {
                                channel.pipeline()
                                        .addLast(new HttpServerCodec(16384, 16384, 65536))
                                        .addLast(new IdleStateHandler(IDLE_SECONDS, 0, 0, TimeUnit.SECONDS))
                                        .addLast(new FrontConnection(routes, own, clients));
                            }
                        })
                        .bind(listen)
                        .syncUninterruptibly()
                        .channel();
            } catch (RuntimeException e) {
                loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                throw new IllegalStateException("the gateway cannot listen on " + listen + ": " + e.getMessage(), e);
            }
            log.info(
                    "gateway listening on {} ({}), its application on {}",
                    server.localAddress(),
                    epoll ? "epoll" : "NIO",
                    own.authority());
        }

        @Override
        public synchronized void stop() {
            if (server != null) {
                server.close().syncUninterruptibly();
                loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
                server = null;
            }
        }

        @Override
        public synchronized boolean isRunning() {
            return server != null;
        }

        /** Last to start (after the application's server), first to stop. */
        @Override
        public int getPhase() {
            return SmartLifecycle.DEFAULT_PHASE;
        }

        /** The port the front door listens on (the configured one, or the one it was given for port 0). */
        int port() {
            return ((InetSocketAddress) server.localAddress()).getPort();
        }
    }
}
