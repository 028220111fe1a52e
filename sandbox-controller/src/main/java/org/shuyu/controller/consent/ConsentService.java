package org.shuyu.controller.consent;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.shuyu.controller.audit.AuditLog;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.catalog.Provider;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Permissions;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The consent registry (R-21b). The provider of a person-level dataset records, per data subject, whether
 * the subject consented to the use of their data; the policy compiler turns the current consents into
 * row filters, so a job sees only consenting subjects. No record means no consent (fail closed).
 */
@Service
public class ConsentService {
    private static final Pattern SUBJECT = Pattern.compile("[\\p{Alnum}._:/-]{1,200}");
    private final ConsentStore store;
    private final CatalogService catalog;
    private final AuditLog audit;
    private final Clock clock;

    public ConsentService(ConsentStore store, CatalogService catalog, AuditLog audit, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public record Record(boolean granted, String evidence) {}

    @Transactional
    public Consent record(Actor actor, String datasetId, String subjectId, Record input) {
        requireNonNull(input, "input is null");
        Dataset dataset = personLevel(datasetId);
        requireProviderOf(actor, dataset);
        if (!validSubject(subjectId)) {
            throw SandboxException.invalid("subject id must be 1-200 letters, digits or . _ : / -");
        }
        String evidence = Optional.ofNullable(input.evidence()).map(String::strip).orElse("");
        if (!validEvidence(evidence)) {
            throw SandboxException.invalid("evidence (where the consent or its withdrawal is documented) must be 1-500 characters");
        }
        Consent consent = new Consent(dataset.id(), subjectId, input.granted(), evidence, actor.userId(), now());
        store.put(consent);
        audit.append(ConsentAuditEvents.recorded(actor, consent));
        return consent;
    }

    /** What one consent file changed: rows read, consents given, withdrawn, and rows equal to the current record. */
    public record BulkResult(String datasetId, int rows, int granted, int withdrawn, int unchanged, String sha256) {}

    /**
     * Applies a whole consent file (CSV subjectId,granted,evidence; see {@link ConsentFile}) atomically: a bad line
     * refuses the file and changes nothing. A row equal to the subject's current record (same granted, same evidence)
     * is left as it is, so uploading the same file twice changes nothing the second time. Each change is audited as a
     * single consent change would be, and the upload itself once ({@code consent.bulk}, with the file's SHA-256).
     */
    @Transactional
    public BulkResult bulk(Actor actor, String datasetId, String csv) {
        Dataset dataset = personLevel(datasetId);
        requireProviderOf(actor, dataset);
        List<ConsentFile.Row> rows = ConsentFile.parse(csv);
        BulkResult result = apply(actor, dataset, rows, sha256(csv));
        audit.append(ConsentAuditEvents.bulk(actor, result));
        return result;
    }

    /**
     * What a consent file applied in partial mode did (issue 19): the counts of {@link BulkResult} over the good rows,
     * and each refused line with its number and code (never its content).
     */
    public record PartialResult(BulkResult applied, List<ConsentFile.RefusedRow> refused) {
        public PartialResult {
            requireNonNull(applied, "applied is null");
            refused = List.copyOf(refused);
        }
    }

    /**
     * Applies the good rows of a consent file and reports the bad ones (issue 19, {@code ?mode=partial}): every line is
     * checked ({@link ConsentFile#parsePartial}); the good rows are applied in one transaction exactly as
     * {@link #bulk} applies them (unchanged rows left alone, each change audited); the refused lines are counted by
     * code in the {@code consent.bulk} audit record, which holds numbers and codes only, never a refused line's content.
     * A file that is not a consent file at all (empty, wrong header, too many lines) is still refused whole.
     */
    @Transactional
    public PartialResult bulkPartial(Actor actor, String datasetId, String csv) {
        Dataset dataset = personLevel(datasetId);
        requireProviderOf(actor, dataset);
        ConsentFile.Partial parsed = ConsentFile.parsePartial(csv);
        BulkResult applied = apply(actor, dataset, parsed.rows(), sha256(csv));
        audit.append(ConsentAuditEvents.bulkPartial(actor, applied, parsed.refused()));
        return new PartialResult(applied, parsed.refused());
    }

    /**
     * Applies rows (no subject twice): one read of the current records, one batch of writes, one audit batch (each
     * change its own record, as a single change would be), so thousands of rows cost a few statements.
     */
    private BulkResult apply(Actor actor, Dataset dataset, List<ConsentFile.Row> rows, String sha256) {
        Instant now = now();
        Map<String, Consent> current = store.findAll(dataset.id(), rows.stream().map(ConsentFile.Row::subjectId).toList());
        List<Consent> changed = new ArrayList<>();
        int granted = 0;
        int withdrawn = 0;
        for (ConsentFile.Row row : rows) {
            Consent before = current.get(row.subjectId());
            if (before != null && before.granted() == row.granted() && before.evidence().equals(row.evidence())) {
                continue;
            }
            changed.add(new Consent(dataset.id(), row.subjectId(), row.granted(), row.evidence(), actor.userId(), now));
            if (row.granted()) {
                granted++;
            } else {
                withdrawn++;
            }
        }
        store.putAll(changed);
        audit.appendAll(changed.stream().map(c -> ConsentAuditEvents.recorded(actor, c)).toList());
        return new BulkResult(dataset.id(), rows.size(), granted, withdrawn, rows.size() - changed.size(), sha256);
    }

    static boolean validSubject(String subjectId) {
        return subjectId != null && SUBJECT.matcher(subjectId).matches();
    }

    static boolean validEvidence(String evidence) {
        return evidence != null && !evidence.isEmpty() && evidence.length() <= 500;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seeds consents without an actor's request (demo data); one audit record for the batch. */
    @Transactional
    public void seed(String datasetId, Collection<String> subjects, String evidence, String by) {
        Dataset dataset = personLevel(datasetId);
        Instant now = now();
        for (String subject : subjects) {
            store.put(new Consent(dataset.id(), subject, true, evidence, by, now));
        }
        audit.append(ConsentAuditEvents.seeded(by, dataset.id(), subjects.size(), evidence));
    }

    public List<Consent> list(Actor actor, String datasetId, int offset, int limit) {
        Dataset dataset = personLevel(datasetId);
        if (!Permissions.readsAllConsents(actor)) {
            requireProviderOf(actor, dataset);
        }
        // The web adapter pages the list (limit 1-1000 per page) and asks for everything up to the end of the page.
        if (offset < 0 || limit < 1) {
            throw SandboxException.invalid("offset must be >= 0 and limit at least 1");
        }
        return store.list(dataset.id(), offset, limit);
    }

    /** How many subjects have a record (given or withdrawn): zero means the registry was never filled. */
    public long recorded(String datasetId) {
        return store.recorded(datasetId);
    }

    /** Subjects currently consenting, per dataset: the input of the consent row filters. */
    public Map<String, Set<String>> consenting(Collection<String> datasetIds) {
        return store.consenting(datasetIds);
    }

    private Dataset personLevel(String datasetId) {
        Dataset dataset = catalog.find(datasetId).orElseThrow(() -> SandboxException.notFound("dataset", datasetId));
        if (!dataset.personLevel()) {
            throw new SandboxException(ErrorCode.NOT_PERSON_LEVEL, "dataset " + datasetId
                    + " is not person-level; consent is recorded only for data about specific persons (R-21b)");
        }
        return dataset;
    }

    private void requireProviderOf(Actor actor, Dataset dataset) {
        if (Permissions.recordsAllConsents(actor)) {
            return;
        }
        Provider provider = catalog.provider(dataset.providerId()).orElseThrow();
        if (!Permissions.recordsConsentsOf(actor, provider.jurisdiction())) {
            throw new SandboxException(ErrorCode.OUTSIDE_JURISDICTION, "only the data authority or a provider of jurisdiction "
                    + provider.jurisdiction().code() + " records consents for " + dataset.id());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
