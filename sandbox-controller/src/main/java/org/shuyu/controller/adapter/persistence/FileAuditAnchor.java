package org.shuyu.controller.adapter.persistence;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shuyu.controller.audit.AuditAnchor;

/**
 * The audit anchor as a small text file ({@code shuyu-audit-anchor v1 <seq> <hash>}) outside the database. Each
 * advance writes a temporary file next to it, forces it to disk, renames it over the anchor atomically and forces
 * the directory, so after a crash the anchor is the old head or the new one, never a torn mix.
 */
public final class FileAuditAnchor implements AuditAnchor {
    private static final Pattern FORMAT = Pattern.compile("shuyu-audit-anchor v1 (\\d{1,18}) ([0-9a-f]{64})\\s*");
    private final Path file;
    private Head written;

    public FileAuditAnchor(Path file) {
        this.file = requireNonNull(file, "file is null").toAbsolutePath();
    }

    @Override
    public synchronized Optional<Head> read() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit anchor " + file, e);
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalStateException("the audit anchor " + file + " is not an anchor file");
        }
        Head head = new Head(Long.parseLong(m.group(1)), m.group(2));
        if (written == null || written.seq() < head.seq()) {
            written = head;
        }
        return Optional.of(head);
    }

    @Override
    public synchronized void advance(Head head) {
        requireNonNull(head, "head is null");
        if (written == null) {
            read();
        }
        if (written != null && written.seq() >= head.seq()) {
            return;
        }
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            byte[] bytes = ("shuyu-audit-anchor v1 " + head.seq() + " " + head.hash() + "\n").getBytes(StandardCharsets.US_ASCII);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
            forceDirectory(dir);
            written = head;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit anchor " + file, e);
        }
    }

    /** Makes the rename durable: on Linux a directory opened for reading can be forced. */
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
                throw e;
            }
        }
    }

    @Override
    public String describe() {
        return file.toString();
    }
}
