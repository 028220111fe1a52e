package org.shuyu.controller.adapter.flight;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.product.DeliveryGate;
import org.shuyu.controller.product.DeliveryGate.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one open delivery's snapshot to a {@code DoGet} caller, record batch by record batch: each batch waits for
 * the transport (backpressure, ended when the client stalls) and for {@link DeliveryGate#stillAllowed} (ended when the
 * product is delisted or its grant ends), and the rows and body bytes handed over are counted for the meter.
 */
final class DeliveryStream {
    private static final Logger log = LoggerFactory.getLogger(DeliveryStream.class);
    private static final long MIN_PARK_NANOS = 20_000;
    private static final long MAX_PARK_NANOS = 2_000_000;
    private final DeliveryGate gate;
    private final BufferAllocator allocator;
    private final Duration stallTimeout;

    DeliveryStream(DeliveryGate gate, BufferAllocator allocator, Duration stallTimeout) {
        this.gate = requireNonNull(gate, "gate is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.stallTimeout = requireNonNull(stallTimeout, "stallTimeout is null");
    }

    /** Rows and body bytes handed to the transport so far. */
    static final class Sent {
        long rows;
        long bytes;
    }

    /** Streams the snapshot; returns the failure to record (empty when every batch was sent). */
    Optional<String> stream(Delivery delivery, ServerStreamListener listener, Sent sent) {
        // The server's allocator, not a per-call child: with zero copy the transport still holds the last batches'
        // buffers after the call returns, and releases them once written.
        try (FileChannel channel = FileChannel.open(delivery.file(), StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<ArrowBlock> blocks = reader.getRecordBlocks();
            // The reader loads each batch into fresh buffers; the message being sent keeps the previous ones alive.
            listener.setUseZeroCopy(true);
            listener.start(root, reader);
            for (ArrowBlock block : blocks) {
                BackpressureStrategy.WaitResult ready = awaitReady(listener);
                if (ready == BackpressureStrategy.WaitResult.CANCELLED) {
                    return Optional.of("cancelled by the client");
                }
                if (ready != BackpressureStrategy.WaitResult.READY) {
                    listener.error(FlightErrors.of(CallStatus.TIMED_OUT, ErrorCode.CLIENT_STALLED.name(),
                            "the stream was not read for " + stallTimeout.toSeconds() + " s"));
                    return Optional.of("client stalled");
                }
                if (!gate.stillAllowed(delivery)) {
                    listener.error(FlightErrors.of(CallStatus.UNAUTHORIZED, DeliveryProducer.DELIVERY_STOPPED,
                            "delivery of product " + delivery.product().id() + " was stopped: it was delisted or its grant ended"));
                    return Optional.of("stopped: product delisted or grant ended");
                }
                if (!reader.loadRecordBatch(block)) {
                    throw new IOException("record batch missing");
                }
                listener.putNext();
                sent.rows += root.getRowCount();
                sent.bytes += block.getBodyLength();
            }
            listener.completed();
            return Optional.empty();
        } catch (IOException e) {
            log.error("snapshot {} of product {} is unreadable", delivery.file(), delivery.product().id(), e);
            listener.error(FlightErrors.of(ErrorCode.SNAPSHOT_UNREADABLE, "snapshot unreadable"));
            return Optional.of("snapshot unreadable");
        } catch (SandboxException e) {
            listener.error(FlightErrors.of(e));
            return Optional.of(e.code().name());
        }
    }

    /**
     * Waits until the transport takes more (backpressure), polling {@code isReady()}: gRPC delivers its on-ready
     * callback on this call's serialized executor, which is busy running this very handler, so a callback-based wait
     * (Flight's CallbackBackpressureStrategy) would only wake up on its timeout.
     */
    private BackpressureStrategy.WaitResult awaitReady(ServerStreamListener listener) {
        if (listener.isReady()) {
            return BackpressureStrategy.WaitResult.READY;
        }
        long deadline = System.nanoTime() + stallTimeout.toNanos();
        long park = MIN_PARK_NANOS;
        while (!listener.isReady()) {
            if (listener.isCancelled()) {
                return BackpressureStrategy.WaitResult.CANCELLED;
            }
            if (System.nanoTime() - deadline >= 0) {
                return BackpressureStrategy.WaitResult.TIMEOUT;
            }
            LockSupport.parkNanos(park);
            park = Math.min(park * 2, MAX_PARK_NANOS);
        }
        return listener.isCancelled() ? BackpressureStrategy.WaitResult.CANCELLED : BackpressureStrategy.WaitResult.READY;
    }
}
