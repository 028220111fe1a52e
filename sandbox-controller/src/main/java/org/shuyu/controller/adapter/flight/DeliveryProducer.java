package org.shuyu.controller.adapter.flight;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.Schema;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.product.DeliveryChannel;
import org.shuyu.controller.product.DeliveryGate;
import org.shuyu.controller.product.DeliveryGate.Delivery;
import org.shuyu.controller.product.Product;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves listed data interface products over Flight, and nothing else. Every call is authenticated (the
 * {@link BearerAuthenticator} middleware), and every product read goes through the {@link DeliveryGate}: {@code DoGet}
 * opens a delivery (product listed, channel FLIGHT, grant active, scenario matches: R-21a), asks
 * {@link DeliveryGate#stillAllowed} before every record batch, and closes it exactly once with the rows and body bytes
 * sent. {@code GetFlightInfo} opens and closes a delivery of 0 rows (so it is checked and audited too). Uploads,
 * exchanges and actions are UNIMPLEMENTED.
 */
final class DeliveryProducer implements FlightProducer {
    /** The status name of a delivery stopped mid-stream (delisted, or the grant ended). */
    static final String DELIVERY_STOPPED = ErrorCode.DELIVERY_STOPPED.name();
    private static final Logger log = LoggerFactory.getLogger(DeliveryProducer.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final DeliveryGate gate;
    private final BufferAllocator allocator;
    private final Supplier<Optional<Location>> location;
    private final FlightRefusals refusals;
    private final DeliveryStream streams;
    private final DeliveryMeter meter;

    /**
     * @param location where clients redeem tickets (empty when bound to a wildcard address: clients then reuse their
     *                 connection, as the Flight protocol says for an endpoint without locations)
     * @param stallTimeout how long a client may leave the stream unread before the call is ended (TIMED_OUT)
     */
    DeliveryProducer(DeliveryGate gate, BufferAllocator allocator, Supplier<Optional<Location>> location, Duration stallTimeout) {
        this(gate, allocator, location, stallTimeout, FlightRefusals.NONE, DeliveryMeter.NONE);
    }

    DeliveryProducer(DeliveryGate gate, BufferAllocator allocator, Supplier<Optional<Location>> location, Duration stallTimeout,
            FlightRefusals refusals, DeliveryMeter meter) {
        this.meter = requireNonNull(meter, "meter is null");
        this.refusals = requireNonNull(refusals, "refusals is null");
        this.gate = requireNonNull(gate, "gate is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.location = requireNonNull(location, "location is null");
        this.streams = new DeliveryStream(gate, allocator, stallTimeout);
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        Delivery delivery;
        try {
            Actor actor = actor(context);
            FlightRequest request = parsed(actor, "DoGet", () -> FlightRequest.parse(ticket.getBytes()));
            delivery = gate.open(actor, request.product(), request.scenario(), DeliveryChannel.FLIGHT);
        } catch (FlightRuntimeException e) {
            meter.delivered("refused", 0);
            listener.error(e);
            return;
        } catch (SandboxException e) {
            meter.delivered("refused", 0);
            listener.error(FlightErrors.of(e));
            return;
        } catch (RuntimeException e) {
            meter.delivered("failed", 0);
            log.error("Flight DoGet could not be opened", e);
            listener.error(FlightErrors.of(ErrorCode.INTERNAL_ERROR, "internal error"));
            return;
        }
        DeliveryStream.Sent sent = new DeliveryStream.Sent();
        Optional<String> failure = Optional.of("internal error");
        try {
            failure = streams.stream(delivery, listener, sent);
        } catch (RuntimeException e) {
            failure = Optional.of(listener.isCancelled() ? "cancelled by the client" : "failed: " + e.getClass().getSimpleName());
            if (!listener.isCancelled()) {
                log.error("Flight delivery {} of product {} failed", delivery.callId(), delivery.product().id(), e);
                listener.error(FlightErrors.of(ErrorCode.INTERNAL_ERROR, "internal error"));
            }
        } finally {
            close(delivery, sent.rows, sent.bytes, failure);
            meter.ended(failure, sent.bytes);
        }
    }

    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
        Delivery delivery;
        FlightRequest request;
        try {
            Actor actor = actor(context);
            request = parsed(actor, "GetFlightInfo", () -> {
                if (!descriptor.isCommand()) {
                    throw new SandboxException(ErrorCode.INVALID_REQUEST,
                            "describe a product with a command descriptor: {\"product\":\"<id>\",\"scenario\":\"<scenario>\"}");
                }
                return FlightRequest.parse(descriptor.getCommand());
            });
            delivery = gate.open(actor, request.product(), request.scenario(), DeliveryChannel.FLIGHT);
        } catch (SandboxException e) {
            throw FlightErrors.of(e);
        }
        Optional<String> failure = Optional.of("internal error");
        try (FileChannel channel = FileChannel.open(delivery.file(), StandardOpenOption.READ);
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            Schema schema = reader.getVectorSchemaRoot().getSchema();
            long bytes = Files.size(delivery.file());
            long rows = delivery.product().snapshot().map(Product.Snapshot::rows).orElse(-1L);
            FlightEndpoint endpoint = new FlightEndpoint(new Ticket(request.encode()), location.get().stream().toArray(Location[]::new));
            FlightInfo info = new FlightInfo(schema, descriptor, List.of(endpoint), bytes, rows, true, IpcOption.DEFAULT,
                    metadata(delivery.product()));
            failure = Optional.empty();
            return info;
        } catch (IOException e) {
            log.error("snapshot {} of product {} is unreadable", delivery.file(), delivery.product().id(), e);
            failure = Optional.of("snapshot unreadable");
            throw FlightErrors.of(ErrorCode.SNAPSHOT_UNREADABLE, "snapshot unreadable");
        } finally {
            close(delivery, 0, 0, failure);
        }
    }

    /** Parses a ticket or command; a malformed one is audited here, as it never reaches the gate. */
    private FlightRequest parsed(Actor actor, String call, Supplier<FlightRequest> parse) {
        try {
            return parse.get();
        } catch (SandboxException e) {
            refusals.refused(Optional.of(actor), call, e.code(), e.getMessage());
            throw e;
        }
    }

    @Override
    public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
        try {
            actor(context);
            for (Product product : gate.listed(DeliveryChannel.FLIGHT)) {
                FlightDescriptor descriptor = FlightDescriptor.command(FlightRequest.listing(product.id()));
                long rows = product.snapshot().map(Product.Snapshot::rows).orElse(-1L);
                long bytes = product.snapshot().map(Product.Snapshot::bytes).orElse(-1L);
                // No schema read and no endpoint: a ticket needs the caller's scenario (GetFlightInfo gives both).
                listener.onNext(new FlightInfo(new Schema(List.of()), descriptor, List.of(), bytes, rows, true, IpcOption.DEFAULT,
                        metadata(product)));
            }
            listener.onCompleted();
        } catch (FlightRuntimeException e) {
            listener.onError(e);
        } catch (SandboxException e) {
            listener.onError(FlightErrors.of(e));
        }
    }

    /** What a listing shows of a product: never its scenario, grant, source table or file. */
    static byte[] metadata(Product product) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("product", product.id());
        shown.put("name", product.name());
        shown.put("version", product.version());
        shown.put("kind", product.kind().name());
        shown.put("description", product.description());
        product.snapshot().ifPresent(s -> shown.put("sha256", s.sha256()));
        return JSON.writeValueAsBytes(shown);
    }

    @Override
    public Runnable acceptPut(CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
        throw FlightErrors.unimplemented("DoPut");
    }

    @Override
    public void doExchange(CallContext context, FlightStream reader, ServerStreamListener writer) {
        throw FlightErrors.unimplemented("DoExchange");
    }

    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
        throw FlightErrors.unimplemented("DoAction");
    }

    @Override
    public void listActions(CallContext context, StreamListener<ActionType> listener) {
        throw FlightErrors.unimplemented("ListActions");
    }

    private static Actor actor(CallContext context) {
        BearerAuthenticator.Middleware middleware = context.getMiddleware(BearerAuthenticator.Middleware.KEY);
        if (middleware == null) {
            throw FlightErrors.of(CallStatus.UNAUTHENTICATED, ErrorCode.UNAUTHENTICATED.name(), "no authenticated caller");
        }
        return middleware.actor();
    }

    private void close(Delivery delivery, long rows, long bytes, Optional<String> failure) {
        try {
            gate.close(delivery, rows, bytes, failure);
        } catch (RuntimeException e) {
            // The rows are gone already; what is left is to make the missing record loud.
            log.error("could not close Flight delivery {} of product {} ({} rows, {} bytes, failure {})", delivery.callId(),
                    delivery.product().id(), rows, bytes, failure.orElse("none"), e);
        }
    }
}
