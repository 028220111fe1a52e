package org.shuyu.controller.product.check;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.shuyu.controller.catalog.CatalogService;
import org.shuyu.controller.catalog.Column;
import org.shuyu.controller.catalog.ColumnClassification;
import org.shuyu.controller.catalog.Dataset;
import org.shuyu.controller.catalog.SourceData;
import org.shuyu.controller.config.ProductProperties;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.springframework.stereotype.Component;

/**
 * Builds the {@link RawValueIndex} of a product's sources for the {@code NO_RAW_VALUES} check: the raw values of
 * every identifying column, read from the datasets' delivered files with the catalog's schema. Identifying means
 * {@code DIRECT_IDENTIFIER} and {@code CONTACT} (every value: each reaches one person) and {@code QUASI_IDENTIFIER}
 * (only values shared by fewer than k subjects, k for the column's grade: a common value singles nobody out). Each
 * index gets its own random key and lives for one check run; raw values are fingerprinted as they are read and never
 * kept or written anywhere.
 */
@Component
public class RawValueSources {
    private static final Set<ColumnClassification> EVERY_VALUE = Set.of(ColumnClassification.DIRECT_IDENTIFIER,
            ColumnClassification.CONTACT);

    private final CatalogService catalog;
    private final SourceData data;
    private final ProductProperties settings;
    private final Random random;

    public RawValueSources(CatalogService catalog, SourceData data, ProductProperties settings) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.data = requireNonNull(data, "data is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.random = new SecureRandom();
    }

    /** Whether a column's raw values are looked for in products. */
    public static boolean identifying(Column column) {
        return column.classification().identifying();
    }

    /**
     * The index of the identifying columns of {@code datasetIds}. An unknown dataset or unreadable data throws
     * {@code SOURCE_DATA_UNREADABLE} (the check fails closed).
     */
    public RawValueIndex index(Collection<String> datasetIds) {
        RawValueIndexBuilder builder = RawValueIndex.builder(random);
        for (String id : new TreeSet<>(datasetIds)) {
            Dataset dataset = catalog.find(id).orElseThrow(() -> new SandboxException(ErrorCode.SOURCE_DATA_UNREADABLE,
                    "dataset " + id + " is not in the catalog"));
            add(builder, dataset);
        }
        return builder.build();
    }

    private void add(RawValueIndexBuilder builder, Dataset dataset) {
        add(builder, dataset, data, settings.minGroupSize());
    }

    /** Adds the identifying values of one dataset's delivered rows (also the benchmark's entry). */
    public static void add(RawValueIndexBuilder builder, Dataset dataset, SourceData data,
            ProductProperties.MinGroupSize k) {
        List<Column> columns = dataset.columns().stream().filter(RawValueSources::identifying).toList();
        if (columns.isEmpty() || !data.present(dataset.id())) {
            return;
        }
        List<String> names = new ArrayList<>(columns.stream().map(Column::name).toList());
        int subject = -1;
        if (dataset.subjectColumn().isPresent()) {
            subject = names.indexOf(dataset.subjectColumn().get());
            if (subject < 0) {
                names.add(dataset.subjectColumn().get());
                subject = names.size() - 1;
            }
        }
        int subjectAt = subject;
        String[] sources = columns.stream().map(c -> dataset.id() + "." + c.name()).toArray(String[]::new);
        List<String> variants = new ArrayList<>(4);
        data.read(dataset.id(), names, row -> {
            String who = subjectAt < 0 ? null : row.get(subjectAt);
            for (int i = 0; i < columns.size(); i++) {
                String raw = row.get(i);
                if (raw == null) {
                    continue;
                }
                Column column = columns.get(i);
                variants.clear();
                texts(column.type(), raw, variants);
                for (String text : variants) {
                    if (EVERY_VALUE.contains(column.classification())) {
                        builder.add(sources[i], text);
                    } else {
                        builder.addRare(sources[i], text, who, k.forGrade(column.grade()));
                    }
                }
            }
        });
    }

    /**
     * The raw text, and the spellings a job's output gives the value once parsed with the declared type (a decimal's
     * plain forms, an integral double without its fraction), so a cast or a re-typed read still matches.
     */
    static void texts(String type, String raw, List<String> out) {
        String text = raw.trim();
        out.add(text);
        try {
            if (type.equals("int") || type.equals("bigint")) {
                distinct(out, Long.toString(Long.parseLong(text)));
            } else if (type.startsWith("decimal")) {
                BigDecimal d = new BigDecimal(text);
                distinct(out, d.toPlainString());
                distinct(out, d.stripTrailingZeros().toPlainString());
            } else if (type.equals("double")) {
                double d = Double.parseDouble(text);
                if (Double.isFinite(d)) {
                    distinct(out, Double.toString(d));
                    distinct(out, BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());
                }
            }
        } catch (NumberFormatException e) {
            // Not parseable with its type: a job reads it as null, but the raw text is still looked for (above).
        }
    }

    private static void distinct(List<String> out, String text) {
        if (!out.contains(text)) {
            out.add(text);
        }
    }
}
