package org.shuyu.cli.commands;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.IdempotencyOption;
import org.shuyu.cli.support.Inputs;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.cli.support.PageOptions;
import org.shuyu.cli.support.Pages;
import org.shuyu.cli.support.QuietOption;
import org.shuyu.client.ApiResponse;
import org.shuyu.client.api.GrantsApi;
import org.shuyu.client.model.AccessDto;
import org.shuyu.client.model.CreateGrant;
import org.shuyu.client.model.Decision;
import org.shuyu.client.model.DecisionInput;
import org.shuyu.client.model.Drill;
import org.shuyu.client.model.DrillInput;
import org.shuyu.client.model.EndInput;
import org.shuyu.client.model.GrantDto;
import org.shuyu.client.model.Member;
import org.shuyu.client.model.MemberInput;
import org.shuyu.client.model.NoteBody;
import org.shuyu.client.model.PlanInput;
import org.shuyu.client.model.RectificationBody;
import org.shuyu.client.model.Suspend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shuyu grants}: a grant from its creation after approval to its end. The data authority creates it with the
 * signed agreement (R-16, at most three years), the accountable person files the emergency plan and records drills
 * the authority activates it (publication and filing, R-15), suspends it on a violation with a rectification
 * deadline and reinstates it once rectified (R-17b), and ends it by termination or revocation on a decision of the
 * coordination body approved by the leading group (R-05, R-17a).
 */
@Command(name = "grants", description = "Grants (R-15, R-16, R-17a, R-17b, R-25, R-05): create/activate/suspend/reinstate/"
        + "terminate/revoke (data authority); plan, drills, members, rectification (accountable person); decisions "
        + "(coordination body, leading group).",
        subcommands = {GrantsCommand.ListGrants.class, GrantsCommand.Show.class, GrantsCommand.Create.class,
                GrantsCommand.Plan.class, GrantsCommand.RecordDrill.class, GrantsCommand.Activate.class,
                GrantsCommand.SuspendGrant.class, GrantsCommand.Rectify.class, GrantsCommand.Reinstate.class,
                GrantsCommand.Decide.class, GrantsCommand.ApproveDecision.class, GrantsCommand.Terminate.class,
                GrantsCommand.Revoke.class, GrantsCommand.Members.class, GrantsCommand.AddMember.class,
                GrantsCommand.RemoveMember.class, GrantsCommand.Access.class})
public final class GrantsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Lifecycle.missingSubcommand(spec);
    }

    static final List<Column<GrantDto>> COLUMNS = List.of(
            Column.of("ID", GrantDto::getId),
            Column.of("ORGANIZATION", GrantDto::getOrganizationId),
            Column.of("SCENARIO", GrantDto::getScenario),
            Column.of("STATE", GrantDto::getState),
            Column.of("TERM END", GrantDto::getTermEnd));

    static final List<Column<GrantDto>> FIELDS = List.of(
            Column.of("ID", GrantDto::getId),
            Column.of("APPLICATION", GrantDto::getApplicationId),
            Column.of("ORGANIZATION", GrantDto::getOrganizationId),
            Column.of("SCENARIO", GrantDto::getScenario),
            Column.of("PRIORITY DOMAIN", GrantDto::getPriorityDomain),
            Column.of("LEVEL", GrantDto::getLevel),
            Column.of("JURISDICTION", GrantDto::getJurisdiction),
            Column.of("STATE", GrantDto::getState),
            Column.of("ACCESS", g -> Boolean.TRUE.equals(g.getAccessOpen()) ? "open" : "closed"),
            Column.of("TERM", g -> Lifecycle.term(g.getTermStart(), g.getTermEnd())),
            Column.of("DATASETS", GrantDto::getDatasetIds),
            Column.of("AGREEMENT", g -> g.getAgreement() == null ? null
                    : g.getAgreement().getDocumentName() + " signed " + g.getAgreement().getSignedOn()),
            Column.of("EMERGENCY PLAN", g -> g.getEmergencyPlan() == null ? "none"
                    : g.getEmergencyPlan().getDocumentName() + " (" + g.getEmergencyPlan().getRecordedBy() + ")"),
            Column.of("DRILLS", g -> g.getDrills() == null ? 0 : g.getDrills().size()),
            Column.of("SUSPENSION", g -> g.getSuspension() == null ? null
                    : g.getSuspension().getReason() + "; rectify by " + g.getSuspension().getRectificationDeadline()),
            Column.of("RECTIFICATION", g -> g.getRectification() == null ? null
                    : g.getRectification().getReport() + " (" + g.getRectification().getReportedAt() + ")"),
            Column.of("DECISIONS", g -> decisions(g.getDecisions())),
            Column.of("ENDED", g -> g.getEndedAt() == null ? null : g.getEndedAt() + " " + g.getEndReason()),
            Column.of("NEXT", GrantDto::getAllowedEvents));

    static final List<Column<Decision>> DECISION_FIELDS = List.of(
            Column.of("ID", Decision::getId),
            Column.of("GRANT", Decision::getGrantId),
            Column.of("KIND", Decision::getKind),
            Column.of("STATE", Decision::getState),
            Column.of("MEETING", Decision::getMeetingDate),
            Column.of("REASON", Decision::getReason),
            Column.of("DECIDED", d -> d.getDecidedBy() + " " + d.getDecidedAt()),
            Column.of("APPROVED", d -> d.getApprovedBy() == null ? null : d.getApprovedBy() + " " + d.getApprovedAt()));

    static final List<Column<Member>> MEMBER_COLUMNS = List.of(
            Column.of("USER", Member::getUserId),
            Column.of("NAME", Member::getName),
            Column.of("ADDED", m -> m.getAddedBy() + " " + m.getAddedAt()),
            Column.of("REMOVED", m -> m.getRemovedAt() == null ? null : m.getRemovedBy() + " " + m.getRemovedAt()));

    static final List<Column<Drill>> DRILL_FIELDS = List.of(
            Column.of("ID", Drill::getId),
            Column.of("GRANT", Drill::getGrantId),
            Column.of("HELD ON", Drill::getHeldOn),
            Column.of("SCENARIO", Drill::getScenario),
            Column.of("OUTCOME", Drill::getOutcome),
            Column.of("RECORDED", d -> d.getRecordedBy() + " " + d.getRecordedAt()));

    /** Decisions in one cell: {@code id KIND STATE}, comma-separated. */
    static List<String> decisions(List<Decision> decisions) {
        List<String> shown = new ArrayList<>();
        if (decisions != null) {
            for (Decision d : decisions) {
                shown.add(d.getId() + " " + d.getKind() + " " + d.getState());
            }
        }
        return shown;
    }

    /** Reads the grant (for its ETag) and applies one change to it with If-Match. */
    @FunctionalInterface
    interface Change<T> {
        T apply(GrantsApi api, String ifMatch) throws Exception;
    }

    static <T> T change(Cli cli, String id, Change<T> change) throws Exception {
        GrantsApi api = cli.api(GrantsApi::new);
        ApiResponse<GrantDto> read = api.getGrantWithHttpInfo(id);
        return change.apply(api, Lifecycle.etag(read));
    }

    /** A change whose answer is the grant: printed, with a note. */
    static void changeGrant(Cli cli, String id, String done, Change<GrantDto> change) throws Exception {
        GrantDto grant = change(cli, id, change);
        cli.output().item(grant, FIELDS);
        cli.output().note("grant " + id + " " + done + ": " + grant.getState());
    }

    @Command(name = "list", description = "List grants (data authority, supervisors, coordination body, leading group: "
            + "your jurisdiction; applicant and engineers: your organization's).")
    static final class ListGrants implements Callable<Integer> {
        private final Cli cli;
        @Mixin
        PageOptions paging;

        ListGrants(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            GrantsApi api = cli.api(GrantsApi::new);
            cli.output().list(Pages.list(cli, paging, api::listGrantsWithHttpInfo), COLUMNS);
            return 0;
        }
    }

    @Command(name = "show", description = "Show one grant: term, agreement, emergency plan, suspension, decisions, "
            + "members (when your role may see them), next steps.")
    static final class Show implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Grant id.")
        String id;

        Show(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            GrantsApi api = cli.api(GrantsApi::new);
            GrantDto grant = api.getGrant(id);
            if (cli.output().format() != org.shuyu.cli.support.Output.Format.TABLE) {
                cli.output().structured(grant);
                return 0;
            }
            List<Column<GrantDto>> fields = new ArrayList<>(FIELDS);
            String members = members(api);
            if (members != null) {
                fields.add(fields.size() - 1, Column.of("MEMBERS", g -> members));
            }
            cli.output().item(grant, fields);
            return 0;
        }

        /** The current members as {@code user (name)}, or null when this persona may not list them. */
        private String members(GrantsApi api) throws org.shuyu.client.ApiException {
            List<Member> members;
            try {
                members = Pages.collect(Pages.MAX_PAGE,
                        (limit, token) -> api.listMembersWithHttpInfo(id, limit, token)).items();
            } catch (org.shuyu.client.ApiException e) {
                if (e.getCode() == 403) {
                    return null;
                }
                throw e;
            }
            List<String> shown = new ArrayList<>();
            for (Member m : members) {
                if (m.getRemovedAt() == null) {
                    shown.add(m.getUserId() + (m.getName() == null ? "" : " (" + m.getName() + ")"));
                }
            }
            return String.join(", ", shown);
        }
    }

    @Command(name = "create", description = "Create the grant of an approved application with the signed agreement "
            + "(R-15, R-16: at most 3 years; data authority): -f grant.yaml with applicationId, termStart, termEnd, "
            + "agreement {documentName, sha256, signedOn}, optional emergencyPlan.")
    static final class Create implements Callable<Integer> {
        private final Cli cli;
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The grant (YAML/JSON; - for stdin).")
        String file;
        @Mixin
        QuietOption quiet;
        @Mixin
        IdempotencyOption idempotency;

        Create(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            CreateGrant body = Inputs.read(file, CreateGrant.class);
            GrantDto grant = cli.api(GrantsApi::new).createGrant(body, idempotency.key());
            cli.output().created(grant, grant.getId(), quiet.quiet(), FIELDS);
            return 0;
        }
    }

    @Command(name = "plan", description = "File the grant's emergency plan (R-25; accountable person): -f plan.yaml with "
            + "documentName, sha256, summary, contacts.")
    static final class Plan implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Grant id.")
        String id;
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The plan (YAML/JSON).")
        String file;

        Plan(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            PlanInput body = Inputs.read(file, PlanInput.class);
            changeGrant(cli, id, "emergency plan filed", (api, etag) -> api.putEmergencyPlan(id, body, etag));
            return 0;
        }
    }

    @Command(name = "drill", description = "Record an emergency drill (R-25; accountable person): -f drill.yaml "
            + "(heldOn, scenario, outcome) or flags.")
    static final class RecordDrill implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Grant id.")
        String id;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The drill (YAML/JSON).")
        String file;
        @Option(names = "--held-on", paramLabel = "DATE", description = "Day of the drill (YYYY-MM-DD).")
        LocalDate heldOn;
        @Option(names = "--scenario", paramLabel = "TEXT", description = "What was rehearsed.")
        String scenario;
        @Option(names = "--outcome", paramLabel = "TEXT", description = "How it went.")
        String outcome;
        @Mixin
        QuietOption quiet;
        @Mixin
        IdempotencyOption idempotency;

        RecordDrill(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            DrillInput body = Lifecycle.body(file, DrillInput.class, Lifecycle.any(heldOn, scenario, outcome),
                    heldOn != null && scenario != null && outcome != null,
                    () -> new DrillInput().heldOn(heldOn).scenario(scenario).outcome(outcome),
                    "--held-on, --scenario and --outcome");
            Drill drill = change(cli, id, (api, etag) -> api.recordDrill(id, body, etag, idempotency.key()));
            cli.output().created(drill, drill.getId(), quiet.quiet(), DRILL_FIELDS);
            cli.output().note("drill " + drill.getId() + " recorded for grant " + id);
            return 0;
        }
    }

    @Command(name = "activate", description = "Activate a grant: opens access, publishes it and files it with the "
            + "province (R-15; data authority); refused without an emergency plan (R-25).")
    static final class Activate implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Grant id.")
        String id;

        Activate(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            changeGrant(cli, id, "activated", (api, etag) -> api.activateGrant(id, etag));
            return 0;
        }
    }

    @Command(name = "suspend", description = "Suspend a grant for rectification (R-17b; data authority): access closes "
            + "until reinstated; -f suspension.yaml (violation, rectificationDeadline) or flags.")
    static final class SuspendGrant implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Grant id.")
        String id;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The suspension (YAML/JSON).")
        String file;
        @Option(names = "--violation", paramLabel = "TEXT", description = "The violation found.")
        String violation;
        @Option(names = "--deadline", paramLabel = "TIME",
                description = "Rectification deadline, ISO-8601 with offset (2026-12-31T18:00:00+08:00).")
        OffsetDateTime deadline;

        SuspendGrant(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            Suspend body = Lifecycle.body(file, Suspend.class, Lifecycle.any(violation, deadline),
                    violation != null && deadline != null,
                    () -> new Suspend().violation(violation).rectificationDeadline(deadline),
                    "--violation and --deadline");
            changeGrant(cli, id, "suspended", (api, etag) -> api.suspendGrant(id, body, etag));
            return 0;
        }
    }

    @Command(name = "rectify", description = "Report the rectification of a suspended grant (R-17b; accountable person).")
    static final class Rectify implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Grant id.")
        String id;
        @Option(names = "--report", required = true, paramLabel = "TEXT", description = "What was rectified.")
        String report;

        Rectify(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            changeGrant(cli, id, "rectification reported",
                    (api, etag) -> api.reportRectification(id, new RectificationBody().report(report), etag));
            return 0;
        }
    }

    @Command(name = "reinstate", description = "Reinstate a rectified grant: access opens again (R-17b; data authority).")
    static final class Reinstate implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Grant id.")
        String id;
        @Option(names = "--note", paramLabel = "TEXT", description = "Note on the reinstatement.")
        String note;

        Reinstate(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            NoteBody body = note == null ? null : new NoteBody().note(note);
            changeGrant(cli, id, "reinstated", (api, etag) -> api.reinstateGrant(id, etag, body));
            return 0;
        }
    }

    @Command(name = "decide", description = "Record a decision to terminate or revoke a grant (R-05, R-17a; coordination "
            + "body): -f decision.yaml (kind TERMINATE|REVOKE, meetingDate, minutes, reason) or flags.")
    static final class Decide implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Grant id.")
        String id;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The decision (YAML/JSON).")
        String file;
        @Option(names = "--kind", paramLabel = "KIND", description = "${COMPLETION-CANDIDATES}.")
        DecisionInput.KindEnum kind;
        @Option(names = "--meeting-date", paramLabel = "DATE", description = "Day of the meeting (YYYY-MM-DD).")
        LocalDate meetingDate;
        @Option(names = "--minutes", paramLabel = "TEXT", description = "Minutes of the meeting.")
        String minutes;
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why.")
        String reason;
        @Mixin
        QuietOption quiet;
        @Mixin
        IdempotencyOption idempotency;

        Decide(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            DecisionInput body = Lifecycle.body(file, DecisionInput.class,
                    Lifecycle.any(kind, meetingDate, minutes, reason),
                    kind != null && meetingDate != null && minutes != null && reason != null,
                    () -> new DecisionInput().kind(kind).meetingDate(meetingDate).minutes(minutes).reason(reason),
                    "--kind, --meeting-date, --minutes and --reason");
            Decision decision = change(cli, id, (api, etag) -> api.recordDecision(id, body, etag, idempotency.key()));
            cli.output().created(decision, decision.getId(), quiet.quiet(), DECISION_FIELDS);
            cli.output().note("decision " + decision.getId() + " recorded: " + decision.getState());
            return 0;
        }
    }

    @Command(name = "approve-decision", description = "Approve a termination or revocation decision (R-05; leading "
            + "group, or the county coordination body).")
    static final class ApproveDecision implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "ID", description = "Grant id.")
        String id;
        @Parameters(index = "1", paramLabel = "DECISION", description = "Decision id.")
        String decisionId;

        ApproveDecision(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            Decision decision = change(cli, id, (api, etag) -> api.approveDecision(id, decisionId, etag));
            cli.output().item(decision, DECISION_FIELDS);
            cli.output().note("decision " + decisionId + " " + decision.getState());
            return 0;
        }
    }

    /** {@code terminate} and {@code revoke}: end the grant on an approved decision. */
    abstract static class End implements Callable<Integer> {
        final Cli cli;
        @Parameters(paramLabel = "ID", description = "Grant id.")
        String id;
        @Option(names = "--decision", required = true, paramLabel = "DECISION", description = "The approved decision's id.")
        String decision;
        @Option(names = "--reason", paramLabel = "TEXT", description = "Reason (recorded with the end).")
        String reason;

        End(Cli cli) {
            this.cli = cli;
        }

        abstract GrantDto end(GrantsApi api, EndInput body, String etag) throws Exception;

        abstract String done();

        @Override
        public Integer call() throws Exception {
            EndInput body = new EndInput().decisionId(decision).reason(reason);
            changeGrant(cli, id, done(), (api, etag) -> end(api, body, etag));
            return 0;
        }
    }

    @Command(name = "terminate", description = "Terminate a grant on an approved decision (R-17a, R-05; data authority): "
            + "access closes at once, retained data is scheduled for deletion, logs are kept.")
    static final class Terminate extends End {
        Terminate(Cli cli) {
            super(cli);
        }

        @Override
        GrantDto end(GrantsApi api, EndInput body, String etag) throws Exception {
            return api.terminateGrant(id, body, etag);
        }

        @Override
        String done() {
            return "terminated";
        }
    }

    @Command(name = "revoke", description = "Revoke a grant on an approved decision (R-17a, R-05; data authority): access "
            + "closes at once, retained data is scheduled for deletion, logs are kept.")
    static final class Revoke extends End {
        Revoke(Cli cli) {
            super(cli);
        }

        @Override
        GrantDto end(GrantsApi api, EndInput body, String etag) throws Exception {
            return api.revokeGrant(id, body, etag);
        }

        @Override
        String done() {
            return "revoked";
        }
    }

    @Command(name = "members", description = "List a grant's members, current and removed (accountable person, data "
            + "authority, supervisors).")
    static final class Members implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Grant id.")
        String id;
        @Mixin
        PageOptions paging;

        Members(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            GrantsApi api = cli.api(GrantsApi::new);
            cli.output().list(Pages.list(cli, paging, (limit, token) -> api.listMembersWithHttpInfo(id, limit, token)),
                    MEMBER_COLUMNS);
            return 0;
        }
    }

    @Command(name = "add-member", description = "Add an engineer to a grant (accountable person, data authority); the "
            + "person must be vetted (R-18) before working: -f member.yaml (userId, name) or --user/--name.")
    static final class AddMember implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Grant id.")
        String id;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The member (YAML/JSON).")
        String file;
        @Option(names = "--user", paramLabel = "USER", description = "The person's user id.")
        String user;
        @Option(names = "--name", paramLabel = "NAME", description = "The person's name.")
        String name;
        @Mixin
        QuietOption quiet;
        @Mixin
        IdempotencyOption idempotency;

        AddMember(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            MemberInput body = Lifecycle.body(file, MemberInput.class, Lifecycle.any(user, name), user != null,
                    () -> new MemberInput().userId(user).name(name), "--user [--name]");
            Member member = change(cli, id, (api, etag) -> api.addMember(id, body, etag, idempotency.key()));
            cli.output().created(member, member.getUserId(), quiet.quiet(), MEMBER_COLUMNS);
            cli.output().note(member.getUserId() + " added to grant " + id);
            return 0;
        }
    }

    @Command(name = "remove-member", description = "Remove a member from a grant (accountable person, data authority): "
            + "the person's access ends.")
    static final class RemoveMember implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "ID", description = "Grant id.")
        String id;
        @Parameters(index = "1", paramLabel = "USER", description = "The member's user id.")
        String user;

        RemoveMember(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            Member member = change(cli, id, (api, etag) -> api.removeMember(id, user, etag));
            cli.output().item(member, MEMBER_COLUMNS);
            cli.output().note(user + " removed from grant " + id);
            return 0;
        }
    }

    @Command(name = "access", description = "Check whether you may work on a grant now (engineer, accountable person): "
            + "member, vetted, grant active.")
    static final class Access implements Callable<Integer> {
        private final Cli cli;
        @Parameters(paramLabel = "ID", description = "Grant id.")
        String id;

        Access(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            AccessDto access = cli.api(GrantsApi::new).checkGrantAccess(id);
            cli.output().item(access, List.of(
                    Column.of("GRANT", AccessDto::getGrantId),
                    Column.of("USER", AccessDto::getUserId),
                    Column.of("ACCESS", a -> Boolean.TRUE.equals(a.getAccess()) ? "yes" : "no")));
            return 0;
        }
    }
}
