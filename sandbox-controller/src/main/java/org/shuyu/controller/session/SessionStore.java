package org.shuyu.controller.session;

import java.util.List;
import java.util.Optional;

/** Port: persistence of interactive sessions and of which STATEMENT jobs ran in which session. Never result rows. */
public interface SessionStore {
    void insert(InteractiveSession session);

    void update(InteractiveSession session);

    Optional<InteractiveSession> find(String id);

    /** The session under a row lock (inside the caller's transaction). */
    Optional<InteractiveSession> lock(String id);

    /** A workspace's sessions, newest first, at most {@code limit}. */
    List<InteractiveSession> inWorkspace(String workspaceId, int limit);

    /** Every QUEUED or OPEN session of every workspace. */
    List<InteractiveSession> notClosed();

    /** The QUEUED or OPEN session of this member serving this Spark Connect client session, if any. */
    Optional<InteractiveSession> connectSession(String workspaceId, String user, String connectClient);

    /** Records that the STATEMENT job ran in the session. */
    void addStatement(String sessionId, String jobId);

    /** The session a STATEMENT job ran in. */
    Optional<String> sessionOfStatement(String jobId);

    /** The STATEMENT job ids of a session, newest first, at most {@code limit}. */
    List<String> statements(String sessionId, int limit);
}
