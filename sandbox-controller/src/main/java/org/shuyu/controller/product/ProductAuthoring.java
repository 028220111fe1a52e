package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;
import static org.shuyu.controller.product.ProductAuditEvents.abbreviate;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantsForProducts;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceService;
import org.springframework.stereotype.Service;

/**
 * The author's side of the airlock (R-19b, docs/products.md): a candidate from a table of the grant's workspace, its
 * submission (frozen and checked next, by {@link ProductPipeline}), and its withdrawal before approval.
 */
@Service
public class ProductAuthoring {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,127}");
    static final Pattern JOB = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final ProductStore store;
    private final ProductSteps steps;
    private final ProductQueries queries;
    private final ProductPipeline pipeline;
    private final GrantsForProducts grants;
    private final WorkspaceService workspaces;
    private final IdGenerator ids;

    public ProductAuthoring(ProductStore store, ProductSteps steps, ProductQueries queries, ProductPipeline pipeline,
            GrantsForProducts grants, WorkspaceService workspaces, IdGenerator ids) {
        this.store = requireNonNull(store, "store is null");
        this.steps = requireNonNull(steps, "steps is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.ids = requireNonNull(ids, "ids is null");
    }

    /** A new candidate: a table of the grant's workspace, of a kind, with the grant's scenario. */
    public record CreateProduct(String grantId, String name, ProductKind kind, String description, String table,
            String groupSizeColumn) {}

    public Product create(Actor actor, CreateProduct command) {
        requireNonNull(command, "command is null");
        String grantId = required(command.grantId(), "grantId");
        String name = required(command.name(), "name").strip();
        if (!NAME.matcher(name).matches()) {
            throw invalid("name must be 1-64 characters a-z, 0-9, '_' or '-', starting with a letter, got '"
                    + abbreviate(name) + "'");
        }
        if (command.kind() == null) {
            throw invalid("kind is required: one of " + EnumSet.allOf(ProductKind.class));
        }
        String table = required(command.table(), "table").strip().toLowerCase(Locale.ROOT);
        if (!TABLE.matcher(table).matches()) {
            throw invalid("table must be a table name of the workspace (a-z, 0-9, '_'), got '" + abbreviate(table) + "'");
        }
        String description = command.description() == null ? "" : command.description().strip();
        if (description.length() > 2000) {
            throw invalid("description must be at most 2000 characters");
        }
        Optional<String> groupSize = Optional.ofNullable(command.groupSizeColumn()).map(String::strip)
                .filter(s -> !s.isEmpty());
        if (groupSize.isPresent() && (groupSize.get().length() > 256 || groupSize.get().chars().anyMatch(Character::isISOControl))) {
            throw invalid("groupSizeColumn must be a column name of at most 256 printable characters");
        }
        WorkspaceService.Subject subject = workspaces.requireAccess(actor, grantId);
        if (subject.kind() != Workspace.Kind.GRANT) {
            throw new SandboxException(ErrorCode.INVALID_PRODUCT, "a data lab's workspace is for evaluation only: products"
                    + " come from the workspace of a grant");
        }
        Grant grant = grants.grant(grantId).orElseThrow(() -> SandboxException.notFound("grant", grantId));
        return steps.inTx(() -> {
            grants.lockGrant(grantId);
            int version = store.latestVersion(grantId, name) + 1;
            Instant now = steps.now();
            Product product = new Product(ids.next("prod"), grantId, grant.organizationId(), name, version, command.kind(),
                    description, grant.scenario(), table, groupSize, ProductLifecycle.initial(),
                    Optional.empty(), actor.userId(), now, now, Optional.empty());
            store.insert(product);
            steps.append(ProductAuditEvents.done(actor, "product.create", product, product.kind() + " " + name + " v"
                    + version + " from table " + table + " of workspace " + grantId + "; scenario: " + grant.scenario()));
            return product;
        });
    }

    /**
     * Submits a draft: it is frozen into a snapshot and checked in the background (SUBMITTED, then CHECKING, then
     * IN_REVIEW or REJECTED); poll the product to follow it.
     */
    public Product submit(Actor actor, String id) {
        Product current = queries.visible(actor, id);
        workspaces.requireAccess(actor, current.grantId());
        Product submitted = steps.inTx(() -> {
            Product p = steps.lock(id);
            return steps.move(p, ProductLifecycle.require(p, ProductEvent.SUBMIT, "submit"), Optional.empty(), steps.now(),
                    m -> ProductAuditEvents.done(actor, m.action(), m.product(), "frozen from table " + p.sourceTable()
                            + " and checked next"));
        });
        pipeline.start(actor, id);
        return submitted;
    }

    /**
     * Resubmits a returned product as its next revision (issue 20): the grant's people revise the table (a new job's
     * output) and resubmit; it is frozen into a new snapshot, checked and reviewed again, the earlier revisions'
     * reviews and comments staying as history. {@code jobId}, if given, names the job that produced the revision (it
     * is recorded in the audit trail); the table frozen is the product's table.
     */
    public Product resubmit(Actor actor, String id, String jobId) {
        Optional<String> job = Optional.ofNullable(jobId).map(String::strip).filter(s -> !s.isEmpty());
        if (job.isPresent() && !JOB.matcher(job.get()).matches()) {
            throw invalid("job must be a job id (letters, digits, '-' or '_', at most 64), got '"
                    + abbreviate(job.get()) + "'");
        }
        Product current = queries.visible(actor, id);
        workspaces.requireAccess(actor, current.grantId());
        Product resubmitted = steps.inTx(() -> {
            Product p = steps.lock(id);
            var transition = ProductLifecycle.require(p, ProductEvent.RESUBMIT, "resubmit");
            int revision = store.revision(id);
            return steps.move(p, transition, Optional.of("revision " + revision + " resubmitted"), steps.now(),
                    m -> ProductAuditEvents.done(actor, m.action(), m.product(), "revision " + revision
                            + " frozen from table " + p.sourceTable() + job.map(j -> " (output of job " + j + ")")
                                    .orElse("") + " and checked next"));
        });
        pipeline.start(actor, id);
        return resubmitted;
    }

    public Product withdraw(Actor actor, String id, String reason) {
        Product current = queries.visible(actor, id);
        if (!queries.actsForOperator(actor, current)) {
            throw new SandboxException(ErrorCode.NOT_A_MEMBER, actor.userId() + " may not withdraw product " + id
                    + ": only its grant's members and the operator's accountable person can");
        }
        return steps.inTx(() -> {
            Product p = steps.lock(id);
            return steps.move(p, ProductLifecycle.require(p, ProductEvent.WITHDRAW, "withdraw"),
                    Optional.of(reason == null || reason.isBlank() ? "withdrawn" : abbreviate(reason.strip())),
                    steps.now(), m -> ProductAuditEvents.done(actor, m.action(), m.product(),
                            m.product().stateReason().orElse("")));
        });
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw invalid(field + " is required");
        }
        return value;
    }

    private static SandboxException invalid(String message) {
        return new SandboxException(ErrorCode.INVALID_PRODUCT, message);
    }
}
