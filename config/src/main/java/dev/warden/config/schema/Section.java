package dev.warden.config.schema;

import java.util.List;

/**
 * A YAML mapping with a fixed set of keys and nested sections. {@code repeated} sections are
 * lists of such mappings ({@code targets[]}).
 */
public record Section(String name, String description, boolean repeated, List<Key<?>> keys, List<Section> sections) {

    public Section {
        keys = List.copyOf(keys);
        sections = List.copyOf(sections);
    }

    public static Section of(String name, String description, List<Key<?>> keys, List<Section> sections) {
        return new Section(name, description, false, keys, sections);
    }

    public static Section list(String name, String description, List<Key<?>> keys, List<Section> sections) {
        return new Section(name, description, true, keys, sections);
    }

    /** Every key and section name allowed directly inside this section. */
    public List<String> allowedNames() {
        return java.util.stream.Stream.concat(keys.stream().map(Key::name), sections.stream().map(Section::name)).toList();
    }
}
