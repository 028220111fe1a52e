package org.shuyu.controller.adapter.connect;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the workspace engine's Spark Connect server: a plain gRPC server registered with raw-bytes handlers
 * for {@code spark.connect.SparkConnectService} (no Spark in the controller's tests). It records the headers of every
 * call and the requests it received, and behaves per method:
 * Config echoes the request; ExecutePlan streams {@link #STREAMED} numbered responses then a trailer; AddArtifacts
 * answers how many messages it got; Interrupt fails with FAILED_PRECONDITION and a trailer; ReattachExecute never
 * answers and counts down {@link #cancelled} when the caller cancels.
 */
final class FakeEngine implements AutoCloseable {
    static final int STREAMED = 50;
    static final Metadata.Key<String> TRAILER = Metadata.Key.of("x-engine-trailer", Metadata.ASCII_STRING_MARSHALLER);
    final List<Metadata> headers = new CopyOnWriteArrayList<>();
    final List<byte[]> requests = new CopyOnWriteArrayList<>();
    final CountDownLatch cancelled = new CountDownLatch(1);
    final CountDownLatch hanging = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    private final Server server;
    private final int port;

    FakeEngine() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SparkConnectMethods.SERVICE)
                .addMethod(method("Config", MethodType.UNARY), ServerCalls.asyncUnaryCall((byte[] request, StreamObserver<byte[]> out) -> {
                    requests.add(request);
                    out.onNext(concat("echo:".getBytes(StandardCharsets.UTF_8), request));
                    out.onCompleted();
                }))
                .addMethod(method("ExecutePlan", MethodType.SERVER_STREAMING),
                        ServerCalls.asyncServerStreamingCall((byte[] request, StreamObserver<byte[]> out) -> {
                            requests.add(request);
                            for (int i = 0; i < STREAMED; i++) {
                                out.onNext(("response-" + i).getBytes(StandardCharsets.UTF_8));
                            }
                            out.onCompleted();
                        }))
                .addMethod(method("AddArtifacts", MethodType.CLIENT_STREAMING),
                        ServerCalls.asyncClientStreamingCall((StreamObserver<byte[]> out) -> new StreamObserver<byte[]>() {
                            private int count;

                            @Override
                            public void onNext(byte[] value) {
                                requests.add(value);
                                count++;
                            }

                            @Override
                            public void onError(Throwable t) {}

                            @Override
                            public void onCompleted() {
                                out.onNext(("artifacts:" + count).getBytes(StandardCharsets.UTF_8));
                                out.onCompleted();
                            }
                        }))
                .addMethod(method("Interrupt", MethodType.UNARY), ServerCalls.asyncUnaryCall((byte[] request, StreamObserver<byte[]> out) -> {
                    Metadata trailers = new Metadata();
                    trailers.put(TRAILER, "refused-by-engine");
                    out.onError(Status.FAILED_PRECONDITION.withDescription("CONNECT_REFUSED: the engine said no").asRuntimeException(trailers));
                }))
                .addMethod(method("ReattachExecute", MethodType.SERVER_STREAMING),
                        ServerCalls.asyncServerStreamingCall((byte[] request, StreamObserver<byte[]> out) -> {
                            ((ServerCallStreamObserver<byte[]>) out).setOnCancelHandler(cancelled::countDown);
                            hanging.countDown();
                        }))
                .build();
        ServerInterceptor recorder = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata metadata, ServerCallHandler<Q, R> next) {
                headers.add(metadata);
                calls.incrementAndGet();
                if ("ExecutePlan".equals(SparkConnectMethods.shortName(call.getMethodDescriptor().getFullMethodName()))) {
                    Metadata sent = new Metadata();
                    sent.put(TRAILER, "header-from-engine");
                    call.sendHeaders(sent);
                    Metadata trailers = new Metadata();
                    trailers.put(TRAILER, "trailer-from-engine");
                    return next.startCall(new SimpleForwardingServerCall<>(call) {
                        @Override
                        public void sendHeaders(Metadata ignored) {
                            // already sent above
                        }

                        @Override
                        public void close(Status status, Metadata ignored) {
                            super.close(status, trailers);
                        }
                    }, metadata);
                }
                return next.startCall(call, metadata);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(service, recorder))
                .build()
                .start();
        port = server.getPort();
    }

    /** The port it listened on (also after it stopped). */
    int port() {
        return port;
    }

    Metadata lastHeaders() {
        return headers.get(headers.size() - 1);
    }

    static MethodDescriptor<byte[], byte[]> method(String name, MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SparkConnectMethods.SERVICE, name))
                .setRequestMarshaller(SparkConnectMethods.BYTES)
                .setResponseMarshaller(SparkConnectMethods.BYTES)
                .build();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}
