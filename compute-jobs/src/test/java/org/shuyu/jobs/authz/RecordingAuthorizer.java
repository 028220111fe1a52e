package org.shuyu.jobs.authz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.shuyu.policy.MaskType;

/** A hand-written fake: allows everything, masks nothing, and records every access request. */
final class RecordingAuthorizer implements Authorizer {
    private final List<AccessRequest> requests = new ArrayList<>();

    @Override
    public synchronized void check(Collection<AccessRequest> batch) {
        requests.addAll(batch);
    }

    @Override
    public Optional<MaskType> mask(String database, String table, String column) {
        return Optional.empty();
    }

    @Override
    public Optional<String> rowFilter(String database, String table) {
        return Optional.empty();
    }

    @Override
    public long policyVersion() {
        return 1;
    }

    synchronized List<String> takeResources() {
        List<String> out = requests.stream().map(r -> r.access().rangerName() + " " + r.resource()).toList();
        requests.clear();
        return out;
    }
}
