package dev.warden.checks;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.StdConverter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.VertxModule;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Warden's one JSON mapper for the records it stores and serves: names in snake_case, instants as
 * ISO-8601 strings, durations in whole seconds (a property in milliseconds says so with
 * {@link Millis}), enums in lower case, read back whatever their case; unknown fields are ignored
 * and a missing map or list reads as empty. Vert.x's {@link JsonObject} and {@link JsonArray} go through as
 * they are. A type Warden cannot annotate gets its names from a mix-in ({@link #withMixIn}).
 */
public final class WardenJson {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<Object>> LIST = new TypeReference<>() { };
    private static final WardenJson MAPPER = new WardenJson(configure());

    private final ObjectMapper mapper;

    private WardenJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public static WardenJson mapper() {
        return MAPPER;
    }

    /** This mapper with {@code mixIn}'s annotations applied to {@code target}. */
    public WardenJson withMixIn(Class<?> target, Class<?> mixIn) {
        ObjectMapper copy = mapper.copy();
        copy.addMixIn(target, mixIn);
        return new WardenJson(copy);
    }

    public JsonObject object(Object value) {
        return value == null ? null : new JsonObject(mapper.convertValue(value, MAP));
    }

    public JsonArray array(Object values) {
        return values == null ? null : new JsonArray(mapper.convertValue(values, LIST));
    }

    /** {@code json} (a JsonObject, a JsonArray, plain maps and lists) as a {@code type}; null stays null. */
    public <T> T read(Object json, Class<T> type) {
        return mapper.convertValue(json, type);
    }

    public <T> T read(Object json, TypeReference<T> type) {
        return mapper.convertValue(json, type);
    }

    private static ObjectMapper configure() {
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new VertxModule())
                .addModule(new SimpleModule("warden").addSerializer(Duration.class, new StdSerializer<>(Duration.class) {
                    @Override
                    public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider)
                            throws IOException {
                        gen.writeNumber(value.toSeconds());
                    }
                }))
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        mapper.configOverride(Map.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
        mapper.configOverride(List.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
        return mapper;
    }

    /** For a duration written in milliseconds: {@code @JsonSerialize(converter = WardenJson.Millis.class)}. */
    public static final class Millis extends StdConverter<Duration, Long> {
        @Override
        public Long convert(Duration value) {
            return value.toMillis();
        }
    }
}
