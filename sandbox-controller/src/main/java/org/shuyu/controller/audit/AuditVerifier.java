package org.shuyu.controller.audit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.shuyu.controller.audit.AuditAnomaly.Kind;

/**
 * Verifies a chain read once, in sequence order, in constant memory (R-24d). Feed every record to
 * {@link #accept}, then call {@link #finish} with the chain head.
 *
 * <ul>
 *   <li>ALTERED: the recomputed hash differs from the stored one (or the last record's hash differs from the
 *       head's).</li>
 *   <li>MISSING: a gap in the sequence numbers (reported at the first missing number), or the chain ends
 *       before the head's {@code last_seq} (tail truncated). The record after a gap has no predecessor to
 *       check its link against, so a removal shows as exactly one anomaly.</li>
 *   <li>REORDERED / BROKEN_LINK: a record whose {@code prevHash} is not its predecessor's hash. Such records
 *       are kept aside (at most {@link #MAX_UNLINKED}) and resolved at the end: the stored records with those
 *       hashes are looked up, each record's true position in the chain is worked out by following the links,
 *       and a record is REORDERED if its true position is not its sequence number. A record whose
 *       predecessor merely moved away stays unreported. A prevHash that no record has is a BROKEN_LINK.</li>
 * </ul>
 *
 * <p>The stored hash, not the recomputed one, is carried forward as the link, so an edited record shows only
 * as ALTERED and not also as a broken link after it.
 */
public final class AuditVerifier {
    /** At most this many anomalies are listed in the report; all are counted. */
    public static final int MAX_REPORTED = 1000;
    /** Records with an unexpected link kept for resolution; beyond this they are reported unresolved. */
    public static final int MAX_UNLINKED = 10_000;

    /** Finds the sequence numbers of stored records by their hashes. */
    @FunctionalInterface
    public interface HashLocator {
        /** For each of {@code hashes} that some stored record has: hash to that record's seq. */
        Map<String, Long> seqsOf(Set<String> hashes);
    }

    private final List<AuditAnomaly> anomalies = new ArrayList<>();
    private final Map<Long, String> unlinked = new LinkedHashMap<>();
    private long anomalyCount;
    private long records;
    private long lastSeq;
    private String lastHash = AuditHash.GENESIS;
    private long lastAlteredSeq = -1;
    private AuditAnchor.Head anchor;
    private String anchoredRecordHash;

    /**
     * The head anchored outside the database ({@link AuditAnchor}); call before the first record. The chain must
     * hold a record at the anchor's seq with the anchor's hash, otherwise {@link Kind#ANCHOR} is reported.
     */
    public void expectAnchor(AuditAnchor.Head head) {
        if (records > 0) {
            throw new IllegalStateException("the anchor must be given before the first record");
        }
        this.anchor = requireNonNull(head, "head is null");
    }

    public void accept(AuditRecord record) {
        requireNonNull(record, "record is null");
        accept(record.seq(), record.prevHash(), record.hash(), AuditHash.of(record));
    }

    /** A stored row given by its seq, links and stored hash, with its content's hash already recomputed. */
    public void accept(long seq, String prevHash, String storedHash, String recomputedHash) {
        requireNonNull(prevHash, "prevHash is null");
        requireNonNull(storedHash, "storedHash is null");
        requireNonNull(recomputedHash, "recomputedHash is null");
        check(seq, prevHash, storedHash,
                recomputedHash.equals(storedHash) ? null : "the record's content does not match its stored hash");
    }

    private void check(long seq, String prevHash, String hash, String alteration) {
        records++;
        if (seq < 1) {
            // No append writes such a seq: the row was moved out of the chain (its old place shows as MISSING).
            report(seq, Kind.REORDERED, "stored with seq " + seq + ", which no append writes");
            return;
        }
        if (seq <= lastSeq) {
            throw new IllegalArgumentException("records must come in increasing seq order: " + seq + " after " + lastSeq);
        }
        if (anchor != null && seq == anchor.seq()) {
            anchoredRecordHash = hash;
        }
        if (alteration != null) {
            lastAlteredSeq = seq;
            report(seq, Kind.ALTERED, alteration);
        }
        if (seq != lastSeq + 1) {
            report(lastSeq + 1, Kind.MISSING, missing(lastSeq + 1, seq - 1) + " absent before seq " + seq);
        } else if (!prevHash.equals(lastHash)) {
            if (unlinked.size() < MAX_UNLINKED) {
                unlinked.put(seq, prevHash);
            } else {
                report(seq, Kind.BROKEN_LINK, "prev_hash is not the hash of seq " + lastSeq + " (not resolved: too many)");
            }
        }
        lastSeq = seq;
        lastHash = hash;
    }

    /** Checks the end of the chain against its head, resolves the unexpected links, and reports. */
    public AuditVerification finish(long headSeq, String headHash, HashLocator locator) {
        requireNonNull(headHash, "headHash is null");
        requireNonNull(locator, "locator is null");
        resolveLinks(locator);
        checkAnchor();
        if (lastSeq < headSeq) {
            report(lastSeq + 1, Kind.MISSING, missing(lastSeq + 1, headSeq)
                    + " absent at the tail: the chain head says last_seq " + headSeq);
        } else if (lastSeq > headSeq) {
            report(headSeq + 1, Kind.BROKEN_LINK, "records up to seq " + lastSeq
                    + " lie beyond the chain head (last_seq " + headSeq + "): not appended through the log");
        } else if (lastSeq > 0 && !lastHash.equals(headHash) && lastAlteredSeq != lastSeq) {
            report(lastSeq, Kind.ALTERED, "the last record's hash differs from the chain head's last_hash");
        }
        List<AuditAnomaly> sorted = new ArrayList<>(anomalies);
        sorted.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        return new AuditVerification(records, sorted, anomalyCount);
    }

    private void checkAnchor() {
        if (anchor == null || anchor.seq() == 0) {
            return;
        }
        if (anchoredRecordHash == null) {
            report(anchor.seq(), Kind.ANCHOR, "the anchor outside the database records seq " + anchor.seq()
                    + ", which the chain (ending at seq " + lastSeq + ") does not hold: records were removed behind the anchor");
        } else if (!anchoredRecordHash.equals(anchor.hash())) {
            report(anchor.seq(), Kind.ANCHOR, "the hash of seq " + anchor.seq()
                    + " differs from the one anchored outside the database: the chain was rewritten behind the anchor");
        }
    }

    private void resolveLinks(HashLocator locator) {
        if (unlinked.isEmpty()) {
            return;
        }
        Map<String, Long> located = locator.seqsOf(new HashSet<>(unlinked.values()));
        Map<Long, Long> positions = new HashMap<>();
        for (Map.Entry<Long, String> entry : unlinked.entrySet()) {
            long seq = entry.getKey();
            Long predecessor = located.get(entry.getValue());
            if (predecessor == null) {
                report(seq, Kind.BROKEN_LINK, "prev_hash matches no stored record");
                continue;
            }
            long position = position(seq, located, positions);
            if (position != seq) {
                report(seq, Kind.REORDERED, "links to seq " + predecessor + ", so it belongs at position "
                        + (position < 0 ? "unknown (links form a cycle)" : Long.toString(position)));
            }
        }
    }

    /**
     * A record's position in the chain as its links say: one after its linked predecessor's position, or -1 if
     * the links end in a broken link or a cycle. Iterative, so long runs of moved records cannot overflow the
     * stack.
     */
    private long position(long seq, Map<String, Long> located, Map<Long, Long> positions) {
        List<Long> path = new ArrayList<>();
        Set<Long> onPath = new HashSet<>();
        long current = seq;
        long base;
        while (true) {
            String prevHash = unlinked.get(current);
            if (prevHash == null) {
                base = current; // linked to its stored predecessor: in place as far as links tell
                break;
            }
            Long known = positions.get(current);
            if (known != null) {
                base = known;
                break;
            }
            Long predecessor = located.get(prevHash);
            if (predecessor == null || !onPath.add(current)) {
                base = -1;
                break;
            }
            path.add(current);
            current = predecessor;
        }
        long position = base;
        for (int i = path.size() - 1; i >= 0; i--) {
            position = position < 0 ? -1 : position + 1;
            positions.put(path.get(i), position);
        }
        return position;
    }

    private void report(long seq, Kind kind, String detail) {
        anomalyCount++;
        if (anomalies.size() < MAX_REPORTED) {
            anomalies.add(new AuditAnomaly(seq, kind, detail));
        }
    }

    private static String missing(long first, long last) {
        return first == last ? "seq " + first + " is" : "seq " + first + ".." + last + " (" + (last - first + 1) + " records) are";
    }
}
