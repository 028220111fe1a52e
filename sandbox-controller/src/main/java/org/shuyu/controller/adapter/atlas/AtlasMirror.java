package org.shuyu.controller.adapter.atlas;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageMirror;
import org.shuyu.lineage.LineageProcess;

/**
 * The Atlas adapter of the {@link LineageMirror} port: maps and enqueues in the caller's transaction, nothing more;
 * {@link AtlasDeliverer} sends later. So an unreachable Atlas delays the copy and never blocks or loses a record.
 */
public class AtlasMirror implements LineageMirror {
    private final AtlasEntityMapper mapper;
    private final AtlasOutbox outbox;
    private final Clock clock;

    public AtlasMirror(AtlasEntityMapper mapper, AtlasOutbox outbox, Clock clock) {
        this.mapper = requireNonNull(mapper, "mapper is null");
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void started(LineageProcess process, LineageEvent start) {
        outbox.enqueue(mapper.started(process, start), AtlasEntityMapper.outputsOf(start), clock.instant());
    }

    /** The process's state and end time; when it did not complete, its outputs are marked quarantined too. */
    @Override
    public void ended(LineageProcess process) {
        List<AtlasRequest> requests = new ArrayList<>();
        requests.add(mapper.ended(process));
        if (process.state() != LineageProcess.State.COMPLETED) {
            requests.addAll(mapper.quarantined(process, outbox.outputsOf(mapper.names().process(process))));
        }
        outbox.enqueue(requests, List.of(), clock.instant());
    }
}
