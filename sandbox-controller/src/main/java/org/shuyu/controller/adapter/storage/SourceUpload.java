package org.shuyu.controller.adapter.storage;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.shuyu.controller.audit.Sha256;
import org.shuyu.controller.catalog.SourceData.RecordCheck;
import org.shuyu.controller.catalog.SourceData.Staged;
import org.shuyu.controller.error.ErrorCode;
import org.shuyu.controller.error.SandboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload of a dataset's data into its directory (docs/storage.md): the body is copied byte for byte into a hidden
 * temporary file ({@code .upload-<uuid>.tmp}, which Spark and the readers of {@link LocalSourceData} ignore) while it is
 * decoded (strict UTF-8), parsed (RFC 4180) and checked record by record, hashed and counted. The current
 * {@code data.csv} stays untouched until {@link Staged#commit()} renames the new file over it. Messages name lines and
 * counts, never a value.
 */
final class SourceUpload implements Staged {
    static final String DATA_FILE = "data.csv";
    /** The longest record (in characters) an upload may have: a line of 1 MiB is not a table row. */
    static final int MAX_RECORD_CHARS = 1 << 20;
    private static final Logger log = LoggerFactory.getLogger(SourceUpload.class);

    private final String datasetId;
    private final Path dir;
    private final Path tmp;
    private final long rows;
    private final long bytes;
    private final String sha256;

    private SourceUpload(String datasetId, Path dir, Path tmp, long rows, long bytes, String sha256) {
        this.datasetId = datasetId;
        this.dir = dir;
        this.tmp = tmp;
        this.rows = rows;
        this.bytes = bytes;
        this.sha256 = sha256;
    }

    static Staged stage(String datasetId, Path dir, InputStream csv, long maxBytes, RecordCheck check) {
        Path tmp = dir.resolve(".upload-" + UUID.randomUUID() + ".tmp");
        MessageDigest digest = Sha256.digest();
        boolean staged = false;
        try (OutputStream file = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Tee tee = new Tee(csv, file, digest, maxBytes);
            BufferedReader in = new BufferedReader(new InputStreamReader(tee, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
            LocalSourceData.CsvRecords records = new LocalSourceData.CsvRecords(in, MAX_RECORD_CHARS);
            List<String> header = records.next();
            check.header(header == null ? List.of() : header);
            long line = 1;
            long rows = 0;
            for (List<String> fields = records.next(); fields != null; fields = records.next()) {
                line++;
                if (records.unterminatedQuote()) {
                    throw new SandboxException(ErrorCode.DATASET_DATA_MALFORMED, "line " + line + ": the file ends inside a quoted field");
                }
                if (fields.size() == 1 && fields.get(0) == null) {
                    continue; // a blank line
                }
                check.row(line, fields);
                rows++;
            }
            if (records.unterminatedQuote()) {
                throw new SandboxException(ErrorCode.DATASET_DATA_MALFORMED, "line " + line + ": the file ends inside a quoted field");
            }
            if (rows == 0) {
                throw new SandboxException(ErrorCode.DATASET_DATA_EMPTY, "the file of " + datasetId + " has a header but no row");
            }
            file.flush();
            staged = true;
            return new SourceUpload(datasetId, dir, tmp, rows, tee.count, HexFormat.of().formatHex(digest.digest()));
        } catch (TooLarge e) {
            throw new SandboxException(ErrorCode.DATASET_DATA_TOO_LARGE, "the data of " + datasetId + " is larger than "
                    + maxBytes + " bytes (sandbox.storage.max-upload-bytes)");
        } catch (LocalSourceData.CsvRecords.RecordTooLong e) {
            throw new SandboxException(ErrorCode.DATASET_DATA_MALFORMED, "a line of the file is longer than " + MAX_RECORD_CHARS
                    + " characters");
        } catch (CharacterCodingException e) {
            throw new SandboxException(ErrorCode.DATASET_DATA_MALFORMED, "the file is not valid UTF-8");
        } catch (IOException e) {
            throw new SandboxException(ErrorCode.DATASET_DATA_STORAGE_FAILED, "the data of " + datasetId
                    + " could not be received or written: " + e.getClass().getSimpleName(), e);
        } finally {
            if (!staged) {
                delete(tmp);
            }
        }
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public void commit() {
        try {
            Files.move(tmp, dir.resolve(DATA_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SandboxException(ErrorCode.DATASET_DATA_STORAGE_FAILED, "the new data of " + datasetId
                    + " could not be moved into place; the previous data stays", e);
        }
        // Files placed by hand or by an older layout would be read as part of the table: the upload is the whole data.
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (!name.equals(DATA_FILE) && !name.startsWith(".") && Files.isRegularFile(f)) {
                    Files.delete(f);
                }
            }
        } catch (IOException e) {
            log.warn("dataset {}: other data files could not be removed after an upload: {}", datasetId, e.getClass().getName());
        }
    }

    @Override
    public void discard() {
        delete(tmp);
    }

    private static void delete(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            log.warn("cannot remove the temporary upload {}: {}", tmp.getFileName(), e.getClass().getName());
        }
    }

    /** The body, copied to the file, hashed and counted as it is read; more than {@code max} bytes throws {@link TooLarge}. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream copy;
        private final MessageDigest digest;
        private final long max;
        long count;

        Tee(InputStream in, OutputStream copy, MessageDigest digest, long max) {
            super(in);
            this.copy = copy;
            this.digest = digest;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new TooLarge();
                }
                copy.write(b, off, n);
                digest.update(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) {
            return 0; // every byte must pass through read
        }

        @Override
        public void close() {
            // the caller owns the request stream
        }
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("too large");
        }
    }
}
