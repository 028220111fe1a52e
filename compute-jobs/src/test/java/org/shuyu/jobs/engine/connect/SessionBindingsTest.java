package org.shuyu.jobs.engine.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.engine.connect.ConnectGuard.Caller;

@Tag("R-19a")
class SessionBindingsTest {
    final SessionBindings bindings = new SessionBindings();
    final List<String> binds = new ArrayList<>();
    final SessionBinder binder = (session, sessionId, user) -> binds.add(sessionId + "/" + user);

    @Test
    void aControllerSessionOwnsOneConnectSessionAndAConnectSessionOneControllerSession() {
        Caller alice = new Caller("alice", "ctl-1");
        bindings.verify(alice, "c-1");
        bindings.verify(alice, "c-1");
        assertMismatch(() -> bindings.verify(alice, "c-2"));
        assertMismatch(() -> bindings.verify(new Caller("alice", "ctl-2"), "c-1"));
        // Another member may use the same client-chosen id: Spark keys sessions by (user, id).
        bindings.verify(new Caller("bob", "ctl-3"), "c-1");
        bindings.released(alice, "c-1");
        bindings.verify(alice, "c-2");
    }

    @Test
    void theSessionIsBoundOnceBeforeUseAndABinderRefusalRefusesTheRequest() {
        Caller alice = new Caller("alice", "ctl-1");
        // Spark sessions cannot be built without Spark; the binding logic only compares them by identity, and a
        // WeakHashMap accepts the null key, so null stands for "the one session Spark Connect returned".
        ConnectSessions sessions = sessions(null);
        bindings.bind(alice, "c-1", sessions, binder);
        bindings.bind(alice, "c-1", sessions, binder);
        assertThat(binds).containsExactly("ctl-1/alice");

        SessionBinder refusing = (session, sessionId, user) -> {
            throw new IllegalStateException("bound to another member");
        };
        assertMismatch(() -> new SessionBindings().bind(alice, "c-1", sessions(null), refusing));
        ConnectSessions closed = new ConnectSessions() {
            @Override
            public SparkSession getOrCreate(String user, String connectSessionId) {
                throw new IllegalStateException("SESSION_CLOSED");
            }

            @Override
            public void interrupt(String user, String connectSessionId, String operationId) {
            }
        };
        assertMismatch(() -> new SessionBindings().bind(alice, "c-1", closed, binder));
    }

    private static ConnectSessions sessions(SparkSession session) {
        return new ConnectSessions() {
            @Override
            public SparkSession getOrCreate(String user, String connectSessionId) {
                return session;
            }

            @Override
            public void interrupt(String user, String connectSessionId, String operationId) {
            }
        };
    }

    private static void assertMismatch(Runnable attempt) {
        assertThatThrownBy(attempt::run).isInstanceOfSatisfying(ConnectRefusal.class,
                r -> assertThat(r.code()).isEqualTo(JobsErrorCode.CONNECT_SESSION_MISMATCH));
    }
}
