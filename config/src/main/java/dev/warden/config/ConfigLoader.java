package dev.warden.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.warden.config.schema.Context;
import dev.warden.config.schema.Interpolator;
import dev.warden.config.schema.Node;
import dev.warden.config.schema.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads YAML (or an already built tree) into a validated {@link WardenConfig}, or says everything wrong with it. */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

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
        JsonNode tree;
        try {
            tree = yaml.isBlank() ? MissingNode.getInstance() : YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
            throw new ConfigException(source, List.of(new Problem("", where + "not valid YAML: " + e.getOriginalMessage())));
        }
        return fromTree(tree == null ? MissingNode.getInstance() : tree, source, env);
    }

    /** Reads a tree built in code (the embedded default) through the same validation as a file. */
    public static WardenConfig fromTree(JsonNode tree, String source, Map<String, String> env) {
        List<Problem> problems = new ArrayList<>();
        JsonNode interpolated = Interpolator.apply(tree, env, problems);
        WardenConfig config = WardenConfig.read(Node.root(interpolated, WardenConfig.SCHEMA, problems, new Context(env)));
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return config;
    }
}
