package org.shuyu.controller.adapter.web;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantAccess;
import org.shuyu.controller.grant.GrantDecisions;
import org.shuyu.controller.grant.GrantEndings;
import org.shuyu.controller.grant.GrantMembers;
import org.shuyu.controller.grant.GrantQueries;
import org.shuyu.controller.grant.GrantSetup;
import org.shuyu.controller.grant.GrantSupervision;
import org.shuyu.controller.identity.CurrentActor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class GrantController {
    private final GrantSetup setup;
    private final GrantSupervision supervision;
    private final GrantDecisions decisions;
    private final GrantEndings endings;
    private final GrantMembers members;
    private final GrantAccess access;
    private final GrantQueries grants;
    private final CurrentActor actor;

    GrantController(GrantSetup setup, GrantSupervision supervision, GrantDecisions decisions, GrantEndings endings,
                    GrantMembers members, GrantAccess access, GrantQueries grants, CurrentActor actor) {
        this.setup = setup;
        this.supervision = supervision;
        this.decisions = decisions;
        this.endings = endings;
        this.members = members;
        this.access = access;
        this.grants = grants;
        this.actor = actor;
    }

    record NoteBody(String note) {}

    record RectificationBody(String report) {}

    @Operation(operationId = "createGrant", tags = "grants", summary = "Create a grant")
    @Created("/api/v1/grants/{body.id}")
    @PostMapping("/grants")
    @ResponseStatus(HttpStatus.CREATED)
    LifecycleDtos.GrantDto create(@RequestBody GrantSetup.CreateGrant body) {
        return dto(setup.create(actor.get(), body));
    }

    @Operation(operationId = "listGrants", tags = "grants", summary = "List the grants")
    @GetMapping("/grants")
    List<LifecycleDtos.GrantDto> list() {
        return grants.list(actor.get()).stream().map(this::dto).toList();
    }

    @Operation(operationId = "getGrant", tags = "grants", summary = "Show a grant")
    @GetMapping("/grants/{id}")
    LifecycleDtos.GrantDto get(@PathVariable String id) {
        return dto(grants.get(actor.get(), id));
    }

    @Operation(operationId = "putEmergencyPlan", tags = "grants", summary = "Set a grant's emergency plan")
    @PutMapping("/grants/{id}/emergency-plan")
    LifecycleDtos.GrantDto emergencyPlan(@PathVariable String id, @RequestBody GrantSetup.PlanInput body) {
        return dto(setup.putEmergencyPlan(actor.get(), id, body));
    }

    @Operation(operationId = "recordDrill", tags = "grants", summary = "Record an emergency drill")
    @Created(value = "/api/v1/grants/{id}", note = "A drill has no URL of its own: the grant, which lists its drills.")
    @PostMapping("/grants/{id}/drills")
    @ResponseStatus(HttpStatus.CREATED)
    Grant.Drill drill(@PathVariable String id, @RequestBody GrantSetup.DrillInput body) {
        return setup.recordDrill(actor.get(), id, body);
    }

    @Operation(operationId = "activateGrant", tags = "grants", summary = "Activate a grant")
    @PostMapping("/grants/{id}/activate")
    LifecycleDtos.GrantDto activate(@PathVariable String id) {
        return dto(setup.activate(actor.get(), id));
    }

    @Operation(operationId = "suspendGrant", tags = "grants", summary = "Suspend a grant")
    @PostMapping("/grants/{id}/suspend")
    LifecycleDtos.GrantDto suspend(@PathVariable String id, @RequestBody GrantSupervision.Suspend body) {
        return dto(supervision.suspend(actor.get(), id, body));
    }

    @Operation(operationId = "reportRectification", tags = "grants", summary = "Report the rectification of a suspended grant")
    @PostMapping("/grants/{id}/rectification")
    LifecycleDtos.GrantDto rectification(@PathVariable String id, @RequestBody RectificationBody body) {
        return dto(supervision.reportRectification(actor.get(), id, body.report()));
    }

    @Operation(operationId = "reinstateGrant", tags = "grants", summary = "Reinstate a suspended grant")
    @PostMapping("/grants/{id}/reinstate")
    LifecycleDtos.GrantDto reinstate(@PathVariable String id, @RequestBody(required = false) NoteBody body) {
        return dto(supervision.reinstate(actor.get(), id, body == null ? null : body.note()));
    }

    @Operation(operationId = "recordDecision", tags = "grants", summary = "Record a decision on a grant")
    @Created(value = "/api/v1/grants/{id}", note = "A decision has no URL of its own: the grant, which lists its decisions.")
    @PostMapping("/grants/{id}/decisions")
    @ResponseStatus(HttpStatus.CREATED)
    Grant.Decision decision(@PathVariable String id, @RequestBody GrantDecisions.DecisionInput body) {
        return decisions.recordDecision(actor.get(), id, body);
    }

    @Operation(operationId = "approveDecision", tags = "grants", summary = "Approve a recorded decision")
    @PostMapping("/grants/{id}/decisions/{decisionId}/approval")
    Grant.Decision approveDecision(@PathVariable String id, @PathVariable String decisionId) {
        return decisions.approveDecision(actor.get(), id, decisionId);
    }

    @Operation(operationId = "terminateGrant", tags = "grants", summary = "Terminate a grant")
    @PostMapping("/grants/{id}/terminate")
    LifecycleDtos.GrantDto terminate(@PathVariable String id, @RequestBody GrantEndings.EndInput body) {
        return dto(endings.terminate(actor.get(), id, body));
    }

    @Operation(operationId = "revokeGrant", tags = "grants", summary = "Revoke a grant")
    @PostMapping("/grants/{id}/revoke")
    LifecycleDtos.GrantDto revoke(@PathVariable String id, @RequestBody GrantEndings.EndInput body) {
        return dto(endings.revoke(actor.get(), id, body));
    }

    @Operation(operationId = "listMembers", tags = "grants", summary = "List a grant's members")
    @GetMapping("/grants/{id}/members")
    List<Grant.Member> members(@PathVariable String id) {
        return members.members(actor.get(), id);
    }

    @Operation(operationId = "addMember", tags = "grants", summary = "Add a member to a grant")
    @Created(value = "/api/v1/grants/{id}/members", note = "A membership has no URL of its own: the grant's member list.")
    @PostMapping("/grants/{id}/members")
    @ResponseStatus(HttpStatus.CREATED)
    Grant.Member addMember(@PathVariable String id, @RequestBody GrantMembers.MemberInput body) {
        return members.addMember(actor.get(), id, body);
    }

    @Operation(operationId = "removeMember", tags = "grants", summary = "Remove a member from a grant")
    @DeleteMapping("/grants/{id}/members/{userId}")
    Grant.Member removeMember(@PathVariable String id, @PathVariable String userId) {
        return members.removeMember(actor.get(), id, userId);
    }

    record AccessDto(String grantId, String userId, boolean access) {}

    /**
     * Whether the caller may act in the grant's workspace now: 200 if so, otherwise the workspace gate's refusal
     * (GRANT_NOT_ACTIVE, NOT_A_MEMBER, VETTING_INCOMPLETE naming the missing items). The same gate guards every
     * workspace action.
     */
    @Operation(operationId = "checkGrantAccess", tags = "grants", summary = "Check whether the caller may act in the grant's workspace now")
    @GetMapping("/grants/{id}/access")
    AccessDto access(@PathVariable String id) {
        String userId = actor.get().userId();
        access.requireAccess(actor.get(), id);
        return new AccessDto(id, userId, true);
    }

    @Operation(operationId = "listPublications", tags = "grants", summary = "List the publications of grant decisions")
    @GetMapping("/publications")
    List<Grant.Publication> publications() {
        return grants.publications();
    }

    @Operation(operationId = "listFilings", tags = "grants", summary = "List the filings with the authorities")
    @GetMapping("/filings")
    List<Grant.Filing> filings() {
        return grants.filings(actor.get());
    }

    @Operation(operationId = "listDeletions", tags = "grants", summary = "List the data deletions")
    @GetMapping("/deletions")
    List<Grant.Deletion> deletions() {
        return grants.deletions();
    }

    private LifecycleDtos.GrantDto dto(Grant grant) {
        return LifecycleDtos.grant(grant, grants.drills(grant.id()), grants.decisions(grant.id()));
    }
}
