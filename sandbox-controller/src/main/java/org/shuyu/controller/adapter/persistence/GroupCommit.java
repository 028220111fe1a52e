package org.shuyu.controller.adapter.persistence;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread drains whatever callers have queued and commits it as one batch, so many
 * concurrent appends share one durable commit. Each caller waits on its own future, which completes only once
 * the batch holding its item has committed. Items are committed in queue order. If a batch fails, its items
 * are retried one by one, so one bad item cannot sink the others.
 */
final class GroupCommit<E, R> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending<E, R>(E item, CompletableFuture<R> result) {}

    private final BlockingQueue<Pending<E, R>> queue;
    private final Function<List<E>, List<R>> commit;
    private final int maxBatch;
    private final Thread writer;
    private final AtomicLong batches = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param commit commits a batch durably and returns one result per item, in order; throws if nothing
     *     was committed
     */
    GroupCommit(String name, int maxBatch, int capacity, Function<List<E>, List<R>> commit) {
        this.commit = requireNonNull(commit, "commit is null");
        if (maxBatch < 1 || capacity < 1) {
            throw new IllegalArgumentException("maxBatch and capacity must be positive");
        }
        this.maxBatch = maxBatch;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.writer = new Thread(this::run, requireNonNull(name, "name is null"));
        this.writer.setDaemon(true);
    }

    void start() {
        writer.start();
    }

    /** Queues an item; the future completes when it is durably committed, or fails if it could not be. */
    CompletableFuture<R> submit(E item) {
        Pending<E, R> pending = new Pending<>(requireNonNull(item, "item is null"), new CompletableFuture<>());
        if (closed) {
            pending.result().completeExceptionally(new IllegalStateException("group commit is closed"));
        } else if (!queue.offer(pending)) {
            pending.result().completeExceptionally(new IllegalStateException("group commit queue is full"));
        }
        return pending.result();
    }

    /** How many batches have been committed (or attempted) so far. */
    long batches() {
        return batches.get();
    }

    private void run() {
        List<Pending<E, R>> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending<E, R> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commitBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
    }

    private void commitBatch(List<Pending<E, R>> batch) {
        batches.incrementAndGet();
        try {
            List<R> results = commit.apply(batch.stream().map(Pending::item).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(e);
                return;
            }
            log.warn("group commit of {} items failed; retrying them one by one", batch.size(), e);
            for (Pending<E, R> pending : batch) {
                try {
                    pending.result().complete(commit.apply(List.of(pending.item())).get(0));
                } catch (RuntimeException single) {
                    pending.result().completeExceptionally(single);
                }
            }
        }
    }

    /** Stops taking items, commits what is queued, and fails whatever is left after a grace period. */
    @Override
    public void close() {
        closed = true;
        if (writer.isAlive()) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending<E, R> left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("group commit closed before commit"));
        }
    }
}
