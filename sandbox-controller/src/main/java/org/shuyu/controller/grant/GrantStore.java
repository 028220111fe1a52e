package org.shuyu.controller.grant;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Port: persistence of grants with their emergency plan, drills and members. {@code lockGrant} takes a row lock
 * for the rest of the caller's transaction, so two transitions of one grant never interleave.
 */
public interface GrantStore {
    void insertGrant(Grant grant, String scenarioKey);

    Optional<Grant> grant(String id);

    Optional<Grant> lockGrant(String id);

    void updateGrant(Grant grant);

    List<Grant> grants();

    List<Grant> grantsIn(Set<LifecycleState> states);

    boolean liveGrantWithScenario(String organizationId, String scenarioKey, Set<LifecycleState> liveStates);

    void putEmergencyPlan(String grantId, Grant.EmergencyPlan plan);

    void insertDrill(Grant.Drill drill);

    List<Grant.Drill> drills(String grantId);

    void putMember(Grant.Member member);

    Optional<Grant.Member> member(String grantId, String userId);

    List<Grant.Member> members(String grantId);
}
