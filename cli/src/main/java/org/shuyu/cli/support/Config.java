package org.shuyu.cli.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code <config dir>/config.yaml}: named profiles (a server each) and which one is current. Logins (tokens) are kept
 * apart, one private file per profile ({@link Tokens}).
 *
 * <pre>
 * current: default
 * profiles:
 *   default: { server: http://127.0.0.1:8080 }
 * </pre>
 */
public final class Config {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One named profile. */
    public record Profile(String server) {}

    /** The file's shape. */
    public record Document(String current, Map<String, Profile> profiles) {}

    private final Path dir;
    private String current;
    private final Map<String, Profile> profiles;

    private Config(Path dir, String current, Map<String, Profile> profiles) {
        this.dir = dir;
        this.current = current;
        this.profiles = profiles;
    }

    public static Config load(Path dir) {
        Path file = dir.resolve("config.yaml");
        if (!Files.exists(file)) {
            return new Config(dir, "default", new LinkedHashMap<>());
        }
        try {
            Document document = YAML.readValue(file.toFile(), Document.class);
            return new Config(dir, document.current() == null ? "default" : document.current(),
                    new LinkedHashMap<>(document.profiles() == null ? Map.of() : document.profiles()));
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "CONFIG_MALFORMED",
                    "cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse("") + "; fix or delete it");
        }
    }

    public Path dir() {
        return dir;
    }

    public String currentProfile() {
        return current;
    }

    public Optional<Profile> profile(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    public Map<String, Profile> profiles() {
        return Map.copyOf(profiles);
    }

    public void putProfile(String name, Profile profile) {
        profiles.put(name, profile);
    }

    public void removeProfile(String name) {
        profiles.remove(name);
    }

    public void setCurrent(String name) {
        this.current = name;
    }

    /** Writes the file (directory 0700, file 0600), atomically replacing the old one. */
    public void save() {
        try {
            PrivateFiles.write(dir.resolve("config.yaml"),
                    YAML.writeValueAsBytes(new Document(current, new LinkedHashMap<>(profiles))));
        } catch (IOException e) {
            throw new CliException(ExitCode.ERROR, "CONFIG_WRITE_FAILED", "cannot write " + dir + ": " + e.getMessage());
        }
    }
}
