package org.shuyu.controller.demo;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.catalog.DatasetDataUploads;
import org.shuyu.controller.catalog.SourceData;
import org.shuyu.controller.config.SandboxProperties;
import org.shuyu.controller.consent.ConsentService;
import org.shuyu.controller.identity.Actor;
import org.shuyu.controller.identity.Jurisdiction;
import org.shuyu.controller.identity.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Rows for the demo catalog's datasets (embedded mode, {@code sandbox.demo-catalog=true}): synthetic, generated
 * from a fixed seed, so every run has the same data. Two of every three insured persons of
 * {@code social.contributions} have consented (R-21b); the rest must never appear in a job's results.
 * Data already present is left alone. The rows are delivered like a provider's: through {@link DatasetDataUploads}.
 */
@Component
@Order(20)
public class DemoData implements ApplicationRunner {
    public static final String SYSTEM_ACTOR = "system:demo-data";
    /** The demo datasets' provider delivering their rows (every demo provider is of Ningbo, the municipal jurisdiction). */
    private static final Actor PROVIDER = new Actor(SYSTEM_ACTOR, "Demo data delivery", Set.of(Role.PROVIDER),
            Optional.of(Jurisdiction.MUNICIPAL));
    public static final int ENTERPRISES = 200;
    public static final int PERSONS = 120;
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final String[] DISTRICTS = {"330203", "330205", "330206", "330211", "330212", "330213", "330225", "330226",
            "330281", "330282"};
    private static final String[] INDUSTRIES = {"C13", "C26", "C38", "F51", "G54", "I65", "K70", "M73"};
    private static final String[] SURNAMES = {"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu"};
    private static final String[] GIVEN = {"Wei", "Fang", "Na", "Min", "Jing", "Lei", "Qiang", "Yan", "Jun", "Hui", "Ping", "Tao"};

    private final SandboxProperties properties;
    private final CatalogService catalog;
    private final SourceData sources;
    private final ConsentService consents;
    private final DatasetDataUploads uploads;

    public DemoData(SandboxProperties properties, CatalogService catalog, SourceData sources, ConsentService consents,
            DatasetDataUploads uploads) {
        this.properties = properties;
        this.catalog = catalog;
        this.sources = sources;
        this.consents = consents;
        this.uploads = uploads;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.demoCatalog()) {
            return;
        }
        int written = 0;
        written += write("registry.enterprises", enterprises());
        written += write("tax.payments", taxPayments());
        written += write("social.contributions", contributions());
        written += write("utility.usage", usage());
        written += write("weather.daily", weather());
        written += write("police.household_registry", households());
        if (catalog.find("social.contributions").isPresent() && consents.recorded("social.contributions") == 0) {
            List<String> consenting = new ArrayList<>();
            for (int p = 0; p < PERSONS; p++) {
                if (consented(p)) {
                    consenting.add(idNumber(p));
                }
            }
            consents.seed("social.contributions", consenting, "synthetic demo consent", SYSTEM_ACTOR);
        }
        if (written > 0) {
            log.info("demo data: {} datasets written under {}", written, properties.dataDir().resolve("sources"));
        }
    }

    /** The demo rule of consent: persons 0, 3, 6, ... did not consent. */
    public static boolean consented(int person) {
        return person % 3 != 0;
    }

    private int write(String datasetId, Table table) {
        if (catalog.find(datasetId).isEmpty() || sources.present(datasetId)) {
            return 0;
        }
        // The same road as a provider's upload (docs/storage.md): checked against the schema, audited, atomic.
        StringBuilder csv = new StringBuilder(csvLine(table.header()));
        table.rows().forEach(row -> csv.append(csvLine(row)));
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        uploads.upload(PROVIDER, datasetId, bytes.length, new ByteArrayInputStream(bytes));
        return 1;
    }

    /** One CSV line; the demo's values hold commas but never quotes or line breaks. */
    private static String csvLine(List<String> fields) {
        return String.join(",", fields.stream().map(f -> f.contains(",") ? '"' + f + '"' : f).toList()) + "\n";
    }

    private record Table(List<String> header, List<List<String>> rows) {}

    public static String uscc(int enterprise) {
        String base = "91330200" + String.format("MA%08d", enterprise);
        return base + checkCharacter(base);
    }

    /** GB 32100-2015 check character of the first 17 characters. */
    private static char checkCharacter(String first17) {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += alphabet.indexOf(first17.charAt(i)) * weights[i];
        }
        return alphabet.charAt((31 - sum % 31) % 31);
    }

    /** A synthetic 18-character resident ID-card number with a valid GB 11643 check digit. */
    public static String idNumber(int person) {
        LocalDate birth = LocalDate.of(1960, 1, 1).plusDays(person * 97L % 15000);
        String first17 = DISTRICTS[person % DISTRICTS.length] + birth.toString().replace("-", "") + String.format("%03d", person % 1000);
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * weights[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    private static String name(Random random) {
        return SURNAMES[random.nextInt(SURNAMES.length)] + " " + GIVEN[random.nextInt(GIVEN.length)];
    }

    private static Table enterprises() {
        Random random = new Random(1);
        List<List<String>> rows = new ArrayList<>();
        for (int e = 0; e < ENTERPRISES; e++) {
            rows.add(List.of(uscc(e), "Ningbo Demo Enterprise " + e + " Co., Ltd.", name(random), idNumber(10_000 + e),
                    "1380574" + String.format("%04d", e), INDUSTRIES[e % INDUSTRIES.length],
                    String.format("%d.00", 100_000 + random.nextInt(9_900_000)), DISTRICTS[e % DISTRICTS.length],
                    LocalDate.of(2000, 1, 1).plusDays(random.nextInt(8000)).toString()));
        }
        return new Table(List.of("uscc", "name", "legal_rep_name", "legal_rep_id_number", "phone", "industry", "registered_capital",
                "district", "established_on"), rows);
    }

    private static Table taxPayments() {
        Random random = new Random(2);
        List<List<String>> rows = new ArrayList<>();
        for (int e = 0; e < ENTERPRISES; e++) {
            for (int m = 1; m <= 12; m++) {
                rows.add(List.of(uscc(e), String.format("2025-%02d", m), m % 3 == 0 ? "CIT" : "VAT",
                        String.format("%d.%02d", 1_000 + random.nextInt(200_000), random.nextInt(100))));
            }
        }
        return new Table(List.of("uscc", "period", "tax_type", "amount"), rows);
    }

    private static Table contributions() {
        Random random = new Random(3);
        List<List<String>> rows = new ArrayList<>();
        for (int p = 0; p < PERSONS; p++) {
            String name = name(random);
            String employer = uscc(p % ENTERPRISES);
            int base = 4_000 + random.nextInt(20_000);
            for (int m = 1; m <= 6; m++) {
                rows.add(List.of(idNumber(p), name, employer, String.format("2025-%02d", m), base + ".00",
                        String.format("%d.00", base * 8 / 100)));
            }
        }
        return new Table(List.of("person_id_number", "person_name", "employer_uscc", "month", "base", "amount"), rows);
    }

    private static Table usage() {
        Random random = new Random(4);
        List<List<String>> rows = new ArrayList<>();
        for (int e = 0; e < ENTERPRISES; e++) {
            for (int m = 1; m <= 12; m++) {
                rows.add(List.of("EA" + String.format("%08d", e), uscc(e), "", String.format("2025-%02d", m),
                        String.valueOf(1000 + random.nextInt(50_000)), String.valueOf(10 + random.nextInt(900))));
            }
        }
        return new Table(List.of("account", "uscc", "household_id", "month", "kwh", "water_m3"), rows);
    }

    private static Table weather() {
        Random random = new Random(5);
        List<List<String>> rows = new ArrayList<>();
        for (String district : DISTRICTS) {
            for (int d = 0; d < 90; d++) {
                rows.add(List.of(district, LocalDate.of(2025, 1, 1).plusDays(d).toString(), String.format("%.1f", 2 + random.nextDouble() * 20),
                        String.format("%.1f", random.nextDouble() * 30)));
            }
        }
        return new Table(List.of("district", "day", "temperature_c", "precipitation_mm"), rows);
    }

    private static Table households() {
        Random random = new Random(6);
        List<List<String>> rows = new ArrayList<>();
        for (int p = 0; p < 50; p++) {
            rows.add(List.of(idNumber(20_000 + p), name(random), "No. " + p + " Demo Road, Ningbo", "HH" + String.format("%06d", p)));
        }
        return new Table(List.of("person_id_number", "name", "address", "household_number"), rows);
    }
}
