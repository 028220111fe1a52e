package org.shuyu.cli.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.shuyu.cli.support.Cli;
import org.shuyu.cli.support.CliException;
import org.shuyu.cli.support.ExitCode;
import org.shuyu.cli.support.Failures;
import org.shuyu.cli.support.Inputs;
import org.shuyu.cli.support.Output;
import org.shuyu.cli.support.Output.Column;
import org.shuyu.cli.support.PageOptions;
import org.shuyu.cli.support.Pages;
import org.shuyu.client.ApiException;
import org.shuyu.client.api.CatalogApi;
import org.shuyu.client.api.ConsentsApi;
import org.shuyu.client.model.ConsentBody;
import org.shuyu.client.model.ConsentDto;
import org.shuyu.client.model.DatasetDto;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shuyu consents}: the consent registry of a person-level dataset (R-21b). Jobs see only the subjects whose
 * latest record grants consent; no record means no consent. {@code import} records a whole file, one PUT per row.
 */
@Command(name = "consents", description = "Consent registry of person-level datasets: list, set, bulk import.",
        subcommands = {ConsentsCommand.ListConsents.class, ConsentsCommand.SetConsent.class,
                ConsentsCommand.ImportConsents.class})
public final class ConsentsCommand extends DataSupport.Group {

    static List<Column<ConsentDto>> columns() {
        return List.of(
                Column.of("SUBJECT", ConsentDto::getSubjectId),
                Column.of("CONSENT", c -> Boolean.TRUE.equals(c.getGranted()) ? "granted" : "withdrawn"),
                Column.of("RECORDED", ConsentDto::getRecordedAt),
                Column.of("BY", ConsentDto::getRecordedBy),
                Column.of("EVIDENCE", ConsentDto::getEvidence));
    }

    @Command(name = "list", aliases = "ls", description = "List the consent records of a dataset.")
    static final class ListConsents implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "DATASET", description = "Person-level dataset id.")
        String dataset;
        @Mixin
        PageOptions paging;

        ListConsents(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            ConsentsApi api = cli.api(ConsentsApi::new);
            List<ConsentDto> consents = Pages.list(cli, paging,
                    (limit, token) -> api.listConsentsWithHttpInfo(dataset, null, limit, token));
            cli.output().list(consents, columns());
            return 0;
        }
    }

    /** {@code --granted} or {@code --withdrawn}. */
    static final class Decision {
        @Option(names = "--granted", required = true, description = "The subject gives consent.")
        boolean granted;
        @Option(names = "--withdrawn", required = true, description = "The subject withdraws (or refuses) consent.")
        boolean withdrawn;
    }

    @Command(name = "set", description = "Record one subject's consent or its withdrawal (-f consent.yaml, or flags).")
    static final class SetConsent implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "DATASET", description = "Person-level dataset id.")
        String dataset;
        @Parameters(index = "1", paramLabel = "SUBJECT", description = "The data subject's id (the subject column's value).")
        String subject;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The record (granted, evidence) as YAML/JSON.")
        String file;
        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Decision decision;
        @Option(names = "--evidence", paramLabel = "TEXT", description = "Where the consent or its withdrawal is documented.")
        String evidence;

        SetConsent(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() throws Exception {
            ConsentBody body;
            if (file != null) {
                if (decision != null || evidence != null) {
                    throw CliException.usage("USAGE", "give either -f FILE or --granted/--withdrawn with --evidence, not both");
                }
                body = Inputs.read(file, ConsentBody.class);
            } else {
                if (decision == null || evidence == null) {
                    throw CliException.usage("USAGE", "give -f FILE, or --granted or --withdrawn with --evidence TEXT");
                }
                body = new ConsentBody().granted(decision.granted).evidence(evidence);
            }
            ConsentDto recorded = cli.api(ConsentsApi::new).putConsent(dataset, subject, body);
            cli.output().item(recorded, columns());
            cli.output().note("consent of " + subject + " in " + dataset + ": "
                    + (Boolean.TRUE.equals(recorded.getGranted()) ? "granted" : "withdrawn"));
            return 0;
        }
    }

    @Command(name = "import", description = {
            "Record many consents from a file: CSV with a header (subjectId,granted,evidence) or a YAML/JSON list.",
            "One request per row, progress on standard error. A bad row is reported with its line number and skipped;",
            "the exit code is 1 if any row failed."})
    static final class ImportConsents implements Callable<Integer> {
        private final Cli cli;
        @Parameters(index = "0", paramLabel = "DATASET", description = "Person-level dataset id.")
        String dataset;
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
                description = "consents.csv (or .yaml/.json); '-' reads standard input.")
        String file;
        @Option(names = "--evidence", paramLabel = "TEXT",
                description = "Evidence for rows that have none (or for a file without an evidence column).")
        String evidence;
        @Option(names = "--dry-run", description = "Check the file (and that the dataset exists) without recording anything.")
        boolean dryRun;

        ImportConsents(Cli cli) {
            this.cli = cli;
        }

        /** One failed row, as reported. */
        record RowFailure(int line, String subjectId, String code, String message) {}

        @Override
        public Integer call() throws Exception {
            List<ConsentRows.Row> rows = ConsentRows.parse(Inputs.text(file), file);
            Output output = cli.output();
            DatasetDto target = cli.api(CatalogApi::new).getDataset(dataset); // 404 before any row is sent
            if (!Boolean.TRUE.equals(target.getPersonLevel())) {
                throw new CliException(ExitCode.ERROR, "NOT_PERSON_LEVEL", "dataset " + dataset
                        + " is not person-level; consent is recorded only for data about specific persons");
            }
            List<RowFailure> failures = new ArrayList<>();
            List<ConsentRows.Row> valid = new ArrayList<>();
            for (ConsentRows.Row row : rows) {
                String why = row.error();
                if (why == null && row.evidence() == null && evidence == null) {
                    why = "no evidence (add an evidence column or --evidence TEXT)";
                }
                if (why != null) {
                    failures.add(new RowFailure(row.line(), row.subjectId(), "INVALID_ROW", why));
                    output.note(file + " line " + row.line() + ": " + why + " (skipped)");
                } else {
                    valid.add(row);
                }
            }
            int applied = 0;
            int granted = 0;
            if (!dryRun) {
                ConsentsApi api = cli.api(ConsentsApi::new);
                Failures explain = new Failures(cli);
                int total = valid.size();
                long step = Math.max(1, total / 10);
                for (int i = 0; i < total; i++) {
                    ConsentsRow row = new ConsentsRow(valid.get(i), evidence);
                    try {
                        api.putConsent(dataset, row.subjectId(), row.body());
                        applied++;
                        granted += row.body().getGranted() ? 1 : 0;
                    } catch (ApiException e) {
                        Failures.Failure failure = explain.describe(e);
                        if (stopsEverything(e)) {
                            output.note("stopped at " + file + " line " + row.line() + " after " + applied + " of " + total
                                    + " row(s) recorded");
                            throw e;
                        }
                        failures.add(new RowFailure(row.line(), row.subjectId(), failure.code(), failure.message()));
                        output.note(file + " line " + row.line() + ": subject " + row.subjectId() + ": " + failure.code()
                                + ": " + failure.message());
                    }
                    if ((i + 1) % step == 0 || i + 1 == total) {
                        output.note("consents " + (i + 1) + "/" + total);
                    }
                }
            }
            failures.sort((a, b) -> Integer.compare(a.line(), b.line()));
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("dataset", dataset);
            summary.put("dryRun", dryRun);
            summary.put("rows", rows.size());
            summary.put(dryRun ? "valid" : "recorded", dryRun ? valid.size() : applied);
            if (!dryRun) {
                summary.put("granted", granted);
                summary.put("withdrawn", applied - granted);
            }
            summary.put("failed", failures.size());
            summary.put("failures", failures);
            if (output.format() == Output.Format.TABLE) {
                output.line(dryRun
                        ? "dry run: " + valid.size() + " of " + rows.size() + " row(s) valid, " + failures.size()
                                + " invalid; nothing recorded"
                        : "recorded " + applied + " of " + rows.size() + " row(s) for " + dataset + " (" + granted
                                + " granted, " + (applied - granted) + " withdrawn), " + failures.size() + " failed");
                if (!failures.isEmpty()) {
                    output.list(failures, List.of(
                            Column.of("LINE", RowFailure::line),
                            Column.of("SUBJECT", RowFailure::subjectId),
                            Column.of("CODE", RowFailure::code),
                            Column.of("PROBLEM", RowFailure::message)));
                }
            } else {
                output.structured(summary);
            }
            return failures.isEmpty() ? ExitCode.OK : ExitCode.ERROR;
        }

        /** Refusals that every other row would get too: no login, no right, no such dataset. */
        private static boolean stopsEverything(ApiException e) {
            int status = e.getCode();
            return status == 0 || status == 401 || status == 403 || status == 404;
        }
    }

    /** A valid row as the request body, with the default evidence filled in. */
    private record ConsentsRow(int line, String subjectId, ConsentBody body) {
        ConsentsRow(ConsentRows.Row row, String defaultEvidence) {
            this(row.line(), row.subjectId(), new ConsentBody().granted(row.granted())
                    .evidence(row.evidence() != null ? row.evidence() : defaultEvidence));
        }
    }
}
