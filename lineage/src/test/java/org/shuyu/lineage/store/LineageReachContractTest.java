package org.shuyu.lineage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.shuyu.lineage.store.LineageStoreContractTest.COHORT;
import static org.shuyu.lineage.store.LineageStoreContractTest.COUNTS;
import static org.shuyu.lineage.store.LineageStoreContractTest.PATIENTS;
import static org.shuyu.lineage.store.LineageStoreContractTest.STATS;
import static org.shuyu.lineage.store.LineageStoreContractTest.T0;
import static org.shuyu.lineage.store.LineageStoreContractTest.VISITS;
import static org.shuyu.lineage.store.LineageStoreContractTest.WS_A;
import static org.shuyu.lineage.store.LineageStoreContractTest.col;
import static org.shuyu.lineage.store.LineageStoreContractTest.out;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.lineage.DatasetKind;
import org.shuyu.lineage.EndReason;
import org.shuyu.lineage.InputDataset;
import org.shuyu.lineage.LineageErrorCode;
import org.shuyu.lineage.LineageEvent;
import org.shuyu.lineage.LineageException;
import org.shuyu.lineage.LineageProcess;
import org.shuyu.lineage.OutputDataset;
import org.shuyu.lineage.StatementKind;
import org.shuyu.lineage.TransformationKind;
import org.shuyu.lineage.WriteMode;
import org.shuyu.lineage.store.ReachRecords.DeliveryFacts;
import org.shuyu.lineage.store.ReachRecords.DeliveryOutcome;
import org.shuyu.lineage.store.ReachRecords.DeliveryStart;
import org.shuyu.lineage.store.ReachRecords.ProductFreeze;
import org.shuyu.lineage.store.ReachRecords.ProductListing;

/**
 * The graph beyond the workspace on H2 and PostgreSQL (subclasses): the contract test's scenario, then
 * {@code ws_a.stats} frozen into product p1, listed, and delivered twice to a bank's analyst; followed from the
 * sources to the consumer and back, with ends (drop, teardown, delisting), idempotent retries and refusals.
 */
@Tag("R-24c")
@Tag("R-19b")
abstract class LineageReachContractTest {
    static final String PRODUCT = ReachNames.product("prd-1");
    static final String LISTING = ReachNames.listing("prd-1");
    static final String CONSUMER = ReachNames.consumer("bank.analyst@example");

    /** The contract test's helpers (scenario, start, complete, tx) on this class's connection. */
    LineageStoreContractTest base;

    abstract Connection open() throws SQLException;

    @BeforeEach
    void setUp() throws SQLException {
        Connection c = open();
        base = new LineageStoreContractTest() {
            @Override
            Connection open() {
                return c;
            }
        };
        base.connection = c;
        base.store = new JdbcLineageStore(ConnectionSource.single(c), base.clock);
    }

    @AfterEach
    void tearDown() throws SQLException {
        base.tearDown();
    }

    JdbcLineageStore store() {
        return base.store;
    }

    <T> T tx(Callable<T> work) {
        return base.tx(work);
    }

    ProductFreeze freeze(List<String> columns) {
        return new ProductFreeze("prd-1", WS_A, "grant-1", "org-1", "alice", STATS, columns, "snap-1", T0.plusSeconds(3600));
    }

    DeliveryStart delivery(String id) {
        return new DeliveryStart(id, "prd-1", "bank.analyst@example", Optional.of("org-bank"), "FLIGHT",
                "credit scoring for local banks", T0.plusSeconds(7200));
    }

    /** scenario, freeze, list, two deliveries (one completed, one stopped). */
    void chain() {
        base.scenario();
        assertThat(tx(() -> store().recordFreeze(freeze(List.of("dx", "n", "mean_age"))))).isTrue();
        assertThat(tx(() -> store().recordListing(new ProductListing("prd-1", "authority", T0.plusSeconds(5400)))))
                .isTrue();
        assertThat(tx(() -> store().recordDeliveryStart(delivery("dlv-1")))).isTrue();
        assertThat(tx(() -> store().recordDeliveryEnd("dlv-1", T0.plusSeconds(7260), 12, 4096, true))).isTrue();
        assertThat(tx(() -> store().recordDeliveryStart(delivery("dlv-2")))).isTrue();
        assertThat(tx(() -> store().recordDeliveryEnd("dlv-2", T0.plusSeconds(7300), 3, 1024, false))).isTrue();
    }

    @Test
    void aSourceReachesTheProductItsListingAndTheConsumerWithEveryDelivery() {
        chain();
        LineageGraph down = store().query(LineageQuery.dataset(VISITS, Direction.DOWNSTREAM));
        Map<String, LineageGraph.DatasetNode> nodes = down.datasets().stream()
                .collect(Collectors.toMap(LineageGraph.DatasetNode::name, n -> n));
        assertThat(nodes.get(PRODUCT).kind()).isEqualTo(DatasetKind.PRODUCT);
        assertThat(nodes.get(PRODUCT).workspaceId()).contains(WS_A);
        assertThat(nodes.get(LISTING).kind()).isEqualTo(DatasetKind.LISTING);
        assertThat(nodes.get(CONSUMER).kind()).isEqualTo(DatasetKind.CONSUMER);
        assertThat(nodes.get(CONSUMER).workspaceId()).isEmpty();
        // visits -> cohort -> view -> stats -> product -> listing -> consumer
        assertThat(nodes.get(PRODUCT).depth()).isEqualTo(4);
        assertThat(nodes.get(CONSUMER).depth()).isEqualTo(6);
        assertThat(down.edges()).filteredOn(e -> e.target().equals(CONSUMER))
                .extracting(LineageGraph.Edge::processId).containsExactly("delivery:dlv-1#1", "delivery:dlv-2#1");
        assertThat(down.edges()).filteredOn(e -> e.target().equals(PRODUCT))
                .extracting(LineageGraph.Edge::source, LineageGraph.Edge::processId)
                .containsExactly(tuple(STATS, "product:prd-1#1"));
        assertThat(down.processes()).filteredOn(p -> p.jobId().startsWith("product:"))
                .extracting(LineageProcess::statement, LineageProcess::user)
                .containsExactly(tuple(StatementKind.FREEZE, "alice"),
                        tuple(StatementKind.LIST, "authority"));
        assertThat(down.deliveries()).extracting(DeliveryFacts::deliveryId, DeliveryFacts::consumerUser,
                DeliveryFacts::rows, DeliveryFacts::bytes, DeliveryFacts::outcome, DeliveryFacts::scenario)
                .containsExactly(
                        tuple("dlv-1", "bank.analyst@example", 12L, 4096L,
                                DeliveryOutcome.COMPLETED, "credit scoring for local banks"),
                        tuple("dlv-2", "bank.analyst@example", 3L, 1024L,
                                DeliveryOutcome.STOPPED, "credit scoring for local banks"));
        assertThat(down.deliveries().get(0).consumerOrganization()).contains("org-bank");
        assertThat(down.deliveries().get(0).listing()).isEqualTo(LISTING);
        assertThat(down.deliveries().get(0).consumer()).isEqualTo(CONSUMER);
        assertThat(down.processes()).filteredOn(p -> p.statement() == StatementKind.DELIVERY)
                .extracting(LineageProcess::state)
                .containsExactly(LineageProcess.State.COMPLETED, LineageProcess.State.FAILED);
        // a source that does not feed the product does not reach it
        LineageGraph fromPatients = store().query(LineageQuery.dataset(PATIENTS, Direction.DOWNSTREAM));
        assertThat(fromPatients.datasets()).extracting(LineageGraph.DatasetNode::name).contains(PRODUCT, CONSUMER);
        LineageGraph fromCounts = store().query(LineageQuery.dataset(COUNTS, Direction.DOWNSTREAM));
        assertThat(fromCounts.datasets()).extracting(LineageGraph.DatasetNode::name).containsExactly(COUNTS);
    }

    @Test
    void aConsumerAndADeliveryLeadBackToTheSourcesColumnByColumnWithGrades() {
        chain();
        LineageGraph up = store().query(LineageQuery.dataset(CONSUMER, Direction.UPSTREAM));
        assertThat(up.datasets()).extracting(LineageGraph.DatasetNode::name)
                .contains(LISTING, PRODUCT, STATS, COHORT, PATIENTS, VISITS).doesNotContain(COUNTS);
        DeliveryFacts dlv = store().delivery("dlv-1").orElseThrow();
        LineageGraph back = store().query(LineageQuery.dataset(dlv.listing(), Direction.UPSTREAM));
        assertThat(back.datasets()).extracting(LineageGraph.DatasetNode::name).contains(PATIENTS, VISITS);
        // columns: the listing's dx is a copy of the product's, of stats.dx, a transformation of visits.diagnosis
        LineageGraph dx = store().query(LineageQuery.column(col(LISTING, "dx"), Direction.UPSTREAM));
        assertThat(dx.columns()).extracting(LineageGraph.ColumnNode::id).contains(PRODUCT + ".dx", STATS + ".dx",
                VISITS + ".diagnosis");
        assertThat(dx.edges()).filteredOn(e -> e.target().equals(LISTING + ".dx"))
                .extracting(e -> e.kind().orElseThrow()).containsExactly(TransformationKind.IDENTITY);
        // grades travel with the copy: the product's and the listing's columns have the table's sensitivity
        for (String column : List.of("dx", "n", "mean_age")) {
            assertThat(store().column(col(PRODUCT, column)).orElseThrow().sensitivity())
                    .isEqualTo(store().column(col(STATS, column)).orElseThrow().sensitivity());
            assertThat(store().column(col(LISTING, column)).orElseThrow().sensitivity())
                    .isEqualTo(store().column(col(STATS, column)).orElseThrow().sensitivity());
        }
        assertThat(store().column(col(PRODUCT, "dx")).orElseThrow().sensitivity().orElseThrow().grade()).isEqualTo(4);
        assertThat(store().column(col(PRODUCT, "dx")).orElseThrow().origin()).isEqualTo(SensitivityOrigin.INHERITED);
        assertThat(store().processesOf("product:prd-1")).extracting(r -> r.process().statement())
                .containsExactly(StatementKind.FREEZE, StatementKind.LIST);
        assertThat(store().delivery("nope")).isEmpty();
    }

    @Test
    void retriesAreIdempotent() {
        chain();
        assertThat(tx(() -> store().recordFreeze(freeze(List.of("dx", "n", "mean_age"))))).isFalse();
        assertThat(tx(() -> store().recordListing(new ProductListing("prd-1", "authority", T0)))).isFalse();
        assertThat(tx(() -> store().recordDeliveryStart(delivery("dlv-1")))).isFalse();
        assertThat(tx(() -> store().recordDeliveryEnd("dlv-1", T0, 12, 4096, true))).isFalse();
        assertThat(store().query(LineageQuery.dataset(CONSUMER, Direction.UPSTREAM)).edges())
                .filteredOn(e -> e.target().equals(CONSUMER)).hasSize(2);
        assertCode(() -> tx(() -> store().recordFreeze(freeze(List.of("dx")))), LineageErrorCode.CONFLICTING_DUPLICATE);
        assertCode(() -> tx(() -> store().recordDeliveryEnd("dlv-1", T0, 12, 4096, false)),
                LineageErrorCode.INVALID_STATE_TRANSITION);
        assertCode(() -> tx(() -> store().recordDeliveryEnd("dlv-9", T0, 1, 1, true)), LineageErrorCode.UNKNOWN_PROCESS);
    }

    @Test
    void missingLineageRefusesTheStep() {
        base.scenario();
        assertCode(() -> tx(() -> store().recordListing(new ProductListing("prd-1", "authority", T0))),
                LineageErrorCode.UNKNOWN_DATASET);
        assertCode(() -> tx(() -> store().recordDeliveryStart(delivery("dlv-0"))), LineageErrorCode.UNKNOWN_DATASET);
        assertCode(() -> tx(() -> store().recordFreeze(new ProductFreeze("prd-2", WS_A, "grant-1", "org-1", "alice",
                "ws_a.nothing", List.of("x"), "snap-2", T0))), LineageErrorCode.UNKNOWN_DATASET);
        assertCode(() -> tx(() -> store().recordFreeze(new ProductFreeze("prd-2", WS_A, "grant-1", "org-1", "alice",
                STATS, List.of("dx", "secret"), "snap-2", T0))), LineageErrorCode.UNKNOWN_COLUMN);
        assertCode(() -> tx(() -> store().recordFreeze(new ProductFreeze("prd-2", "ws-b", null, "org-2", "bob",
                STATS, List.of("dx"), "snap-2", T0))), LineageErrorCode.DATASET_MISMATCH);
        assertCode(() -> tx(() -> store().recordFreeze(new ProductFreeze("prd-2", WS_A, "grant-1", "org-1", "alice",
                PATIENTS, List.of("id"), "snap-2", T0))), LineageErrorCode.DATASET_MISMATCH);
        assertThat(store().dataset(ReachNames.product("prd-2"))).isEmpty();
        // jobs cannot name the platform's datasets in their events
        assertThatThrownBy(() -> new InputDataset(PRODUCT, DatasetKind.PRODUCT, List.of("dx")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutputDataset(CONSUMER, DatasetKind.CONSUMER, WriteMode.APPEND, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDelistedListingEndsAndIsNoLongerDelivered() {
        chain();
        Instant at = T0.plusSeconds(9000);
        assertThat(tx(() -> store().endListing("prd-1", at, EndReason.DELISTED))).isTrue();
        assertThat(tx(() -> store().endListing("prd-1", at, EndReason.DELISTED))).isFalse();
        LineageGraph.DatasetNode listing = node(store().query(LineageQuery.dataset(LISTING, Direction.UPSTREAM)), LISTING);
        assertThat(listing.endedAt()).contains(at);
        assertThat(listing.endReason()).contains(EndReason.DELISTED);
        assertCode(() -> tx(() -> store().recordDeliveryStart(delivery("dlv-3"))), LineageErrorCode.UNKNOWN_DATASET);
        // the product itself (the frozen snapshot) has not ended
        assertThat(node(store().query(LineageQuery.dataset(PRODUCT, Direction.UPSTREAM)), PRODUCT).endedAt()).isEmpty();
    }

    @Test
    void aDroppedTableEndsWithItsTimeAndARevivalClearsTheEnd() {
        base.scenario();
        base.start("j7", 1, StatementKind.DROP_TABLE, LineageEvent.start("j7", 1, T0.toString(),
                StatementKind.DROP_TABLE, List.of(), List.of(out(COUNTS, DatasetKind.TABLE, WriteMode.DROP)), List.of()));
        assertThat(node(store().query(LineageQuery.dataset(COUNTS, Direction.UPSTREAM)), COUNTS).endedAt()).isEmpty();
        base.complete("j7", 1);
        Instant droppedAt = base.clock.instant();
        LineageGraph.DatasetNode dropped = node(store().query(LineageQuery.dataset(COUNTS, Direction.UPSTREAM)), COUNTS);
        assertThat(dropped.dropped()).isTrue();
        assertThat(dropped.endedAt()).contains(droppedAt);
        assertThat(dropped.endReason()).contains(EndReason.DROPPED);
        base.start("j8", 1, StatementKind.CREATE_TABLE_AS_SELECT, base.ctasFromPatients("j8", 1, COUNTS));
        base.complete("j8", 1);
        LineageGraph.DatasetNode revived = node(store().query(LineageQuery.dataset(COUNTS, Direction.UPSTREAM)), COUNTS);
        assertThat(revived.dropped()).isFalse();
        assertThat(revived.endedAt()).isEmpty();
        assertThat(revived.endReason()).isEmpty();
    }

    @Test
    void aTornDownWorkspaceEndsItsTablesButNotSourcesProductsOrEarlierDrops() {
        chain();
        base.start("j7", 1, StatementKind.DROP_TABLE, LineageEvent.start("j7", 1, T0.toString(),
                StatementKind.DROP_TABLE, List.of(), List.of(out(COUNTS, DatasetKind.TABLE, WriteMode.DROP)), List.of()));
        base.complete("j7", 1);
        Instant tornDown = T0.plusSeconds(86_400);
        assertThat(tx(() -> store().endWorkspace(WS_A, tornDown))).isEqualTo(4); // cohort, view, stats, masked
        assertThat(tx(() -> store().endWorkspace(WS_A, tornDown))).isZero();
        LineageGraph g = store().query(LineageQuery.dataset(CONSUMER, Direction.UPSTREAM));
        assertThat(node(g, STATS).endReason()).contains(EndReason.TORN_DOWN);
        assertThat(node(g, STATS).endedAt()).contains(tornDown);
        assertThat(node(g, COHORT).endReason()).contains(EndReason.TORN_DOWN);
        assertThat(node(g, VISITS).endedAt()).isEmpty();
        assertThat(node(g, PRODUCT).endedAt()).isEmpty();
        assertThat(node(g, LISTING).endedAt()).isEmpty();
        assertThat(node(store().query(LineageQuery.dataset(COUNTS, Direction.UPSTREAM)), COUNTS).endReason())
                .contains(EndReason.DROPPED);
    }

    @Test
    void membersSeeTheirOwnProductsDeliveriesOthersSeeNothingOfThem() {
        chain();
        Visibility own = Visibility.workspaces(Set.of(WS_A));
        LineageGraph mine = store().query(LineageQuery.dataset(STATS, Direction.DOWNSTREAM).withVisibility(own));
        assertThat(mine.datasets()).extracting(LineageGraph.DatasetNode::name).contains(PRODUCT, LISTING, CONSUMER);
        assertThat(mine.deliveries()).hasSize(2);
        Visibility other = Visibility.workspaces(Set.of("ws-b"));
        assertCode(() -> store().query(LineageQuery.dataset(PRODUCT, Direction.BOTH).withVisibility(other)),
                LineageErrorCode.UNKNOWN_DATASET);
        // a consumer node owned by no workspace is visible, but nothing upstream of it through another's deliveries
        LineageGraph fromConsumer = store().query(LineageQuery.dataset(CONSUMER, Direction.UPSTREAM)
                .withVisibility(other));
        assertThat(fromConsumer.datasets()).extracting(LineageGraph.DatasetNode::name).containsExactly(CONSUMER);
        assertThat(fromConsumer.deliveries()).isEmpty();
    }

    static LineageGraph.DatasetNode node(LineageGraph g, String name) {
        return g.datasets().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    static void assertCode(Runnable call, LineageErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(LineageException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }
}
