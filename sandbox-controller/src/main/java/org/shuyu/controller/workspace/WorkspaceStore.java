package org.shuyu.controller.workspace;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Port: persistence of workspaces. */
public interface WorkspaceStore {
    /**
     * Inserts the workspace unless one with its id exists (or is being inserted by a transaction not yet committed,
     * which this waits for); returns whether this call inserted it. Concurrent first uses of a workspace all succeed.
     */
    boolean insertIfAbsent(Workspace workspace);

    void update(Workspace workspace);

    Optional<Workspace> find(String id);

    /** Reads with a row lock for the rest of the caller's transaction. */
    Optional<Workspace> lock(String id);

    List<Workspace> all();

    List<Workspace> inStates(Set<Workspace.State> states);
}
