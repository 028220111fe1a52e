package org.shuyu.controller.adapter.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls in flight: how many each member has (the cap of {@code sandbox.connect.max-concurrent-calls-per-member})
 * and which belong to each controller session, so closing a session cancels them ({@link ConnectProxyServer#cancelSession}).
 */
final class CallRegistry {
    private final int maxPerMember;
    private final Map<String, Integer> perMember = new ConcurrentHashMap<>();
    private final Map<String, Set<ProxyCall>> bySession = new ConcurrentHashMap<>();
    private final Set<ProxyCall> all = ConcurrentHashMap.newKeySet();
    /** Sessions closed in the last {@link #CLOSED_MEMORY_NANOS}: a call routed just before the close is not let in after it. */
    private final Map<String, Long> closed = new ConcurrentHashMap<>();
    private static final long CLOSED_MEMORY_NANOS = 5L * 60 * 1_000_000_000L;

    CallRegistry(int maxPerMember) {
        this.maxPerMember = maxPerMember;
    }

    /** Takes one of the member's call slots; false when all are in use. */
    boolean acquire(String member) {
        boolean[] granted = {false};
        perMember.compute(member, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerMember) {
                return count;
            }
            granted[0] = true;
            return current + 1;
        });
        return granted[0];
    }

    /** Gives back a slot taken by {@link #acquire} (for a call that never became a {@link ProxyCall}). */
    void releaseSlot(String member) {
        perMember.computeIfPresent(member, (key, count) -> count <= 1 ? null : count - 1);
    }

    void track(ProxyCall call) {
        all.add(call);
    }

    /** Lists the call under its session; false (not listed) when the session was closed meanwhile. */
    boolean register(String sessionId, ProxyCall call) {
        boolean[] open = {true};
        bySession.compute(sessionId, (key, calls) -> {
            if (closed.containsKey(key)) {
                open[0] = false;
                return calls;
            }
            Set<ProxyCall> listed = calls == null ? ConcurrentHashMap.newKeySet() : calls;
            listed.add(call);
            return listed;
        });
        return open[0];
    }

    /** The call ended: its member's slot is free again and its session no longer lists it. */
    void unregister(String sessionId, ProxyCall call) {
        if (all.remove(call)) {
            releaseSlot(call.actor().userId());
        }
        if (sessionId != null) {
            bySession.computeIfPresent(sessionId, (key, calls) -> {
                calls.remove(call);
                return calls.isEmpty() ? null : calls;
            });
        }
    }

    /** The calls of a session, removed from the registry. */
    List<ProxyCall> takeSession(String sessionId) {
        long now = System.nanoTime();
        closed.values().removeIf(at -> now - at > CLOSED_MEMORY_NANOS);
        List<ProxyCall> taken = new ArrayList<>();
        bySession.compute(sessionId, (key, calls) -> {
            closed.put(key, now);
            if (calls != null) {
                taken.addAll(calls);
            }
            return null;
        });
        return taken;
    }

    List<ProxyCall> all() {
        return new ArrayList<>(all);
    }

    int inFlight() {
        return all.size();
    }

    int inFlight(String member) {
        return perMember.getOrDefault(member, 0);
    }
}
