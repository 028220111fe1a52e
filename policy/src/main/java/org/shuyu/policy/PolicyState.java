package org.shuyu.policy;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the compiler needs, as one immutable value: the catalog's datasets, every workspace (active or not) and
 * the consents.
 *
 * @param consentingSubjects dataset id to the ids of the data subjects who consented to its use; a person-level
 *                           dataset missing here has no consenting subject (its row filter lets no row through)
 */
public record PolicyState(List<DatasetSpec> datasets, List<WorkspaceSpec> workspaces,
                          Map<String, Set<String>> consentingSubjects) {
    public PolicyState {
        datasets = List.copyOf(requireNonNull(datasets, "datasets is null"));
        workspaces = List.copyOf(requireNonNull(workspaces, "workspaces is null"));
        requireNonNull(consentingSubjects, "consentingSubjects is null");
        Map<String, Set<String>> consents = new HashMap<>();
        consentingSubjects.forEach((dataset, subjects) ->
                consents.put(requireNonNull(dataset, "consent dataset id is null"),
                        Set.copyOf(requireNonNull(subjects, "consenting subjects of " + dataset + " is null"))));
        consentingSubjects = Map.copyOf(consents);
        Set<String> ids = new HashSet<>();
        for (DatasetSpec dataset : datasets) {
            if (!ids.add(dataset.id())) {
                throw new PolicyException(PolicyErrorCode.DUPLICATE_DATASET,
                        "dataset " + dataset.id() + " is listed twice");
            }
        }
        Set<String> services = new HashSet<>();
        for (WorkspaceSpec workspace : workspaces) {
            if (!services.add(PolicyCompiler.serviceName(workspace.id()))) {
                throw new PolicyException(PolicyErrorCode.DUPLICATE_SERVICE, "workspace " + workspace.id()
                        + " is listed twice or has the same service name as another workspace");
            }
        }
    }

    /** The subjects who consented to the use of this dataset (empty when none). */
    public Set<String> consentsFor(String datasetId) {
        return consentingSubjects.getOrDefault(datasetId, Set.of());
    }
}
