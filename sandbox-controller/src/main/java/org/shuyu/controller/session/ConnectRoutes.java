package org.shuyu.controller.session;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.session.EnginePorts.EngineRef;
import org.shuyu.controller.workspace.WorkspaceService;
import org.springframework.stereotype.Service;

/**
 * Where a Spark Connect call goes (issue 16, for the Connect front door): the SAME gate as REST
 * ({@link WorkspaceService#requireAccess(Actor, String)}: active grant, current member, vetted), then the member's own
 * session for that Connect client session (opened on first use, reused after), on the workspace's engine, touched.
 */
@Service
public class ConnectRoutes {
    /** Spark Connect client session ids are UUIDs; anything of that shape is accepted, nothing else. */
    private static final Pattern CLIENT_SESSION = Pattern.compile("[A-Za-z0-9-]{1,100}");

    private final SessionService sessions;
    private final SessionStore store;
    private final WorkspaceService workspaces;

    public ConnectRoutes(SessionService sessions, SessionStore store, WorkspaceService workspaces) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.store = requireNonNull(store, "store is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
    }

    /** Where to forward: the controller's session id, the member, and the engine (its secret goes to the engine only). */
    public record ConnectRoute(String sessionId, String user, EngineRef engine) {
        public ConnectRoute {
            requireNonNull(sessionId, "sessionId is null");
            requireNonNull(user, "user is null");
            requireNonNull(engine, "engine is null");
        }
    }

    public ConnectRoute route(Actor actor, String workspaceId, String clientSessionId) {
        if (clientSessionId == null || !CLIENT_SESSION.matcher(clientSessionId).matches()) {
            throw new SandboxException(ErrorCode.INVALID_STATEMENT, "the Spark Connect session id must be a UUID");
        }
        workspaces.requireAccess(actor, workspaceId);
        Optional<InteractiveSession> existing = store.connectSession(workspaceId, actor.userId(), clientSessionId);
        InteractiveSession session = existing.isPresent() ? existing.get()
                : sessions.openFor(actor, workspaceId, Optional.of(clientSessionId)).session();
        EngineRef engine = sessions.engineFor(store.find(session.id()).orElse(session));
        sessions.touch(session.id());
        sessions.engines().touch(workspaceId);
        return new ConnectRoute(session.id(), actor.userId(), engine);
    }
}
