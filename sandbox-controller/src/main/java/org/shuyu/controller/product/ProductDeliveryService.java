package org.shuyu.controller.product;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.Collectors;
import org.shuyu.controller.audit.AuditEvent;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.config.IdGenerator;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.grant.Grant;
import org.shuyu.controller.grant.GrantsForProducts;
import org.shuyu.controller.identity.Actor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one gate between a listed product's snapshot and the outside (R-19b, R-21a): every delivery call is checked
 * (listed, right channel, grant active, the caller's scenario is the product's approved one), audited when it starts
 * and ends (or is refused), and metered in {@code product_deliveries}. Open calls are stopped when the product is
 * delisted or its grant ends or is suspended: {@link ProductEpoch} moves, and {@link #stillAllowed} checks again.
 */
@Service
public class ProductDeliveryService implements DeliveryGate {
    /** An open call re-reads its product and grant at least this often, even if no event reached this replica. */
    static final Duration RECHECK = Duration.ofSeconds(1);

    private final ProductStore store;
    private final GrantsForProducts grants;
    private final ProductQueries queries;
    private final ProductFiles files;
    private final AuditLog audit;
    private final ProductEpoch epoch;
    private final IdGenerator ids;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final ProductLineage lineage;
    /** When each open call last checked its product and grant, and the epoch it saw then. */
    private final ConcurrentHashMap<String, Checked> checked = new ConcurrentHashMap<>();

    private record Checked(long epoch, Instant at) {}

    public ProductDeliveryService(ProductStore store, GrantsForProducts grants, ProductQueries queries, ProductFiles files, AuditLog audit,
            ProductEpoch epoch, IdGenerator ids, Clock clock, PlatformTransactionManager transactions,
            ProductLineage lineage) {
        this.store = requireNonNull(store, "store is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.files = requireNonNull(files, "files is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.epoch = requireNonNull(epoch, "epoch is null");
        this.ids = requireNonNull(ids, "ids is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.tx = new TransactionTemplate(transactions);
        this.lineage = requireNonNull(lineage, "lineage is null");
    }

    @Override
    public Delivery open(Actor caller, String productId, String scenario, DeliveryChannel channel) {
        requireNonNull(caller, "caller is null");
        requireNonNull(channel, "channel is null");
        long seen = epoch.current();
        Product product;
        Path file;
        try {
            if (productId == null || productId.isBlank()) {
                throw new SandboxException(ErrorCode.INVALID_REQUEST, "name the product to deliver");
            }
            if (scenario == null || scenario.isBlank()) {
                throw new SandboxException(ErrorCode.SCENARIO_MISMATCH, "name the scenario the product is used for"
                        + " (R-21a): a product is delivered only for its approved scenario");
            }
            product = store.find(productId).orElseThrow(() -> SandboxException.notFound("product", productId));
            deliverable(product, channel);
            if (!Grant.scenarioKey(scenario).equals(Grant.scenarioKey(product.scenario()))) {
                throw new SandboxException(ErrorCode.SCENARIO_MISMATCH, "product " + productId + " is approved for"
                        + " another scenario than '" + ProductAuditEvents.abbreviate(scenario.strip()) + "' (R-21a)");
            }
            file = files.fileOf(product.snapshot().orElseThrow(() -> new SandboxException(
                    ErrorCode.SNAPSHOT_UNREADABLE, "product " + productId + " has no snapshot")));
            if (!Files.isRegularFile(file)) {
                throw new SandboxException(ErrorCode.SNAPSHOT_UNREADABLE, "the snapshot of product " + productId
                        + " is missing");
            }
        } catch (SandboxException e) {
            refused(caller, productId, channel, scenario, e);
            throw e;
        }
        Instant now = clock.instant();
        Delivery delivery = new Delivery(ids.next("dlv"), caller, product, scenario.strip(), channel, file, seen, now);
        try {
            tx.executeWithoutResult(status -> {
                store.insertDelivery(new ProductStore.DeliveryRecord(delivery.callId(), productId, channel,
                        caller.userId(), delivery.scenario(), now, Optional.empty(), 0, 0, "OPEN", Optional.empty()));
                lineage.deliveryOpened(delivery);
                audit.append(ProductAuditEvents.done(caller, "product.delivery-start", product, channel + " call "
                        + delivery.callId() + " for scenario: " + ProductAuditEvents.abbreviate(delivery.scenario())));
            });
        } catch (SandboxException e) {
            refused(caller, productId, channel, scenario, e);
            throw e;
        }
        checked.put(delivery.callId(), new Checked(seen, now));
        return delivery;
    }

    @Override
    public boolean stillAllowed(Delivery delivery) {
        Checked last = checked.get(delivery.callId());
        long current = epoch.current();
        Instant now = clock.instant();
        if (last != null && last.epoch() == current && now.isBefore(last.at().plus(RECHECK))) {
            return true;
        }
        Optional<Product> product = store.find(delivery.product().id());
        boolean allowed;
        try {
            deliverable(product.orElseThrow(() -> SandboxException.notFound("product", delivery.product().id())),
                    delivery.channel());
            allowed = true;
        } catch (SandboxException e) {
            allowed = false;
        }
        if (allowed) {
            checked.put(delivery.callId(), new Checked(current, now));
        }
        return allowed;
    }

    @Override
    public void close(Delivery delivery, long rows, long bytes, Optional<String> failure) {
        checked.remove(delivery.callId());
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            store.finishDelivery(delivery.callId(), now, rows, bytes, failure);
            lineage.deliveryClosed(delivery, now, rows, bytes, failure.isEmpty());
            audit.append(ProductAuditEvents.byActor(delivery.caller(), "product.delivery-end", delivery.product(), failure.isPresent()
                    ? AuditEvent.Outcome.REFUSED : AuditEvent.Outcome.DONE, failure.map(f -> ErrorCode.DELIVERY_STOPPED.name()),
                    delivery.channel() + " call " + delivery.callId() + ": " + rows + " rows, " + bytes + " bytes in "
                            + Duration.between(delivery.startedAt(), now).toMillis() + " ms"
                            + failure.map(f -> "; stopped: " + ProductAuditEvents.abbreviate(f)).orElse("")));
        });
    }

    @Override
    public List<Product> listed(DeliveryChannel channel) {
        return listedStates().flatMap(state -> store.inState(state).stream()).filter(p -> p.kind().channel() == channel)
                .filter(p -> grants.grant(p.grantId()).map(g -> g.state().accessOpen()).orElse(false))
                .collect(Collectors.toList());
    }

    /** The metered calls of a product, newest first (for its grant's people, the authority and supervisors). */
    public List<ProductStore.DeliveryRecord> deliveries(Actor actor, String productId, int limit) {
        Product p = queries.visible(actor, productId);
        if (!queries.insider(actor, p)) {
            throw SandboxException.notFound("product", productId);
        }
        return store.deliveries(productId, Math.max(1, limit));
    }

    /** Throws unless the product may be delivered through the channel right now. */
    private void deliverable(Product product, DeliveryChannel channel) {
        if (!ProductLifecycle.listed(product.state())) {
            throw new SandboxException(ErrorCode.PRODUCT_NOT_LISTED, "product " + product.id() + " is " + product.state()
                    + "; only listed products are delivered");
        }
        if (product.kind().channel() != channel) {
            throw new SandboxException(ErrorCode.WRONG_DELIVERY_CHANNEL, "product " + product.id() + " is a "
                    + product.kind() + ", delivered by " + product.kind().channel() + ", not " + channel);
        }
        Grant grant = grants.grant(product.grantId())
                .orElseThrow(() -> SandboxException.notFound("grant", product.grantId()));
        if (!grant.state().accessOpen()) {
            throw new SandboxException(ErrorCode.GRANT_NOT_ACTIVE, "grant " + grant.id() + " is "
                    + grant.state().shortName() + "; its products are not delivered");
        }
    }

    private void refused(Actor caller, String productId, DeliveryChannel channel, String scenario, SandboxException e) {
        Optional<Product> product = productId == null ? Optional.empty() : store.find(productId);
        audit.appendRefusal(ProductAuditEvents.deliveryRefused(caller, productId, product, channel, scenario,
                e.code().name(), e.getMessage()));
    }

    /** The listed states (one), as the table says. */
    private static Stream<ProductState> listedStates() {
        return Arrays.stream(ProductState.values()).filter(ProductLifecycle::listed);
    }
}
