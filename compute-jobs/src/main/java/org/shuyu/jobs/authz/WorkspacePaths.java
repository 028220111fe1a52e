package org.shuyu.jobs.authz;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.shuyu.jobs.JobsErrorCode;

/**
 * The directories a job may touch by path: the workspace's files directory and warehouse directory. A path is
 * inside only if, after making it absolute, removing {@code .}/{@code ..} and resolving symbolic links of every
 * existing ancestor, it is one of them or below. Only local paths ({@code file:} or no scheme) can be inside;
 * glob brace/class patterns and backslashes are refused because Hadoop expands them after this check.
 */
public final class WorkspacePaths {
    private final List<Path> roots;

    public WorkspacePaths(Path filesDir, Path warehouseDir) {
        List<Path> list = new ArrayList<>();
        try {
            list.add(real(requireNonNull(filesDir, "filesDir is null")));
            list.add(real(requireNonNull(warehouseDir, "warehouseDir is null")));
        } catch (IOException e) {
            throw new IllegalArgumentException("workspace directories cannot be resolved: " + e.getMessage(), e);
        }
        this.roots = List.copyOf(list);
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * The normalised absolute path (as Ranger's url resource) of {@code location}, or {@code PATH_OUTSIDE_WORKSPACE}.
     *
     * @param what what the path is for, for the message ("write", "read", "table location")
     */
    public String requireInside(String location, String what) {
        Path path = toLocalPath(location, what);
        Path resolved;
        try {
            resolved = real(path);
        } catch (IOException e) {
            throw outside(location, what); // e.g. a dangling symbolic link: fail closed
        }
        for (Path root : roots) {
            if (resolved.startsWith(root)) {
                return resolved.toString();
            }
        }
        throw outside(location, what);
    }

    /** Whether {@code location} is inside, without throwing. */
    public boolean isInside(String location) {
        try {
            requireInside(location, "check");
            return true;
        } catch (EnforcementException e) {
            return false;
        }
    }

    private Path toLocalPath(String location, String what) {
        if (location == null || location.isBlank()) {
            throw outside(String.valueOf(location), what);
        }
        for (char c : new char[] {'{', '}', '[', ']', '\\', '\0'}) {
            if (location.indexOf(c) >= 0) {
                throw outside(location, what);
            }
        }
        String raw = location;
        int colon = raw.indexOf(':');
        int slash = raw.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash)) {
            URI uri;
            try {
                uri = new URI(raw);
            } catch (URISyntaxException e) {
                throw outside(location, what);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("file") || (uri.getAuthority() != null && !uri.getAuthority().isEmpty())
                    || uri.getPath() == null) {
                throw outside(location, what);
            }
            raw = uri.getPath();
        }
        return Path.of(raw).toAbsolutePath().normalize();
    }

    /** The path with symbolic links of its longest existing ancestor resolved. */
    private static Path real(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        List<Path> rest = new ArrayList<>();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            rest.add(0, existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        Path result = existing.toRealPath();
        for (Path part : rest) {
            result = result.resolve(part);
        }
        return result.normalize();
    }

    private static EnforcementException outside(String location, String what) {
        return new EnforcementException(JobsErrorCode.PATH_OUTSIDE_WORKSPACE,
                "path '" + location + "' (" + what + ") is outside the workspace's files and warehouse directories");
    }
}
