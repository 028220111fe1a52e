package org.shuyu.controller.adapter.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.adapter.connect.ConnectPorts.ConnectRouting;
import org.shuyu.controller.adapter.identity.DemoUsers;
import org.shuyu.controller.adapter.identity.DevTokenIssuer;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.audit.AuditPage;
import org.shuyu.controller.audit.AuditQuery;
import org.shuyu.controller.audit.AuditRecord;
import org.shuyu.controller.audit.AuditVerification;
import org.shuyu.controller.config.ConnectProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The Spark Connect endpoint starts with the application context (bound from {@code sandbox.connect.*}) and stops with
 * it; it stays off with port -1 or without a Connect routing; its refusals reach the audit log through the factory.
 */
@Tag("R-24d")
class ConnectServerLifecycleTest {
    private static final DevTokenIssuer ISSUER = new DevTokenIssuer("shuyu-controller", Duration.ofMinutes(5), Clock.systemUTC(),
            p -> p + "-" + UUID.randomUUID());

    /** The audit log's refusals, kept in memory. */
    static final class RecordingAuditLog implements AuditLog {
        final List<AuditEvent> refusals = new CopyOnWriteArrayList<>();

        @Override
        public AuditRecord append(AuditEvent event) {
            throw new UnsupportedOperationException("the Connect front door only records refusals");
        }

        @Override
        public AuditRecord appendRefusal(AuditEvent event) {
            refusals.add(event);
            return null;
        }

        @Override
        public AuditPage search(AuditQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AuditVerification verify() {
            throw new UnsupportedOperationException();
        }
    }

    @Configuration
    @EnableConfigurationProperties({SandboxProperties.class, ConnectProperties.class})
    @Import(ConnectServerLifecycle.class)
    static class Beans {
        @Bean
        JwtDecoder jwtDecoder() {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(ISSUER.publicKey()).build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(DevTokenIssuer.ISSUER));
            return decoder;
        }

        @Bean
        RecordingAuditLog auditLog() {
            return new RecordingAuditLog();
        }
    }

    @Configuration
    static class Routing {
        @Bean
        ConnectRouting connectRouting() {
            return (actor, workspaceId, sessionId) -> {
                throw new SandboxException(ErrorCode.NOT_A_MEMBER, actor.userId() + " may not work in " + workspaceId);
            };
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Beans.class)
            .withPropertyValues("sandbox.mode=EMBEDDED", "sandbox.identity.allow-insecure-dev-issuer=true", "sandbox.connect.port=0");

    @Test
    void startsWithTheApplicationAuditsRefusalsAndStopsWithIt() {
        int[] port = new int[1];
        RecordingAuditLog[] audit = new RecordingAuditLog[1];
        runner.withUserConfiguration(Routing.class).run(context -> {
            ConnectServerLifecycle lifecycle = context.getBean(ConnectServerLifecycle.class);
            assertThat(lifecycle.isRunning()).isTrue();
            port[0] = lifecycle.port().orElseThrow();
            assertThat(port[0]).isPositive();
            audit[0] = context.getBean(RecordingAuditLog.class);

            Status status = call(port[0], ISSUER.issue(DemoUsers.find("engineer").orElseThrow()));
            assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(status.getDescription()).startsWith("NOT_A_MEMBER: ");
            assertThat(audit[0].refusals).singleElement().satisfies(event -> {
                assertThat(event.actor()).isEqualTo("engineer");
                assertThat(event.action()).isEqualTo("connect Config");
                assertThat(event.subjectType()).isEqualTo("workspace");
                assertThat(event.subjectId()).isEqualTo("ws-1");
                assertThat(event.outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
                assertThat(event.code()).contains("NOT_A_MEMBER");
            });
            assertThat(lifecycle.cancelSession("sess-none")).isZero();
        });
        // The context closed: nothing listens on the port any more.
        Status afterStop = call(port[0], ISSUER.issue(DemoUsers.find("engineer").orElseThrow()));
        assertThat(afterStop.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(audit[0].refusals).hasSize(1);
    }

    @Test
    void staysOffWithPortMinusOneOrWithoutRouting() {
        runner.withUserConfiguration(Routing.class).withPropertyValues("sandbox.connect.port=-1").run(context -> {
            ConnectServerLifecycle lifecycle = context.getBean(ConnectServerLifecycle.class);
            assertThat(lifecycle.isRunning()).isFalse();
            assertThat(lifecycle.port()).isEmpty();
            assertThat(lifecycle.cancelSession("sess-1")).isZero();
        });
        runner.run(context -> assertThat(context.getBean(ConnectServerLifecycle.class).isRunning()).isFalse());
    }

    @Test
    @Tag("R-19a")
    void productionWithoutTlsRefusesToStart() {
        runner.withUserConfiguration(Routing.class).withPropertyValues("sandbox.mode=PRODUCTION").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("needs TLS outside embedded mode");
        });
    }

    private static Status call(int port, String token) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(BearerTokens.AUTHORIZATION, "Bearer " + token);
            headers.put(ConnectHeaders.WORKSPACE, "ws-1");
            try {
                ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers))
                        .newCall(FakeEngine.method("Config", MethodType.UNARY), CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)),
                        ConnectProxyServerTest.request(UUID.randomUUID().toString(), "SELECT 1"));
                throw new AssertionError("not refused");
            } catch (StatusRuntimeException e) {
                return e.getStatus();
            }
        } finally {
            channel.shutdownNow();
        }
    }
}
