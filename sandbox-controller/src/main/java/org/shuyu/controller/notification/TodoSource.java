package org.shuyu.controller.notification;

import java.util.List;
import org.shuyu.controller.identity.Actor;

/**
 * A workflow's contribution to the to-do list: what waits for {@code actor} now. Each workflow that can wait for
 * someone implements one as a Spring bean; {@code GET /api/v1/todos} asks them all. An implementation reads its own
 * store, applies the same visibility rules as the workflow's endpoints (jurisdiction, organization, membership) and
 * returns an empty list for anyone it has nothing for.
 */
public interface TodoSource {
    List<Todo> pending(Actor actor);
}
