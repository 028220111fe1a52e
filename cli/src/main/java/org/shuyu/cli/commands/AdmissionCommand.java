package org.shuyu.cli.commands;

import java.util.List;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.Output;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.client.api.AdmissionApi;
import org.shuyu.client.model.AdmissionDto;
import org.shuyu.client.model.OperatorDto;
import org.shuyu.client.model.QueueEntryDto;
import org.shuyu.client.model.ResourcesDto;
import org.shuyu.client.model.TicketDto;
import picocli.CommandLine.Command;

/**
 * {@code shuyu admission}: the compute admission state: capacity and use, what each organization runs against its
 * quota, the admitted tickets and the queue (who waits, and whether because of their quota).
 */
@Command(name = "admission", description = "Compute admission: capacity, use per organization, admitted and queued work.")
public final class AdmissionCommand implements Callable<Integer> {
    private final Cli cli;

    AdmissionCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws Exception {
        AdmissionDto admission = cli.api(AdmissionApi::new).getAdmission();
        Output output = cli.output();
        if (output.format() != Output.Format.TABLE) {
            output.structured(admission);
            return 0;
        }
        output.line("CAPACITY  " + resources(admission.getCapacity()));
        output.line("USED      " + resources(admission.getUsed()));
        output.line("");
        output.list(admission.getOperators() == null ? List.of() : admission.getOperators(), List.of(
                Column.of("ORGANIZATION", OperatorDto::getOrganizationId),
                Column.of("CORES", o -> o.getCores() + limit(o.getQuota() == null ? null : o.getQuota().getMaxCores())),
                Column.of("MEMORY MB", o -> o.getMemoryMb()
                        + limit(o.getQuota() == null ? null : o.getQuota().getMaxMemoryMb())),
                Column.of("ENGINES", o -> o.getEngines()
                        + limit(o.getQuota() == null ? null : o.getQuota().getMaxEngines()))));
        output.line("");
        output.line("ADMITTED");
        output.list(admission.getAdmitted() == null ? List.of() : admission.getAdmitted(), List.of(
                Column.of("TICKET", TicketDto::getTicketId),
                Column.of("ORGANIZATION", TicketDto::getOrganizationId),
                Column.of("WORKSPACE", TicketDto::getWorkspaceId),
                Column.of("CORES", TicketDto::getCores),
                Column.of("MEMORY MB", TicketDto::getMemoryMb),
                Column.of("ADMITTED AT", TicketDto::getAdmittedAt)));
        output.line("");
        output.line("QUEUE");
        output.list(admission.getQueue() == null ? List.of() : admission.getQueue(), List.of(
                Column.of("REQUEST", QueueEntryDto::getRequestId),
                Column.of("POSITION", QueueEntryDto::getPosition),
                Column.of("ORGANIZATION", QueueEntryDto::getOrganizationId),
                Column.of("WORKSPACE", QueueEntryDto::getWorkspaceId),
                Column.of("CORES", QueueEntryDto::getCores),
                Column.of("MEMORY MB", QueueEntryDto::getMemoryMb),
                Column.of("AT QUOTA", QueueEntryDto::getAtQuota),
                Column.of("SINCE", QueueEntryDto::getRequestedAt)));
        return 0;
    }

    private static String resources(ResourcesDto resources) {
        return resources == null ? "" : resources.getCores() + " cores, " + resources.getMemoryMb() + " MB";
    }

    private static String limit(Integer max) {
        return max == null ? "" : "/" + max;
    }
}
