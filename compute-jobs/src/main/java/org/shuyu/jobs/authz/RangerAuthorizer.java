package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.apache.ranger.plugin.policyengine.RangerAccessRequestImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResourceImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;
import org.shuyu.jobs.JobsErrorCode;
import org.shuyu.policy.AccessType;
import org.shuyu.policy.MaskType;

/** {@link Authorizer} on the Ranger plugin engine, for one user with no groups and no roles. */
public final class RangerAuthorizer implements Authorizer {
    private static final String MASK_NONE = "MASK_NONE";

    private final ShuyuRangerPlugin plugin;
    private final PolicyFreshness freshness;
    private final String user;

    public RangerAuthorizer(ShuyuRangerPlugin plugin, PolicyFreshness freshness, String user) {
        this.plugin = requireNonNull(plugin, "plugin is null");
        this.freshness = requireNonNull(freshness, "freshness is null");
        this.user = requireNonNull(user, "user is null");
    }

    @Override
    public void check(Collection<AccessRequest> requests) {
        freshness.requireFresh();
        for (AccessRequest request : requests) {
            RangerAccessResult result = plugin.isAccessAllowed(rangerRequest(request));
            if (result == null || !result.getIsAllowed()) {
                throw new EnforcementException(JobsErrorCode.ACCESS_DENIED,
                        "user '" + user + "' may not " + request.access().rangerName() + " "
                                + (request.url().isPresent() ? "path " : "") + request.resource());
            }
        }
    }

    @Override
    public Optional<MaskType> mask(String database, String table, String column) {
        freshness.requireFresh();
        RangerAccessResult result = plugin.evalDataMaskPolicies(
                rangerRequest(AccessRequest.column(AccessType.SELECT, database, table, column)), null);
        if (result == null) {
            throw new EnforcementException(JobsErrorCode.AUTHORIZATION_ERROR,
                    "no masking decision for " + database + "." + table + "." + column);
        }
        if (!result.isMaskEnabled()) {
            return Optional.empty();
        }
        String type = result.getMaskType();
        if (type == null || MASK_NONE.equals(type)) {
            return Optional.empty();
        }
        for (MaskType mask : MaskType.values()) {
            if (mask.rangerName().equals(type)) {
                return Optional.of(mask);
            }
        }
        throw new EnforcementException(JobsErrorCode.AUTHORIZATION_ERROR,
                "unsupported mask type " + type + " on " + database + "." + table + "." + column);
    }

    @Override
    public Optional<String> rowFilter(String database, String table) {
        freshness.requireFresh();
        RangerAccessResult result = plugin.evalRowFilterPolicies(
                rangerRequest(AccessRequest.table(AccessType.SELECT, database, table)), null);
        if (result == null) {
            throw new EnforcementException(JobsErrorCode.AUTHORIZATION_ERROR,
                    "no row filter decision for " + database + "." + table);
        }
        if (!result.isRowFilterEnabled()) {
            return Optional.empty();
        }
        String filter = result.getFilterExpr();
        if (filter == null || filter.isBlank()) {
            throw new EnforcementException(JobsErrorCode.AUTHORIZATION_ERROR,
                    "empty row filter on " + database + "." + table);
        }
        return Optional.of(filter);
    }

    @Override
    public long policyVersion() {
        return freshness.requireFresh();
    }

    private RangerAccessRequestImpl rangerRequest(AccessRequest request) {
        RangerAccessResourceImpl resource = new RangerAccessResourceImpl();
        request.database().ifPresent(v -> resource.setValue("database", v));
        request.table().ifPresent(v -> resource.setValue("table", v));
        request.column().ifPresent(v -> resource.setValue("column", v));
        request.url().ifPresent(v -> resource.setValue("url", v));
        RangerAccessRequestImpl ranger = new RangerAccessRequestImpl(resource, request.access().rangerName(), user,
                Set.of(), Set.of());
        ranger.setAction(request.access().rangerName());
        return ranger;
    }
}
