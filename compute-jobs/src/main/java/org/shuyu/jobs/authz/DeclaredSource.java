package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.shuyu.jobs.JobsErrorCode;

/**
 * How the platform declared a catalog source dataset in the privileged setup, captured from the relation Spark built
 * for it then: the file format, every data source option (keys lower-cased), the data and partition schemas and the
 * root paths. Under enforcement every relation over the source must be exactly this relation: a per-read option
 * ({@code WITH ('sep' = '|')}, {@code OPTIONS}, {@code spark.read.option(..).table(..)}), a changed table property or
 * another schema would re-parse the raw files, and raw values could land in a column the masks do not cover.
 */
public record DeclaredSource(String qualifiedName, String format, Map<String, String> options, String dataSchema,
                             String partitionSchema, List<String> rootPaths) {
    public DeclaredSource {
        requireNonNull(qualifiedName, "qualifiedName is null");
        requireNonNull(format, "format is null");
        options = Map.copyOf(options);
        requireNonNull(dataSchema, "dataSchema is null");
        requireNonNull(partitionSchema, "partitionSchema is null");
        rootPaths = List.copyOf(rootPaths);
    }

    /** The declaration of {@code qualifiedName} as read by {@code relation} (during the privileged setup). */
    static DeclaredSource of(String qualifiedName, LogicalRelation relation) {
        if (!(relation.relation() instanceof HadoopFsRelation files)) {
            throw new IllegalStateException("source " + qualifiedName + " is not a file relation");
        }
        return new DeclaredSource(qualifiedName.toLowerCase(Locale.ROOT), files.fileFormat().getClass().getName(),
                options(files), files.dataSchema().json(), files.partitionSchema().json(), rootPaths(files));
    }

    /** Refuses with {@code READ_OPTIONS_NOT_ALLOWED} unless {@code relation} reads the source exactly as declared. */
    void requireSameRead(LogicalRelation relation) {
        if (!(relation.relation() instanceof HadoopFsRelation files)) {
            throw refused("it is read through " + relation.relation().getClass().getSimpleName());
        }
        if (!files.fileFormat().getClass().getName().equals(format)) {
            throw refused("it is read with another format");
        }
        Map<String, String> actual = options(files);
        if (!actual.equals(options)) {
            Set<String> differing = new TreeSet<>();
            for (String key : new TreeSet<>(actual.keySet())) {
                if (!options.containsKey(key) || !options.get(key).equals(actual.get(key))) {
                    differing.add(key);
                }
            }
            for (String key : options.keySet()) {
                if (!actual.containsKey(key)) {
                    differing.add(key);
                }
            }
            throw refused("it is read with other data source options (" + String.join(", ", differing) + ")");
        }
        if (!files.dataSchema().json().equals(dataSchema) || !files.partitionSchema().json().equals(partitionSchema)
                || files.bucketSpec().isDefined()) {
            throw refused("it is read with another schema");
        }
        if (!rootPaths(files).equals(rootPaths)) {
            throw refused("it is read from other files");
        }
        // Metadata columns (_metadata) are refused on their own by the check rule (COMMAND_NOT_ALLOWED).
        List<org.apache.spark.sql.catalyst.expressions.AttributeReference> output = Scala.list(relation.output())
                .stream().filter(a -> !a.metadata().contains("__metadata_col") && !a.name().equals("_metadata"))
                .toList();
        org.apache.spark.sql.types.StructField[] fields = files.schema().fields();
        if (output.size() != fields.length) {
            throw refused("it is read with another schema");
        }
        for (int i = 0; i < fields.length; i++) {
            if (!output.get(i).name().equals(fields[i].name())
                    || !output.get(i).dataType().sameType(fields[i].dataType())) {
                throw refused("it is read with another schema");
            }
        }
    }

    private EnforcementException refused(String why) {
        return new EnforcementException(JobsErrorCode.READ_OPTIONS_NOT_ALLOWED, "source dataset " + qualifiedName
                + " may be read only with the format, options and schema the platform declared, but " + why
                + "; remove the options (WITH, OPTIONS, reader options) and read the table as it is");
    }

    private static Map<String, String> options(HadoopFsRelation files) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : Scala.map(files.options()).entrySet()) {
            if (!isInternal(e.getKey())) {
                out.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
            }
        }
        return out;
    }

    /**
     * Spark's own markers among a relation's options (e.g. {@code __required_write_privileges__} on the target of an
     * INSERT): no file format reads an option named like that.
     */
    static boolean isInternal(String key) {
        return key.startsWith("__") && key.endsWith("__");
    }

    private static List<String> rootPaths(HadoopFsRelation files) {
        return Scala.list(files.location().rootPaths()).stream().map(Object::toString).sorted().toList();
    }
}
