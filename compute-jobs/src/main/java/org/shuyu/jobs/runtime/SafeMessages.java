package org.shuyu.jobs.runtime;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkThrowable;
import org.apache.spark.SparkThrowableHelper$;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.types.StructField;
import org.shuyu.jobs.JobsErrorCode;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Turns a failure into a code and a message that carries no data: no free text from Spark or the JVM leaves the
 * runtime. The message is rebuilt from Spark's error condition (the deepest one in the cause chain, so
 * {@code Exception thrown in awaitResult:} and stage-failure wrappers show the real cause) and its message template,
 * with each message parameter kept only if it can be verified to be an identifier: every word of it is a name the job
 * knows (databases, tables and columns of the catalog, words of the job's own statements), a Spark type name, a
 * small number, or the whole value is a configuration key; anything else becomes {@code <redacted>}. A failure with no
 * error condition is named by its class only. {@link StackOverflowError} is {@code STATEMENT_TOO_COMPLEX},
 * {@link OutOfMemoryError} {@code OUT_OF_MEMORY}, any other {@link Error} {@code RUNTIME_ERROR}.
 */
public final class SafeMessages {
    /** The replacement of a message parameter that is not a verifiable identifier. */
    public static final String REDACTED = "<redacted>";

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");
    private static final Pattern CONFIG_KEY = Pattern.compile("\"?spark\\.[A-Za-z0-9_.]+\"?");
    private static final Pattern SMALL_NUMBER = Pattern.compile("\\d{1,3}");
    private static final Set<String> TYPE_WORDS = Set.of("boolean", "tinyint", "smallint", "int", "integer", "bigint",
            "float", "double", "decimal", "numeric", "string", "varchar", "char", "binary", "date", "timestamp",
            "timestamp_ntz", "timestamp_ltz", "interval", "year", "month", "day", "hour", "minute", "second", "to",
            "array", "map", "struct", "void", "null", "variant", "byte", "short", "long", "collate", "utf8_binary",
            "not");
    /** Conditions that mean the statement is too deep to analyse or run. */
    private static final Set<String> TOO_COMPLEX = Set.of("FAILED_TO_PARSE_TOO_COMPLEX");

    private final Set<String> vocabulary;

    public SafeMessages(Set<String> vocabulary) {
        Set<String> lower = new HashSet<>();
        for (String word : requireNonNull(vocabulary, "vocabulary is null")) {
            lower.add(word.toLowerCase(Locale.ROOT));
        }
        this.vocabulary = Set.copyOf(lower);
    }

    /** The names a job knows: its statements' words and every database, table and column of its catalog. */
    public static SafeMessages of(Optional<SparkSession> spark, List<String> statements) {
        Set<String> words = new HashSet<>();
        for (String statement : statements) {
            Matcher m = WORD.matcher(statement);
            while (m.find()) {
                words.add(m.group());
            }
        }
        if (spark.isPresent()) {
            try {
                SessionCatalog catalog = spark.get().sessionState().catalog();
                for (String database : CollectionConverters.asJava(catalog.listDatabases())) {
                    words.add(database);
                    for (TableIdentifier table : CollectionConverters.asJava(catalog.listTables(database))) {
                        words.add(table.table());
                        for (StructField field : catalog.getTableMetadata(table).schema().fields()) {
                            words.add(field.name());
                        }
                    }
                }
            } catch (Exception | LinkageError e) {
                // fewer known names only means more parameters are redacted
            }
        }
        return new SafeMessages(words);
    }

    /** A failure's code and data-free message. */
    public record Failure(JobsErrorCode code, String message) {
        public Failure {
            requireNonNull(code, "code is null");
            requireNonNull(message, "message is null");
        }
    }

    /** The code and message of a step (or setup) failure that is not a refusal. */
    public Failure failure(Throwable failure, JobsErrorCode otherwise) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StackOverflowError) {
                return new Failure(JobsErrorCode.STATEMENT_TOO_COMPLEX,
                        "the statement is nested too deeply to be analysed or run (stack overflow); split it");
            }
            if (t instanceof OutOfMemoryError) {
                return new Failure(JobsErrorCode.OUT_OF_MEMORY, "the job ran out of memory");
            }
        }
        Optional<SparkThrowable> condition = deepestCondition(failure);
        if (condition.isPresent() && TOO_COMPLEX.contains(condition.get().getCondition())) {
            return new Failure(JobsErrorCode.STATEMENT_TOO_COMPLEX, message(condition.get()));
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Error) {
                return new Failure(JobsErrorCode.RUNTIME_ERROR, "the Java runtime failed: "
                        + t.getClass().getName());
            }
        }
        if (condition.isPresent()) {
            return new Failure(otherwise, message(condition.get()));
        }
        return new Failure(otherwise, rootCause(failure).getClass().getName());
    }

    /** The message of a Spark error condition with every unverifiable parameter replaced. */
    String message(SparkThrowable error) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, String> p : error.getMessageParameters().entrySet()) {
            parameters.put(p.getKey(), keep(p.getValue()) ? p.getValue() : REDACTED);
        }
        try {
            return SparkThrowableHelper$.MODULE$.getMessage(error.getCondition(),
                    scala.collection.immutable.Map.from(CollectionConverters.asScala(parameters)));
        } catch (RuntimeException e) {
            return "[" + error.getCondition() + "] " + parameters;
        }
    }

    /** Whether a message parameter is verifiably an identifier, a type, a small number or a configuration key. */
    boolean keep(String value) {
        if (value == null || value.isEmpty()) {
            return true;
        }
        if (CONFIG_KEY.matcher(value).matches()) {
            return true;
        }
        Matcher m = WORD.matcher(value);
        while (m.find()) {
            String word = m.group().toLowerCase(Locale.ROOT);
            if (!vocabulary.contains(word) && !TYPE_WORDS.contains(word) && !SMALL_NUMBER.matcher(word).matches()) {
                return false;
            }
        }
        return true;
    }

    private static Optional<SparkThrowable> deepestCondition(Throwable failure) {
        SparkThrowable found = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SparkThrowable spark && spark.getCondition() != null) {
                found = spark;
            }
        }
        return Optional.ofNullable(found);
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
