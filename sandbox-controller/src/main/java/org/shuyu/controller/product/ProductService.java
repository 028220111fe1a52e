package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.config.ProductProperties;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantDataErased;
import org.shuyu.controller.grant.LifecycleStore;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Role;
import org.shuyu.controller.organization.Organization;
import org.shuyu.controller.organization.Organizations;
import org.shuyu.controller.personnel.PersonnelStore;
import org.shuyu.controller.workspace.Workspace;
import org.shuyu.controller.workspace.WorkspaceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The product airlock (R-19b, docs/products.md): candidates from workspace tables, frozen into snapshots at
 * submission, automatic disclosure checks, two independent expert reviews, listing by the data authority, and
 * delisting. Every step is audited in the transaction that takes it.
 */
@Service
public class ProductService {
    private static final Logger log = LoggerFactory.getLogger(ProductService.class);
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,127}");
    static final int REQUIRED_APPROVALS = 2;

    private final ProductStore store;
    private final ProductChecks checks;
    private final SnapshotTaker snapshots;
    private final SnapshotStore files;
    private final LifecycleStore lifecycle;
    private final WorkspaceService workspaces;
    private final Organizations organizations;
    private final PersonnelStore personnel;
    private final AuditLog audit;
    private final ProductProperties settings;
    private final Path storeDir;
    private final IdGenerator ids;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final ProductEpoch epoch;
    private final ExecutorService pipeline = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "product-airlock");
        t.setDaemon(true);
        return t;
    });

    public ProductService(ProductStore store, ProductChecks checks, SnapshotTaker snapshots, SnapshotStore files, LifecycleStore lifecycle,
            WorkspaceService workspaces, Organizations organizations, PersonnelStore personnel, AuditLog audit,
            ProductProperties settings, SandboxProperties sandbox, IdGenerator ids, Clock clock,
            PlatformTransactionManager transactions, ProductEpoch epoch) {
        this.store = requireNonNull(store, "store is null");
        this.checks = requireNonNull(checks, "checks is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.files = requireNonNull(files, "files is null");
        this.lifecycle = requireNonNull(lifecycle, "lifecycle is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.organizations = requireNonNull(organizations, "organizations is null");
        this.personnel = requireNonNull(personnel, "personnel is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.storeDir = sandbox.dataDir().resolve("products").toAbsolutePath().normalize();
        this.ids = requireNonNull(ids, "ids is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.tx = new TransactionTemplate(transactions);
        this.epoch = requireNonNull(epoch, "epoch is null");
    }

    /** A new candidate: a table of the grant's workspace, of a kind, with the grant's scenario. */
    public record CreateProduct(String grantId, String name, ProductKind kind, String description, String table,
            String groupSizeColumn) {}

    /** A product with its check results and reviews, as the API shows it. */
    public record View(Product product, List<CheckResult> checks, List<ProductStore.Review> reviews,
            Optional<ProductChecks.Aggregation> aggregation) {}

    /** The directory snapshots are kept in; a product's file is {@code <id>/data.arrow} under it. */
    public Path storeDir() {
        return storeDir;
    }

    public Path fileOf(Product.Snapshot snapshot) {
        Path file = storeDir.resolve(snapshot.file()).normalize();
        if (!file.startsWith(storeDir)) {
            throw new SandboxException(ErrorCode.SNAPSHOT_UNREADABLE, "snapshot path outside the product store");
        }
        return file;
    }

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
        Grant grant = lifecycle.grant(grantId).orElseThrow(() -> SandboxException.notFound("grant", grantId));
        return inTx(() -> {
            lifecycle.lockGrant(grantId);
            int version = store.latestVersion(grantId, name) + 1;
            Instant now = clock.instant();
            Product product = new Product(ids.next("prod"), grantId, grant.organizationId(), name, version, command.kind(),
                    description, grant.scenario(), table, groupSize, ProductState.DRAFT, Optional.empty(), actor.userId(),
                    now, now, Optional.empty());
            store.insert(product);
            audit.append(event(actor, "product.create", product, AuditEvent.Outcome.DONE, Optional.empty(),
                    product.kind() + " " + name + " v" + version + " from table " + table + " of workspace " + grantId
                            + "; scenario: " + grant.scenario()));
            return product;
        });
    }

    /**
     * Submits a draft: it is frozen into a snapshot and checked in the background (SUBMITTED, then CHECKING, then
     * IN_REVIEW or REJECTED); poll the product to follow it.
     */
    public Product submit(Actor actor, String id) {
        Product current = visible(actor, id);
        workspaces.requireAccess(actor, current.grantId());
        Product submitted = inTx(() -> {
            Product p = lock(id);
            requireState(p, "submit", ProductState.DRAFT);
            Product next = p.with(ProductState.SUBMITTED, Optional.empty(), clock.instant());
            store.update(next);
            audit.append(event(actor, "product.submit", next, AuditEvent.Outcome.DONE, Optional.empty(),
                    "frozen from table " + p.sourceTable() + " and checked next"));
            return next;
        });
        pipeline.execute(() -> freezeAndCheck(actor, id));
        return submitted;
    }

    public Product withdraw(Actor actor, String id, String reason) {
        Product current = visible(actor, id);
        if (!actsForOperator(actor, current)) {
            throw new SandboxException(ErrorCode.NOT_A_MEMBER, actor.userId() + " may not withdraw product " + id
                    + ": only its grant's members and the operator's accountable person can");
        }
        return inTx(() -> {
            Product p = lock(id);
            if (!p.state().withdrawable()) {
                throw illegal(p, "withdraw");
            }
            Product next = p.with(ProductState.WITHDRAWN, Optional.of(reason == null || reason.isBlank() ? "withdrawn"
                    : abbreviate(reason.strip())), clock.instant());
            store.update(next);
            audit.append(event(actor, "product.withdraw", next, AuditEvent.Outcome.DONE, Optional.empty(),
                    next.stateReason().orElse("")));
            return next;
        });
    }

    /**
     * An expert's review. The expert must be independent: not the author, not a member (current or former) of the
     * grant, not the operator's accountable person, and not on the operator's personnel records. Any rejection
     * rejects; the second approval approves.
     */
    public Product review(Actor actor, String id, ProductStore.Review.Decision decision, String comment) {
        if (!actor.has(Role.EXPERT)) {
            throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "only expert reviewers review products");
        }
        if (decision == null) {
            throw invalid("decision is required: APPROVE or REJECT");
        }
        String text = comment == null ? "" : comment.strip();
        if (text.isEmpty() && decision == ProductStore.Review.Decision.REJECT) {
            throw invalid("a rejection needs a comment saying why");
        }
        if (text.length() > 4000) {
            throw invalid("comment must be at most 4000 characters");
        }
        Product current = visible(actor, id);
        independence(actor, current).ifPresent(conflict -> {
            throw new SandboxException(ErrorCode.REVIEWER_NOT_INDEPENDENT, actor.userId() + " may not review product "
                    + id + ": " + conflict);
        });
        return inTx(() -> {
            Product p = lock(id);
            requireState(p, "review", ProductState.IN_REVIEW);
            List<ProductStore.Review> reviews = store.reviews(id);
            if (reviews.stream().anyMatch(r -> r.reviewer().equals(actor.userId()))) {
                throw new SandboxException(ErrorCode.ALREADY_REVIEWED, actor.userId() + " already reviewed product " + id);
            }
            Instant now = clock.instant();
            store.insertReview(id, new ProductStore.Review(actor.userId(), decision, text, now));
            audit.append(event(actor, "product.review", p, AuditEvent.Outcome.DONE, Optional.empty(),
                    decision + (text.isEmpty() ? "" : ": " + abbreviate(text))));
            Product next = p;
            long approvals = reviews.stream().filter(r -> r.decision() == ProductStore.Review.Decision.APPROVE).count()
                    + (decision == ProductStore.Review.Decision.APPROVE ? 1 : 0);
            if (decision == ProductStore.Review.Decision.REJECT) {
                next = p.with(ProductState.REJECTED, Optional.of("rejected in review by " + actor.userId() + ": "
                        + abbreviate(text)), now);
                store.update(next);
                audit.append(event(actor, "product.reject", next, AuditEvent.Outcome.DONE, Optional.empty(),
                        next.stateReason().orElse("")));
            } else if (approvals >= REQUIRED_APPROVALS) {
                next = p.with(ProductState.APPROVED, Optional.of("approved by " + approvals + " independent experts"), now);
                store.update(next);
                audit.append(event(actor, "product.approve", next, AuditEvent.Outcome.DONE, Optional.empty(),
                        next.stateReason().orElse("")));
            }
            return next;
        });
    }

    /**
     * Lists an approved product (the data authority). The grant must be active, and the product is compared with the
     * grant's release ledger once more: another product may have been listed since its checks ran.
     */
    public Product list(Actor actor, String id) {
        if (!actor.has(Role.AUTHORITY)) {
            throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "only the data authority lists products");
        }
        visible(actor, id);
        return inTx(() -> {
            Product p = lock(id);
            requireState(p, "list", ProductState.APPROVED);
            Grant grant = lifecycle.lockGrant(p.grantId())
                    .orElseThrow(() -> SandboxException.notFound("grant", p.grantId()));
            if (!grant.state().accessOpen()) {
                throw new SandboxException(ErrorCode.GRANT_NOT_ACTIVE, "grant " + grant.id() + " is "
                        + grant.state().shortName() + "; its products cannot be listed");
            }
            Optional<ProductChecks.Aggregation> aggregation = store.aggregation(id);
            Instant now = clock.instant();
            if (aggregation.isPresent()) {
                CheckResult again = ProductChecks.differencing(p, aggregation, store.releases(p.grantId()),
                        aggregation.get().k());
                if (!again.passed()) {
                    throw new SandboxException(ErrorCode.DIFFERENCING_RISK, again.reason() + ": "
                            + String.join("; ", again.details()));
                }
                store.insertRelease(new ProductStore.Release(id, p.grantId(), aggregation.get().signature(),
                        aggregation.get().groups(), aggregation.get().k(), now));
            }
            Product next = p.with(ProductState.LISTED, Optional.empty(), now);
            store.update(next);
            audit.append(event(actor, "product.list", next, AuditEvent.Outcome.DONE, Optional.empty(),
                    "listed for scenario: " + p.scenario() + "; snapshot sha256 "
                            + p.snapshot().map(Product.Snapshot::sha256).orElse("-")));
            return next;
        });
    }

    /** Delists a listed product (the authority, or the operator's accountable person): delivery stops at once. */
    public Product delist(Actor actor, String id, String reason) {
        Product current = visible(actor, id);
        boolean accountable = organizations.find(current.organizationId()).map(o -> o.isAccountable(actor.userId()))
                .orElse(false);
        if (!actor.has(Role.AUTHORITY) && !accountable) {
            throw new SandboxException(ErrorCode.FORBIDDEN_ROLE, "only the data authority or the operator's accountable"
                    + " person delists a product");
        }
        Product delisted = inTx(() -> {
            Product p = lock(id);
            requireState(p, "delist", ProductState.LISTED);
            Product next = p.with(ProductState.DELISTED, Optional.of(reason == null || reason.isBlank() ? "delisted"
                    : abbreviate(reason.strip())), clock.instant());
            store.update(next);
            audit.append(event(actor, "product.delist", next, AuditEvent.Outcome.DONE, Optional.empty(),
                    next.stateReason().orElse("")));
            return next;
        });
        epoch.advance();
        return delisted;
    }

    public View get(Actor actor, String id) {
        Product p = visible(actor, id);
        boolean insider = insider(actor, p);
        return new View(p, insider ? store.checks(id) : List.of(), insider ? store.reviews(id) : List.of(),
                insider ? store.aggregation(id) : Optional.empty());
    }

    /**
     * The products the actor may see, optionally of one grant and one state: everything for the authority, security
     * supervisors and experts; a grant's own products for its members and accountable person; listed products for
     * everyone (the listing).
     */
    public List<Product> search(Actor actor, Optional<String> grantId, Optional<ProductState> state) {
        List<Product> all = grantId.map(store::ofGrant).orElseGet(store::all);
        List<Product> out = new ArrayList<>();
        for (Product p : all) {
            if (state.isPresent() && p.state() != state.get()) {
                continue;
            }
            if (p.state() == ProductState.LISTED || insider(actor, p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The product as the actor may see it, or NOT_FOUND. */
    public Product visible(Actor actor, String id) {
        Product p = store.find(id).orElseThrow(() -> SandboxException.notFound("product", id));
        if (p.state() == ProductState.LISTED || insider(actor, p)) {
            return p;
        }
        throw SandboxException.notFound("product", id);
    }

    /** Whether the actor sees the product's review file: supervisors, experts, the authority, its grant's people. */
    public boolean insider(Actor actor, Product p) {
        if (actor.has(Role.AUTHORITY) || actor.has(Role.SECURITY) || actor.has(Role.EXPERT)) {
            return true;
        }
        return actsForOperator(actor, p);
    }

    /** The grant's current members and the operator's accountable person act for the operator. */
    public boolean actsForOperator(Actor actor, Product p) {
        boolean member = workspaces.subject(p.grantId()).map(s -> s.members().contains(actor.userId())).orElse(false);
        return member || organizations.find(p.organizationId()).map(o -> o.isAccountable(actor.userId())).orElse(false);
    }

    /** Why the actor is not independent of the product, if they are not. */
    Optional<String> independence(Actor actor, Product p) {
        String user = actor.userId();
        if (p.createdBy().equals(user)) {
            return Optional.of("they wrote it (self-review)");
        }
        if (lifecycle.members(p.grantId()).stream().anyMatch(m -> m.userId().equals(user))) {
            return Optional.of("they are (or were) a member of grant " + p.grantId() + " (same operator)");
        }
        Optional<Organization> operator = organizations.find(p.organizationId());
        if (operator.map(o -> o.isAccountable(user)).orElse(false)) {
            return Optional.of("they are the accountable person of the operator " + p.organizationId());
        }
        if (personnel.find(p.organizationId(), user).isPresent()) {
            return Optional.of("they are on the personnel records of the operator " + p.organizationId());
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The background half of a submission: snapshot, then checks. Runs again for products left half-way. */
    void freezeAndCheck(Actor author, String id) {
        try {
            Product p = store.find(id).orElseThrow();
            if (p.state() == ProductState.SUBMITTED) {
                p = freeze(author, p);
            }
            if (p != null && p.state() == ProductState.CHECKING) {
                check(p);
            }
        } catch (RuntimeException e) {
            log.error("product {}: snapshot or checks failed unexpectedly", id, e);
            reject(id, Set.of(ProductState.SUBMITTED, ProductState.CHECKING), "internal error while checking: "
                    + abbreviate(String.valueOf(e.getMessage())));
        }
    }

    private Product freeze(Actor author, Product p) {
        Instant requested = clock.instant();
        String relative = p.id() + "/data.arrow";
        Path target = storeDir.resolve(relative);
        SnapshotTaker.Taken taken;
        try {
            // A file left by an attempt a restart interrupted belongs to no recorded snapshot.
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            taken = snapshots.take(author, p.grantId(), p.sourceTable(), settings.maxRows(), target);
        } catch (SandboxException e) {
            reject(p.id(), Set.of(ProductState.SUBMITTED), "the snapshot could not be taken: " + e.getMessage());
            return null;
        }
        SnapshotStore.SnapshotInfo info = files.describe(target);
        Product.Snapshot snapshot = new Product.Snapshot(taken.jobId(), relative, info.rows(), info.bytes(), info.sha256(),
                requested);
        return inTx(() -> {
            Product current = lock(p.id());
            if (current.state() != ProductState.SUBMITTED) {
                return null; // withdrawn meanwhile
            }
            Product next = current.withSnapshot(snapshot, clock.instant()).with(ProductState.CHECKING, Optional.empty(),
                    clock.instant());
            store.update(next);
            audit.append(system("product.snapshot", next, AuditEvent.Outcome.DONE, Optional.empty(), "job " + taken.jobId()
                    + " froze " + info.rows() + " rows, " + info.bytes() + " bytes, sha256 " + info.sha256()));
            return next;
        });
    }

    private void check(Product p) {
        Workspace workspace = workspaces.find(p.grantId())
                .orElseThrow(() -> SandboxException.notFound("workspace", p.grantId()));
        Grant grant = lifecycle.grant(p.grantId()).orElseThrow(() -> SandboxException.notFound("grant", p.grantId()));
        Product.Snapshot snapshot = p.snapshot().orElseThrow();
        ProductChecks.Subject subject = new ProductChecks.Subject(p,
                workspace.databaseName().toLowerCase(Locale.ROOT) + "." + p.sourceTable(), Set.copyOf(grant.datasetIds()),
                fileOf(snapshot), snapshot.takenAt(), store.releases(p.grantId()));
        ProductChecks.Outcome outcome = checks.run(subject);
        inTx(() -> {
            Product current = lock(p.id());
            if (current.state() != ProductState.CHECKING) {
                return null;
            }
            store.putChecks(p.id(), outcome.results());
            store.putAggregation(p.id(), outcome.aggregation());
            String failed = outcome.results().stream().filter(r -> !r.passed()).map(r -> r.check().name())
                    .collect(Collectors.joining(", "));
            Product next = outcome.passed()
                    ? current.with(ProductState.IN_REVIEW, Optional.of("automatic checks passed; awaiting "
                            + REQUIRED_APPROVALS + " independent expert reviews"), clock.instant())
                    : current.with(ProductState.REJECTED, Optional.of("automatic checks failed: " + failed), clock.instant());
            store.update(next);
            audit.append(system("product.checks", next, outcome.passed() ? AuditEvent.Outcome.DONE
                    : AuditEvent.Outcome.REFUSED, outcome.passed() ? Optional.empty() : Optional.of("CHECKS_FAILED"),
                    outcome.results().stream().map(r -> r.check() + " " + r.verdict()).collect(Collectors.joining(", "))));
            return next;
        });
    }

    private void reject(String id, Set<ProductState> from, String reason) {
        inTx(() -> {
            Product current = lock(id);
            if (!from.contains(current.state())) {
                return null;
            }
            Product next = current.with(ProductState.REJECTED, Optional.of(abbreviate(reason)), clock.instant());
            store.update(next);
            audit.append(system("product.reject", next, AuditEvent.Outcome.REFUSED, Optional.of("CHECKS_FAILED"), reason));
            return null;
        });
    }

    /**
     * An ended grant's data is deleted (R-17a): so are the snapshots of all its products, listed or not (delivery
     * stopped when the grant ended). The product records, their digests and the audit log stay.
     */
    @EventListener
    public void grantDataErased(GrantDataErased event) {
        for (Product p : store.ofGrant(event.grantId())) {
            Path dir = storeDir.resolve(p.id()).normalize();
            if (!dir.startsWith(storeDir) || !Files.exists(dir)) {
                continue;
            }
            long[] counts = new long[2];
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    if (Files.isRegularFile(f)) {
                        counts[0]++;
                        counts[1] += Files.size(f);
                    }
                    Files.delete(f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the snapshot of product " + p.id(), e);
            }
            audit.append(system("product.snapshot-deleted", p, AuditEvent.Outcome.DONE, Optional.empty(),
                    "deletion " + event.deletionId() + " of the ended grant: " + counts[0] + " file(s), " + counts[1]
                            + " bytes"));
        }
    }

    /** Products a restart interrupted between submission and review are frozen and checked again. */
    @EventListener(ApplicationReadyEvent.class)
    public void resume() {
        for (ProductState state : List.of(ProductState.SUBMITTED, ProductState.CHECKING)) {
            for (Product p : store.inState(state)) {
                Actor author = new Actor(p.createdBy(), p.createdBy(), Set.of(Role.ENGINEER), Optional.empty());
                pipeline.execute(() -> freezeAndCheck(author, p.id()));
            }
        }
    }

    @PreDestroy
    void stop() {
        pipeline.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Product lock(String id) {
        return store.lock(id).orElseThrow(() -> SandboxException.notFound("product", id));
    }

    private static void requireState(Product p, String action, ProductState expected) {
        if (p.state() != expected) {
            throw illegal(p, action);
        }
    }

    private static SandboxException illegal(Product p, String action) {
        return new SandboxException(ErrorCode.ILLEGAL_PRODUCT_TRANSITION, "cannot " + action + " product " + p.id()
                + ": it is " + p.state());
    }

    private <T> T inTx(java.util.function.Supplier<T> work) {
        return tx.execute(status -> work.get());
    }

    private AuditEvent event(Actor actor, String action, Product p, AuditEvent.Outcome outcome, Optional<String> code,
            String detail) {
        return new AuditEvent(actor.userId(), actor.roles().stream().map(Enum::name).collect(Collectors.toSet()), action,
                "product", p.id(), Optional.of(p.organizationId()), outcome, code, "grant " + p.grantId() + "; " + detail);
    }

    private AuditEvent system(String action, Product p, AuditEvent.Outcome outcome, Optional<String> code, String detail) {
        return new AuditEvent("system:airlock", Set.of(), action, "product", p.id(), Optional.of(p.organizationId()),
                outcome, code, "grant " + p.grantId() + "; " + abbreviate(detail));
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

    static String abbreviate(String s) {
        return s.length() > 1000 ? s.substring(0, 997) + "..." : s;
    }
}
