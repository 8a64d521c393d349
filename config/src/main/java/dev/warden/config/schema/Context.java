package dev.warden.config.schema;

import java.util.Map;

/** What reading a value may depend on besides the YAML: the process environment. */
public record Context(Map<String, String> env) {
}
