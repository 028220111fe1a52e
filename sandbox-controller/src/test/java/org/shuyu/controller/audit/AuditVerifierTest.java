package org.shuyu.controller.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shuyu.controller.audit.AuditAnomaly.Kind;

/** The verification algorithm on in-memory chains: each kind of tampering shows as exactly its anomaly. */
@Tag("R-24d")
class AuditVerifierTest {

    @Test
    void intactChainHasNoAnomalies() {
        List<AuditRecord> chain = chain(10);
        AuditVerification result = verify(chain, 10, chain.get(9).hash());
        assertThat(result.intact()).isTrue();
        assertThat(result.records()).isEqualTo(10);
        assertThat(result.anomalies()).isEmpty();
    }

    @Test
    void emptyChainIsIntact() {
        assertThat(verify(List.of(), 0, AuditHash.GENESIS).intact()).isTrue();
    }

    @Test
    void editedRecordIsAlteredAndNothingElse() {
        List<AuditRecord> chain = chain(10);
        String head = chain.get(9).hash();
        chain.set(4, withDetail(chain.get(4), "nothing happened here"));
        assertThat(verify(chain, 10, head).anomalies()).extracting(AuditAnomaly::seq, AuditAnomaly::kind)
                .containsExactly(tuple(5L, Kind.ALTERED));
    }

    @Test
    void removedRecordIsMissingAtItsSeq() {
        List<AuditRecord> chain = chain(10);
        String head = chain.get(9).hash();
        chain.remove(6);
        assertThat(verify(chain, 10, head).anomalies()).extracting(AuditAnomaly::seq, AuditAnomaly::kind)
                .containsExactly(tuple(7L, Kind.MISSING));
    }

    @Test
    void swappedRecordsAreBothReorderedAndTheirSuccessorIsNot() {
        List<AuditRecord> chain = chain(10);
        String head = chain.get(9).hash();
        AuditRecord third = chain.get(2);
        AuditRecord fourth = chain.get(3);
        chain.set(2, withSeq(fourth, 3));
        chain.set(3, withSeq(third, 4));
        assertThat(verify(chain, 10, head).anomalies()).extracting(AuditAnomaly::seq, AuditAnomaly::kind)
                .containsExactly(tuple(3L, Kind.REORDERED),
                        tuple(4L, Kind.REORDERED));
    }

    @Test
    void truncatedTailIsMissingAfterTheLastRecord() {
        List<AuditRecord> chain = chain(10);
        String head = chain.get(9).hash();
        List<AuditRecord> cut = new ArrayList<>(chain.subList(0, 7));
        assertThat(verify(cut, 10, head).anomalies()).extracting(AuditAnomaly::seq, AuditAnomaly::kind)
                .containsExactly(tuple(8L, Kind.MISSING));
    }

    @Test
    void linkToUnknownHashIsBroken() {
        List<AuditRecord> chain = chain(10);
        String head = chain.get(9).hash();
        // A forged record with a consistent hash but a made-up predecessor.
        AuditRecord forged = rehash(withPrevHash(chain.get(5), "f".repeat(64)));
        chain.set(5, forged);
        AuditVerification result = verify(chain, 10, head);
        assertThat(result.anomalies()).extracting(AuditAnomaly::seq, AuditAnomaly::kind)
                .contains(tuple(6L, Kind.BROKEN_LINK));
        assertThat(result.intact()).isFalse();
    }

    @Test
    void rewrittenLastRecordDisagreesWithTheHead() {
        List<AuditRecord> chain = chain(5);
        String head = chain.get(4).hash();
        chain.set(4, rehash(withDetail(chain.get(4), "rewritten")));
        assertThat(verify(chain, 5, head).anomalies()).extracting(AuditAnomaly::seq, AuditAnomaly::kind)
                .containsExactly(tuple(5L, Kind.ALTERED));
    }

    @Test
    void aChainCutBackBehindItsAnchorWithAFixedHeadIsReportedOnlyAgainstTheAnchor() {
        List<AuditRecord> chain = chain(10);
        AuditAnchor.Head anchored = new AuditAnchor.Head(10, chain.get(9).hash());
        List<AuditRecord> cut = new ArrayList<>(chain.subList(0, 8));
        String fixedHead = cut.get(7).hash();
        assertThat(verify(cut, 8, fixedHead).intact()).as("consistent on its own").isTrue();
        AuditVerifier verifier = new AuditVerifier();
        verifier.expectAnchor(anchored);
        cut.forEach(verifier::accept);
        assertThat(verifier.finish(8, fixedHead, hashes -> Map.of()).anomalies())
                .extracting(AuditAnomaly::seq, AuditAnomaly::kind).containsExactly(tuple(10L, Kind.ANCHOR));
    }

    @Test
    void anAnchorBehindTheHeadIsFineAndAnAnchoredRecordWithAnotherHashIsNot() {
        List<AuditRecord> chain = chain(10);
        AuditVerifier behind = new AuditVerifier();
        behind.expectAnchor(new AuditAnchor.Head(7, chain.get(6).hash()));
        chain.forEach(behind::accept);
        assertThat(behind.finish(10, chain.get(9).hash(), hashes -> Map.of()).intact()).isTrue();

        AuditVerifier rewritten = new AuditVerifier();
        rewritten.expectAnchor(new AuditAnchor.Head(7, "e".repeat(64)));
        chain.forEach(rewritten::accept);
        assertThat(rewritten.finish(10, chain.get(9).hash(), hashes -> Map.of()).anomalies())
                .extracting(AuditAnomaly::seq, AuditAnomaly::kind).containsExactly(tuple(7L, Kind.ANCHOR));
    }

    static AuditVerification verify(List<AuditRecord> chain, long headSeq, String headHash) {
        AuditVerifier verifier = new AuditVerifier();
        chain.forEach(verifier::accept);
        Map<String, Long> byHash = new HashMap<>();
        chain.forEach(r -> byHash.put(r.hash(), r.seq()));
        return verifier.finish(headSeq, headHash, hashes -> {
            Map<String, Long> found = new HashMap<>();
            hashes.forEach(h -> {
                if (byHash.containsKey(h)) {
                    found.put(h, byHash.get(h));
                }
            });
            return found;
        });
    }

    static List<AuditRecord> chain(int n) {
        List<AuditRecord> chain = new ArrayList<>();
        String prev = AuditHash.GENESIS;
        for (int i = 1; i <= n; i++) {
            AuditRecord r = rehash(new AuditRecord(i, "aud-" + i, Instant.parse("2026-11-27T00:00:00Z").plusSeconds(i),
                    "user" + i, "AUTHORITY", "POST /api/v1/things", "thing", "thing-" + i, Optional.empty(),
                    Optional.empty(), AuditEvent.Outcome.DONE, Optional.empty(), "record " + i, prev, ""));
            chain.add(r);
            prev = r.hash();
        }
        return chain;
    }

    private static AuditRecord rehash(AuditRecord r) {
        return new AuditRecord(r.seq(), r.id(), r.at(), r.actor(), r.actorRoles(), r.action(), r.subjectType(),
                r.subjectId(), r.organizationId(), r.accountablePerson(), r.outcome(), r.code(), r.detail(),
                r.prevHash(), AuditHash.of(r));
    }

    private static AuditRecord withDetail(AuditRecord r, String detail) {
        return new AuditRecord(r.seq(), r.id(), r.at(), r.actor(), r.actorRoles(), r.action(), r.subjectType(),
                r.subjectId(), r.organizationId(), r.accountablePerson(), r.outcome(), r.code(), detail,
                r.prevHash(), r.hash());
    }

    private static AuditRecord withSeq(AuditRecord r, long seq) {
        return new AuditRecord(seq, r.id(), r.at(), r.actor(), r.actorRoles(), r.action(), r.subjectType(),
                r.subjectId(), r.organizationId(), r.accountablePerson(), r.outcome(), r.code(), r.detail(),
                r.prevHash(), r.hash());
    }

    private static AuditRecord withPrevHash(AuditRecord r, String prevHash) {
        return new AuditRecord(r.seq(), r.id(), r.at(), r.actor(), r.actorRoles(), r.action(), r.subjectType(),
                r.subjectId(), r.organizationId(), r.accountablePerson(), r.outcome(), r.code(), r.detail(),
                prevHash, r.hash());
    }
}
