package dev.warden.rollback.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void shouldEscapeValuesSoThatTheBodyStaysValidJson() {
        String body = Template.render("{\"why\": \"{{reasoning}}\", \"id\": \"{{ decision_id }}\"}",
                Map.of("reasoning", "orders \"dropped\" 40%\nsee \\logs", "decision_id", "d-1"), Template::json);

        JsonObject parsed = new JsonObject(body);
        assertThat(parsed.getString("why")).isEqualTo("orders \"dropped\" 40%\nsee \\logs");
        assertThat(parsed.getString("id")).isEqualTo("d-1");
    }

    @Test
    void shouldEncodeUrlValuesAsOnePathSegment() {
        assertThat(Template.render("https://x/flags/{{feature}}/off", Map.of("feature", "new checkout/v2"),
                Template::urlSegment)).isEqualTo("https://x/flags/new%20checkout%2Fv2/off");
    }

    @Test
    void shouldNameUnknownPlaceholders() {
        assertThatThrownBy(() -> Template.requireKnown("code_revert.webhook.body", "{{target}} {{decison_id}}",
                Set.of("target", "decision_id")))
                .hasMessage("code_revert.webhook.body uses unknown placeholder(s) [decison_id]; known: [decision_id,"
                        + " target]");
    }

    @Test
    void shouldReadASimplePathOfKeysAndIndexes() {
        String json = "{\"data\": {\"flags\": [{\"on\": false}, {\"on\": true}]}, \"gone\": null}";

        assertThat(JsonPath.read(json, "data.flags.0.on")).contains("false");
        assertThat(JsonPath.read(json, "$.data.flags.1.on")).contains("true");
        assertThat(JsonPath.read(json, "gone")).contains("null");
        assertThat(JsonPath.read(json, "data.flags.7.on")).isEmpty();
    }
}
