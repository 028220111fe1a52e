package org.shuyu.jobs.engine.connect;

import static org.shuyu.jobs.engine.connect.ConnectRefusal.denied;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.spark.sql.SparkSession;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.engine.connect.ConnectGuard.Caller;
import org.sparkproject.connect.grpc.Status;

/**
 * One Spark Connect session per controller session, and each bound to its member before it runs anything. The first
 * request of a controller session fixes its Connect session id; a request that names another Connect session (an
 * attempt to reach or interrupt someone else's, or a second session under the same controller session) is refused,
 * and so is a Connect session id already claimed by another controller session. Spark keys its sessions by
 * (user id, session id) and the user id is forced to the member, so another member's sessions are out of reach
 * anyway.
 */
final class SessionBindings {
    private final Map<String, String> connectBySession = new HashMap<>();
    private final Map<String, String> sessionByConnect = new HashMap<>();
    private final Map<SparkSession, String> bound = Collections.synchronizedMap(new WeakHashMap<>());

    /** Verifies (or, on first use, records) that {@code connectSessionId} belongs to the caller's session. */
    synchronized void verify(Caller caller, String connectSessionId) {
        String connectKey = caller.member() + "\u0000" + connectSessionId;
        String knownConnect = connectBySession.get(caller.sessionId());
        String knownSession = sessionByConnect.get(connectKey);
        if (knownConnect == null && knownSession == null) {
            connectBySession.put(caller.sessionId(), connectSessionId);
            sessionByConnect.put(connectKey, caller.sessionId());
            return;
        }
        if (!connectSessionId.equals(knownConnect) || !caller.sessionId().equals(knownSession)) {
            throw denied(JobsErrorCode.CONNECT_SESSION_MISMATCH, "the request names a Spark Connect session that "
                    + "does not belong to the caller's session");
        }
    }

    /**
     * Verifies the session, gets (or creates) Spark Connect's session for it and binds that to the member's
     * enforcement once, before the request is handled.
     */
    void bind(Caller caller, String connectSessionId, ConnectSessions sessions, SessionBinder binder) {
        verify(caller, connectSessionId);
        SparkSession session;
        try {
            session = sessions.getOrCreate(caller.member(), connectSessionId);
        } catch (RuntimeException e) {
            throw new ConnectRefusal(JobsErrorCode.CONNECT_SESSION_MISMATCH,
                    Status.Code.FAILED_PRECONDITION,
                    "the Spark Connect session is closed or cannot be opened; start a new session");
        }
        synchronized (bound) {
            if (caller.sessionId().equals(bound.get(session))) {
                return;
            }
            try {
                binder.bind(session, caller.sessionId(), caller.member());
            } catch (RuntimeException e) {
                // e.g. the session is already bound to another member: nothing may run in it for this caller.
                throw denied(JobsErrorCode.CONNECT_SESSION_MISMATCH, "the Spark Connect session could not be bound "
                        + "to the member (" + e.getClass().getSimpleName() + ")");
            }
            bound.put(session, caller.sessionId());
        }
    }

    /** The client released its Connect session: the controller session may start a new one. */
    synchronized void released(Caller caller, String connectSessionId) {
        if (connectSessionId.equals(connectBySession.get(caller.sessionId()))) {
            connectBySession.remove(caller.sessionId());
            sessionByConnect.remove(caller.member() + "\u0000" + connectSessionId);
        }
    }
}
