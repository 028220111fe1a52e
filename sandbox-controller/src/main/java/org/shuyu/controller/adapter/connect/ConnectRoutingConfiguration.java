package org.shuyu.controller.adapter.connect;

import org.shuyu.controller.adapter.connect.ConnectPorts.ConnectRouting;
import org.shuyu.controller.adapter.connect.ConnectPorts.Route;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.session.ConnectRoutes;
import org.shuyu.controller.session.SessionService;
import org.shuyu.controller.session.SessionClosed;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Wires the Connect front door to the sessions feature: every call is routed by {@link ConnectRoutes} (the REST gate,
 * the member's own session, the workspace's engine), and a closed session ends the calls it still has in flight
 * (revocation reaches live Connect calls, not only the engine's statements).
 */
@Configuration(proxyBeanMethods = false)
class ConnectRoutingConfiguration {
    @Bean
    ConnectRouting connectRouting(ConnectRoutes routes, SessionService sessions) {
        return new ConnectRouting() {
            @Override
            public Route route(Actor actor, String workspaceId, String clientSessionId) {
                ConnectRoutes.ConnectRoute route = routes.route(actor, workspaceId, clientSessionId);
                return new Route(route.sessionId(), route.user(), route.engine().connectHost(),
                        route.engine().connectPort(), route.engine().secret());
            }

            @Override
            public void released(Actor actor, String workspaceId, String sessionId) {
                sessions.close(actor, workspaceId, sessionId);
            }
        };
    }

    @Bean
    SessionClosedCalls sessionClosedCalls(ObjectProvider<ConnectServerLifecycle> lifecycle) {
        return new SessionClosedCalls(lifecycle);
    }

    /** Cancels the forwarded calls of a session the moment it is closed (by its member, idle time or closed access). */
    static final class SessionClosedCalls {
        private final ObjectProvider<ConnectServerLifecycle> lifecycle;

        SessionClosedCalls(ObjectProvider<ConnectServerLifecycle> lifecycle) {
            this.lifecycle = lifecycle;
        }

        @EventListener
        public void closed(SessionClosed event) {
            ConnectServerLifecycle server = lifecycle.getIfAvailable();
            if (server != null) {
                server.cancelSession(event.sessionId());
            }
        }
    }
}
