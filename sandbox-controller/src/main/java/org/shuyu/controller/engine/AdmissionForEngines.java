package org.shuyu.controller.engine;

import static java.util.Objects.requireNonNull;

import org.shuyu.controller.admission.Admission;
import org.springframework.stereotype.Component;

/**
 * Engines take their cores and memory from the admission service (issue 16): an engine starts only with a ticket
 * (capacity of the node and its operator's quota both fit), waits in the one queue otherwise, and gives its ticket
 * back when it stops. Asking again for a waiting workspace returns the ticket it got meanwhile (docs/admission.md).
 */
@Component
class AdmissionForEngines implements EngineAdmission {
    private final Admission admission;

    AdmissionForEngines(Admission admission) {
        this.admission = requireNonNull(admission, "admission is null");
    }

    @Override
    public Decision admit(String organizationId, String workspaceId, int cores, int memoryMb) {
        Admission.Decision decision = admission.request(organizationId, workspaceId, cores, memoryMb);
        if (decision instanceof Admission.Admitted admitted) {
            return new Admitted(admitted.ticket().id());
        }
        return new Queued(((Admission.Queued) decision).position());
    }

    @Override
    public void release(String ticketId) {
        admission.release(ticketId);
    }
}
