package dev.warden.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.config.schema.Context;
import dev.warden.config.schema.Interpolator;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Problem;
import dev.warden.config.schema.YamlDocument;
import dev.warden.config.schema.YamlSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads YAML (or an already built tree) into a validated {@link WardenConfig}, or says everything wrong with it. */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    public static WardenConfig load(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of(new Problem("", "file not found")));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new Problem("", "cannot read: " + e.getMessage())));
        }
        return parse(text, file.toString(), env);
    }

    public static WardenConfig parse(String yaml, String source, Map<String, String> env) {
        List<Problem> problems = new ArrayList<>();
        JsonNode tree;
        try {
            tree = YamlDocument.read(yaml, problems);
        } catch (YamlSyntaxException e) {
            throw new ConfigException(source, List.of(new Problem("", e.getMessage())));
        }
        return read(tree, source, env, problems);
    }

    /** Reads a tree built in code (the embedded default) through the same validation as a file. */
    public static WardenConfig fromTree(JsonNode tree, String source, Map<String, String> env) {
        return read(tree, source, env, new ArrayList<>());
    }

    private static WardenConfig read(JsonNode tree, String source, Map<String, String> env, List<Problem> problems) {
        JsonNode interpolated = Interpolator.apply(tree, env, problems);
        WardenConfig config = WardenConfig.read(Node.root(interpolated, WardenConfig.SCHEMA, problems, new Context(env)));
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return config;
    }
}
