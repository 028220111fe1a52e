package org.shuyu.controller.catalog;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Port: where a dataset's rows live for jobs to read, as CSV with a header line in the column order of the
 * dataset's schema. Only the enforced job runtime reads them; nothing serves them to a person.
 */
public interface SourceData {
    /** The directory holding the dataset's files (created empty if the provider has delivered none). */
    Path location(String datasetId);

    /** Whether any rows were delivered. */
    boolean present(String datasetId);

    /** Replaces the dataset's rows (demo seeding and tests; providers' delivery pipelines in production). */
    void replace(String datasetId, List<String> header, Iterable<List<String>> rows);

    /**
     * Reads every delivered row (all files, RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) and
     * calls {@code row} with the raw text of {@code columns}, found by the header's names, in that order (null for an
     * empty field). The list is reused between calls. Only the controller's own checks read rows this way (the
     * airlock's raw-value check); nothing returns them to a person. A file without one of the columns, or one that
     * cannot be read or parsed, throws {@link org.shuyu.controller.error.SandboxException} with
     * {@code SOURCE_DATA_UNREADABLE}.
     */
    void read(String datasetId, List<String> columns, Consumer<List<String>> row);

    /**
     * Streams a new version of the dataset's rows from {@code csv} (RFC 4180, UTF-8) into a temporary file next to
     * the current one, never holding the body in memory: the header and every row go to {@code check} as they are
     * read (which refuses by throwing a {@link org.shuyu.controller.error.SandboxException}), the raw bytes are hashed
     * and counted, and more than {@code maxBytes} is refused with {@code DATASET_DATA_TOO_LARGE}. Nothing is visible
     * until {@link Staged#commit()}: the current data stays in place until then, and {@link Staged#discard()} (always
     * called, also after a commit) removes what is left of the temporary file.
     */
    Staged stage(String datasetId, InputStream csv, long maxBytes, RecordCheck check);

    /**
     * {@link #stage} into another directory than a catalog dataset's: an operator's own data, kept in its grant's
     * workspace storage until it is approved (docs/own-data.md). {@code label} names the upload in messages.
     */
    Staged stageIn(Path dir, String label, InputStream csv, long maxBytes, RecordCheck check);

    /** Checks an upload record by record; the line of a row is its 1-based line in the file (the header is line 1). */
    interface RecordCheck {
        void header(List<String> names);

        void row(long line, List<String> fields);
    }

    /** A checked upload waiting to replace the dataset's data: its rows, size and the SHA-256 of its bytes. */
    interface Staged extends AutoCloseable {
        long rows();

        long bytes();

        String sha256();

        /** Moves the new data into place in one atomic rename; other data files of the dataset are removed after it. */
        void commit();

        /** Removes the temporary file if it is still there. */
        void discard();

        @Override
        default void close() {
            discard();
        }
    }
}
