package org.shuyu.jobs.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.jobs.authz.AccessRequest;
import org.shuyu.jobs.authz.Authorizer;
import org.shuyu.jobs.authz.EnforcementException;

/**
 * While one statement runs, asks the policies in force every {@code poll} whether the statement's accesses are still
 * allowed; the first time they are not (a revocation, a suspension, an empty policy set: {@code ACCESS_DENIED}) it
 * calls {@code cancel} (JobRunner cancels the statement's Spark job group), and again every {@code poll} until the
 * statement has ended. Stale policies
 * ({@code POLICY_UNAVAILABLE}) do not cancel a running statement: the next statement is refused anyway.
 */
final class RevocationWatch implements AutoCloseable {
    private final AtomicReference<String> revoked = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closed;

    private RevocationWatch(Authorizer authorizer, List<AccessRequest> accesses, Duration poll, Runnable cancel) {
        thread = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(poll.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                if (revoked.get() != null) {
                    // Cancelling a job group cancels the jobs active at that moment: a statement made of several
                    // jobs (a broadcast, then the main job) is cancelled again until it has ended.
                    cancel.run();
                    continue;
                }
                try {
                    authorizer.check(accesses);
                } catch (EnforcementException e) {
                    if (e.code() == JobsErrorCode.ACCESS_DENIED && revoked.compareAndSet(null, e.getMessage())) {
                        cancel.run();
                    }
                } catch (RuntimeException e) {
                    // a decision that cannot be made now is retried at the next poll
                }
            }
        }, "shuyu-revocation-watch");
        thread.setDaemon(true);
    }

    static RevocationWatch start(Authorizer authorizer, List<AccessRequest> accesses, Duration poll, Runnable cancel) {
        RevocationWatch watch = new RevocationWatch(requireNonNull(authorizer, "authorizer is null"),
                List.copyOf(accesses), requireNonNull(poll, "poll is null"), requireNonNull(cancel, "cancel is null"));
        watch.thread.start();
        return watch;
    }

    /** Why the statement was cancelled, if it was. */
    Optional<String> revoked() {
        return Optional.ofNullable(revoked.get());
    }

    /** The refusal a cancelled statement ends with. */
    EnforcementException refusal(Throwable cause) {
        return new EnforcementException(JobsErrorCode.ACCESS_REVOKED, "the policies stopped allowing the running "
                + "statement (" + revoked.get() + "); it was cancelled", cause);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
