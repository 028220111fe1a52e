package org.shuyu.jobs.engine;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.authz.Authorizer;
import org.shuyu.jobs.authz.Enforcement;
import org.shuyu.jobs.authz.EnforcementException;
import org.shuyu.jobs.authz.EnforcementResolver;

/**
 * The member sessions of a warm engine and the {@link EnforcementResolver} the engine's extension asks: every Spark
 * session a member works in ({@link #open}: a REST session, {@link #bind}: a session Spark Connect created) has its
 * OWN {@link Enforcement} (the member as user, the member's authorizer on the shared policy plugin, its own setting
 * lock), made from the root's (same workspace, paths, salt and declared sources) and switched on before the session
 * is registered, so there is no moment a registered session runs unenforced. The root session is known only during
 * the privileged setup ({@link #rootSetupDone} forgets it); any session not registered is refused everything
 * ({@code NO_IDENTITY}). Sessions are compared by identity.
 */
public final class MemberSessions implements EnforcementResolver {
    /** Who a Spark session belongs to: the controller's session id and the member. */
    public record Member(String sessionId, String user) {
        public Member {
            requireNonNull(sessionId, "sessionId is null");
            requireNonNull(user, "user is null");
        }
    }

    /** A session id opened again for another user. */
    public static final class SessionConflictException extends RuntimeException {
        SessionConflictException(String message) {
            super(message);
        }
    }

    private record Entry(Member member, SparkSession session, Enforcement enforcement) {
    }

    private final SparkSession root;
    private final Enforcement rootEnforcement;
    private final Function<String, Authorizer> authorizers;
    private final Map<SparkSession, Entry> bySession = new ConcurrentHashMap<>();
    /** The session {@link #open} created per session id (Connect-bound sessions are only in bySession). */
    private final Map<String, Entry> opened = new ConcurrentHashMap<>();
    private volatile boolean rootKnown = true;
    private volatile java.util.function.BiConsumer<SparkSession,
            org.apache.spark.sql.catalyst.plans.logical.LogicalPlan> connectCheck;

    /**
     * @param root            the engine's root session (privileged setup only)
     * @param rootEnforcement the root's enforcement: its sources are declared during setup and copied to members
     * @param authorizers     a member's authorizer (on the engine's shared policy plugin) by user
     */
    public MemberSessions(SparkSession root, Enforcement rootEnforcement, Function<String, Authorizer> authorizers) {
        this.root = requireNonNull(root, "root is null");
        this.rootEnforcement = requireNonNull(rootEnforcement, "rootEnforcement is null");
        this.authorizers = requireNonNull(authorizers, "authorizers is null");
    }

    @Override
    public Enforcement resolve(SparkSession session) {
        if (session != null) {
            Entry entry = bySession.get(session);
            if (entry != null) {
                return entry.enforcement();
            }
            if (session == root && rootKnown) {
                return rootEnforcement;
            }
        }
        throw EnforcementResolver.unknown();
    }

    /**
     * The check hook of every session {@link #bind} registers from now on ({@link ConnectExecutions#onAnalysed}):
     * it sees each plan the session's check rule allowed and may refuse it.
     */
    public void onConnectCheck(java.util.function.BiConsumer<SparkSession,
            org.apache.spark.sql.catalyst.plans.logical.LogicalPlan> hook) {
        this.connectCheck = requireNonNull(hook, "hook is null");
    }

    /** After the privileged setup: the root session is refused everything from now on. */
    public void rootSetupDone() {
        rootKnown = false;
    }

    /**
     * The member's own session {@code sessionId} (created now, or the existing one for the same user: idempotent).
     * Throws {@link SessionConflictException} when the id is open for another user.
     */
    public synchronized SparkSession open(String sessionId, String user) {
        requireText(sessionId, "sessionId");
        requireText(user, "user");
        Entry existing = opened.get(sessionId);
        if (existing != null) {
            if (!existing.member().user().equals(user)) {
                throw new SessionConflictException("session " + sessionId + " is open for another member");
            }
            return existing.session();
        }
        requireSameUser(sessionId, user);
        SparkSession session = root.newSession();
        Entry entry = register(session, sessionId, user, null);
        opened.put(sessionId, entry);
        return session;
    }

    /**
     * Registers a session Spark Connect created as member {@code user}'s session {@code sessionId}, with a fresh
     * enforcement for that user (as {@link #open}). A session already bound stays bound to its member: binding it to
     * another one is refused ({@code NO_IDENTITY}).
     */
    public synchronized void bind(SparkSession connectSession, String sessionId, String user) {
        requireNonNull(connectSession, "connectSession is null");
        requireText(sessionId, "sessionId");
        requireText(user, "user");
        if (connectSession == root) {
            throw new EnforcementException(JobsErrorCode.NO_IDENTITY, "the engine's root session cannot be bound");
        }
        Entry existing = bySession.get(connectSession);
        if (existing != null) {
            if (!existing.member().equals(new Member(sessionId, user))) {
                throw new EnforcementException(JobsErrorCode.NO_IDENTITY,
                        "this Spark Connect session is bound to another member session");
            }
            return;
        }
        requireSameUser(sessionId, user);
        register(connectSession, sessionId, user, connectCheck);
    }

    /** The member a Spark session belongs to, if any. */
    public Optional<Member> memberOf(SparkSession session) {
        Entry entry = session == null ? null : bySession.get(session);
        return entry == null ? Optional.empty() : Optional.of(entry.member());
    }

    /** The session {@link #open} created for {@code sessionId}, if it is open. */
    public Optional<SparkSession> session(String sessionId) {
        Entry entry = opened.get(sessionId);
        return entry == null ? Optional.empty() : Optional.of(entry.session());
    }

    /** The member of open session {@code sessionId}, if it is open. */
    public Optional<Member> member(String sessionId) {
        Entry entry = opened.get(sessionId);
        return entry == null ? Optional.empty() : Optional.of(entry.member());
    }

    /** The enforcement of a registered session (the statement runner watches its accesses with it). */
    public Optional<Enforcement> enforcementOf(SparkSession session) {
        Entry entry = session == null ? null : bySession.get(session);
        return entry == null ? Optional.empty() : Optional.of(entry.enforcement());
    }

    /**
     * Forgets every Spark session of {@code sessionId} (opened and Connect-bound) and drops their temporary views;
     * from now on they are refused everything. The caller cancels their statements first. True if any was known.
     */
    public synchronized boolean close(String sessionId) {
        List<Entry> gone = new ArrayList<>();
        for (Entry entry : bySession.values()) {
            if (entry.member().sessionId().equals(sessionId)) {
                gone.add(entry);
            }
        }
        opened.remove(sessionId);
        for (Entry entry : gone) {
            bySession.remove(entry.session());
            try {
                entry.session().sessionState().catalog().clearTempTables();
            } catch (RuntimeException e) {
                // the session is unregistered: whatever it still holds is refused and unreachable
            }
        }
        return !gone.isEmpty();
    }

    /** Ids of the open member sessions (opened or bound). */
    public List<String> sessionIds() {
        return bySession.values().stream().map(e -> e.member().sessionId()).distinct().sorted().toList();
    }

    public int size() {
        return (int) bySession.values().stream().map(e -> e.member().sessionId()).distinct().count();
    }

    private void requireSameUser(String sessionId, String user) {
        for (Entry entry : bySession.values()) {
            if (entry.member().sessionId().equals(sessionId) && !entry.member().user().equals(user)) {
                throw new SessionConflictException("session " + sessionId + " is open for another member");
            }
        }
    }

    /**
     * The member's enforcement, switched on for this session BEFORE it is registered: the workspace database is made
     * current through the catalog manager (no parser, no rules), the session's settings are locked as they are now.
     */
    private Entry register(SparkSession session, String sessionId, String user,
                           java.util.function.BiConsumer<SparkSession,
                                   org.apache.spark.sql.catalyst.plans.logical.LogicalPlan> checkHook) {
        Enforcement enforcement = rootEnforcement.forUser(user, authorizers.apply(user));
        if (checkHook != null) {
            enforcement.onChecked(checkHook);
        }
        session.sessionState().catalogManager().setCurrentNamespace(new String[] {enforcement.workspaceDatabase()});
        enforcement.enable(session);
        Entry entry = new Entry(new Member(sessionId, user), session, enforcement);
        bySession.put(session, entry);
        return entry;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }
}
