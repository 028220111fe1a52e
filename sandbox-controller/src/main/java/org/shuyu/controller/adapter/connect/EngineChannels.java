package org.shuyu.controller.adapter.connect;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gRPC channel per workspace engine's Spark Connect address, created on first use and reused by every call to
 * that engine; closed when the engine stops ({@link #close(String, int)}) or the proxy stops ({@link #closeAll()}).
 * Channels are plaintext: the engine listens on the node's loopback (local launcher) or inside the workspace
 * namespace behind its NetworkPolicy (Kubernetes), and every call carries the engine's secret.
 */
final class EngineChannels implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EngineChannels.class);
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final int maxInboundMessageBytes;
    private volatile boolean closed;

    EngineChannels(int maxInboundMessageBytes) {
        this.maxInboundMessageBytes = maxInboundMessageBytes;
    }

    /** The channel to {@code host:port}, opened if needed. */
    ManagedChannel channel(String host, int port) {
        if (closed) {
            throw new IllegalStateException("the Connect proxy is stopped");
        }
        return channels.compute(key(host, port), (key, existing) -> {
            if (existing != null && !existing.isShutdown()) {
                return existing;
            }
            return NettyChannelBuilder.forAddress(host, port)
                    .usePlaintext()
                    .maxInboundMessageSize(maxInboundMessageBytes)
                    .build();
        });
    }

    /** Closes the channel to an engine that stopped; calls still on it end (the engine is gone anyway). */
    void close(String host, int port) {
        ManagedChannel channel = channels.remove(key(host, port));
        if (channel != null) {
            channel.shutdownNow();
            log.debug("closed the Spark Connect channel to engine {}:{}", host, port);
        }
    }

    /** Whether a channel to {@code host:port} is open (tests). */
    boolean isOpen(String host, int port) {
        ManagedChannel channel = channels.get(key(host, port));
        return channel != null && !channel.isShutdown();
    }

    /** Closes every channel, waiting a moment for them to end. */
    void closeAll() {
        closed = true;
        List<ManagedChannel> open = new ArrayList<>(channels.values());
        channels.clear();
        open.forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel channel : open) {
            try {
                channel.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        closeAll();
    }

    private static String key(String host, int port) {
        return host + ":" + port;
    }
}
