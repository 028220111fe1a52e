package org.shuyu.jobs.runtime;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Jobs die with their controller (opt-in, {@code parentWatch}): the launcher starts the runtime with its stdin
 * connected to a pipe it holds open and never writes. When that pipe reaches end of file (the launcher's process
 * died, whatever killed it) or the parent process is no longer alive, {@code onOrphaned} is called once with the
 * reason; it reports {@code ORPHANED} and halts the JVM. Off by default: a runtime whose stdin is not such a pipe
 * (tests, Kubernetes pods) would see end of file at once.
 */
public final class ParentWatch {
    /** The runtime's exit code when it stopped because its parent died (3 is the JVM's ExitOnOutOfMemoryError). */
    public static final int EXIT_ORPHANED = org.shuyu.runtime.contract.RuntimeExit.ORPHANED.code();

    private final AtomicBoolean fired = new AtomicBoolean();
    private final Consumer<String> onOrphaned;

    private ParentWatch(Consumer<String> onOrphaned) {
        this.onOrphaned = requireNonNull(onOrphaned, "onOrphaned is null");
    }

    /** Starts the two daemon watchers: end of file on {@code stdin}, and {@code parent} polled every {@code poll}. */
    public static ParentWatch start(InputStream stdin, Optional<ProcessHandle> parent, Duration poll,
                                    Consumer<String> onOrphaned) {
        ParentWatch watch = new ParentWatch(onOrphaned);
        Thread pipe = new Thread(() -> {
            byte[] buffer = new byte[256];
            try {
                while (stdin.read(buffer) >= 0) {
                    // the launcher never writes; anything read is ignored
                }
                watch.fire("the launcher's pipe (stdin) was closed");
            } catch (IOException e) {
                watch.fire("the launcher's pipe (stdin) failed");
            }
        }, "shuyu-parent-pipe");
        pipe.setDaemon(true);
        pipe.start();
        parent.ifPresent(process -> {
            Thread poller = new Thread(() -> {
                while (!watch.fired.get()) {
                    if (!process.isAlive()) {
                        watch.fire("the parent process " + process.pid() + " is gone");
                        return;
                    }
                    try {
                        Thread.sleep(poll.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "shuyu-parent-poll");
            poller.setDaemon(true);
            poller.start();
        });
        return watch;
    }

    private void fire(String reason) {
        if (fired.compareAndSet(false, true)) {
            onOrphaned.accept(reason);
        }
    }

    public boolean fired() {
        return fired.get();
    }
}
