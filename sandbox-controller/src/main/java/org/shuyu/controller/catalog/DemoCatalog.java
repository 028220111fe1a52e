package org.shuyu.controller.catalog;

import static org.shuyu.controller.catalog.ColumnClassification.BUSINESS;
import static org.shuyu.controller.catalog.ColumnClassification.CONTACT;
import static org.shuyu.controller.catalog.ColumnClassification.DIRECT_IDENTIFIER;
import static org.shuyu.controller.catalog.ColumnClassification.FINANCIAL;
import static org.shuyu.controller.catalog.ColumnClassification.HEALTH_SOCIAL;
import static org.shuyu.controller.catalog.ColumnClassification.PUBLIC;
import static org.shuyu.controller.catalog.ColumnClassification.QUASI_IDENTIFIER;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.shuyu.controller.config.SandboxProperties;
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
 * The embedded mode's demo catalog ({@code sandbox.demo-catalog=true}): synthetic Ningbo public datasets
 * and their providers, described only (no data files). Seeded on start-up, idempotently: what already exists
 * is left alone, the rest is registered (and audited) by the system actor {@value #SYSTEM_ACTOR}.
 */
@Component
@Order(10)
public class DemoCatalog implements ApplicationRunner {
    public static final String SYSTEM_ACTOR = "system:demo-catalog";
    private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);
    private static final Jurisdiction NINGBO = Jurisdiction.MUNICIPAL;

    private final CatalogService catalog;
    private final SandboxProperties properties;

    public DemoCatalog(CatalogService catalog, SandboxProperties properties) {
        this.catalog = catalog;
        this.properties = properties;
    }

    public static final List<Provider> PROVIDERS = List.of(
            new Provider("market-regulation", "Ningbo Municipal Administration for Market Regulation", NINGBO,
                    "Enterprise registration (business licences) of Ningbo. Synthetic demo data."),
            new Provider("tax", "Ningbo Municipal Tax Service, State Taxation Administration", NINGBO,
                    "Tax declarations and payments. Synthetic demo data."),
            new Provider("hrss", "Ningbo Municipal Human Resources and Social Security Bureau", NINGBO,
                    "Social insurance contributions of employees. Synthetic demo data."),
            new Provider("utilities", "Ningbo Water Supply Co. and State Grid Ningbo Power Supply Co.", NINGBO,
                    "Monthly water and electricity consumption of accounts. Synthetic demo data."),
            new Provider("public-security", "Ningbo Municipal Public Security Bureau", NINGBO,
                    "Household registration. Listed for openness only; never opened."));

    public static final List<DatasetRegistration> DATASETS = List.of(
            dataset("registry.enterprises", "market-regulation", "Registered enterprises",
                    "Enterprises registered in Ningbo with their legal representative, industry and capital.",
                    Openness.CONDITIONAL, "market entities", false, Optional.of("uscc"), 120_000L, List.of(
                            column("uscc", "string", "unified social credit code (GB 32100-2015)", PUBLIC, 1),
                            column("name", "string", "registered enterprise name", PUBLIC, 1),
                            column("legal_rep_name", "string", "legal representative's name", DIRECT_IDENTIFIER, 3),
                            column("legal_rep_id_number", "string", "legal representative's resident ID-card number", DIRECT_IDENTIFIER, 4),
                            column("phone", "string", "contact phone", CONTACT, 3),
                            column("industry", "string", "industry code (GB/T 4754)", BUSINESS, 1),
                            column("registered_capital", "decimal(18,2)", "registered capital in CNY", FINANCIAL, 2),
                            column("district", "string", "division code of the registration (3302xx)", PUBLIC, 1),
                            column("established_on", "date", "date of establishment", PUBLIC, 1))),
            dataset("tax.payments", "tax", "Tax payments",
                    "Taxes paid by enterprises per period and tax type.",
                    Openness.CONDITIONAL, "taxation", false, Optional.of("uscc"), 2_400_000L, List.of(
                            column("uscc", "string", "taxpayer's unified social credit code", PUBLIC, 1),
                            column("period", "string", "tax period, yyyy-MM", BUSINESS, 1),
                            column("tax_type", "string", "tax type (VAT, corporate income tax, ...)", BUSINESS, 1),
                            column("amount", "decimal(18,2)", "amount paid in CNY", FINANCIAL, 3))),
            dataset("social.contributions", "hrss", "Social insurance contributions",
                    "Monthly social insurance contributions per insured person and employer.",
                    Openness.CONDITIONAL, "social security", true, Optional.of("person_id_number"), 9_800_000L, List.of(
                            column("person_id_number", "string", "insured person's resident ID-card number", DIRECT_IDENTIFIER, 4),
                            column("person_name", "string", "insured person's name", DIRECT_IDENTIFIER, 3),
                            column("employer_uscc", "string", "employer's unified social credit code", PUBLIC, 1),
                            column("month", "string", "contribution month, yyyy-MM", BUSINESS, 1),
                            column("base", "decimal(12,2)", "contribution base in CNY", HEALTH_SOCIAL, 3),
                            column("amount", "decimal(12,2)", "contribution paid in CNY", HEALTH_SOCIAL, 3))),
            dataset("utility.usage", "utilities", "Water and electricity usage",
                    "Monthly consumption per utility account, of enterprises (by USCC) and households.",
                    Openness.CONDITIONAL, "utilities", false, Optional.of("account"), 36_000_000L, List.of(
                            column("account", "string", "utility account number", QUASI_IDENTIFIER, 3),
                            column("uscc", "string", "enterprise's unified social credit code; empty for households", PUBLIC, 1),
                            column("household_id", "string", "pseudonymous household number; empty for enterprises", QUASI_IDENTIFIER, 3),
                            column("month", "string", "billing month, yyyy-MM", BUSINESS, 1),
                            column("kwh", "double", "electricity used in kWh", BUSINESS, 2),
                            column("water_m3", "double", "water used in cubic metres", BUSINESS, 2))),
            dataset("weather.daily", "utilities", "Daily weather observations",
                    "Daily temperature and precipitation per district, as published by the meteorological service.",
                    Openness.OPEN, "environment", false, Optional.empty(), 36_500L, List.of(
                            column("district", "string", "division code (3302xx)", PUBLIC, 1),
                            column("day", "date", "observation day", PUBLIC, 1),
                            column("temperature_c", "double", "mean temperature in degrees Celsius", PUBLIC, 1),
                            column("precipitation_mm", "double", "precipitation in mm", PUBLIC, 1))),
            dataset("police.household_registry", "public-security", "Household registration",
                    "Resident household registration (hukou). Prohibited from opening: listed so requests for it are refused.",
                    Openness.PROHIBITED, "public security", true, Optional.of("person_id_number"), 9_600_000L, List.of(
                            column("person_id_number", "string", "resident ID-card number", DIRECT_IDENTIFIER, 4),
                            column("name", "string", "name", DIRECT_IDENTIFIER, 4),
                            column("address", "string", "registered address", CONTACT, 4),
                            column("household_number", "string", "household booklet number", DIRECT_IDENTIFIER, 4))));

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.demoCatalog()) {
            return;
        }
        Actor system = new Actor(SYSTEM_ACTOR, "Demo catalog seeding", Set.of(Role.AUTHORITY), Optional.of(NINGBO));
        int added = 0;
        for (Provider provider : PROVIDERS) {
            if (catalog.provider(provider.id()).isEmpty()) {
                catalog.registerProvider(provider, system);
                added++;
            }
        }
        for (DatasetRegistration dataset : DATASETS) {
            if (catalog.find(dataset.id()).isEmpty()) {
                catalog.registerDataset(dataset, system);
                added++;
            }
        }
        log.info("demo catalog: {} providers and {} datasets present, {} added",
                PROVIDERS.size(), DATASETS.size(), added);
    }

    private static DatasetRegistration dataset(String id, String provider, String title, String description,
            Openness openness, String category, boolean personLevel, Optional<String> subject, long rows,
            List<Column> columns) {
        return new DatasetRegistration(id, provider, title, description, openness, category, QualityStatus.VERIFIED,
                personLevel, subject, Optional.of(rows), columns);
    }

    private static Column column(String name, String type, String description, ColumnClassification classification, int grade) {
        return new Column(name, type, description, classification, grade);
    }
}
