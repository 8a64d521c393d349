package dev.warden.daemon.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.config.ConfigLoader;
import dev.warden.config.HttpUrl;
import dev.warden.config.WardenConfig;
import dev.warden.daemon.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine), so the tour is checked for what can break
 * without one: it parses, has its five services, everything it mounts or builds exists in the
 * repository and sits where the other files expect it, and Warden accepts the tour's configuration.
 */
class ComposeFileTest {
    static final String GRAFANA_DASHBOARDS = "/var/lib/grafana/dashboards";
    private static final String WARDEN_CONFIG = "/etc/warden/warden.yaml";

    private final Path root = RepositoryFiles.root();
    private final JsonNode compose = RepositoryFiles.yaml(root.resolve("docker-compose.yml"));

    @Test
    void shouldDefineTheFiveServices() {
        assertThat(names(compose.path("services")))
                .containsExactlyInAnyOrder("postgres", "warden", "prometheus", "alertmanager", "grafana");
        compose.path("services").properties().forEach(service -> assertThat(
                service.getValue().has("image") || service.getValue().has("build")).as(service.getKey()).isTrue());
    }

    @Test
    void shouldMountAndBuildOnlyWhatExistsInTheRepository() {
        List<String> missing = new ArrayList<>();
        compose.path("services").properties().forEach(entry -> {
            String service = entry.getKey();
            JsonNode definition = entry.getValue();
            for (Mount mount : mounts(definition)) {
                if (mount.bind()) {
                    assertThat(mount.source()).as(service + " mounts a file of the repository, not of the host")
                            .startsWith("./");
                    requireExists(service + " volume", root.resolve(mount.source()).normalize(), missing);
                } else {
                    assertThat(compose.path("volumes").has(mount.source()))
                            .as(service + "'s named volume " + mount.source() + " is declared").isTrue();
                }
            }
            JsonNode build = definition.path("build");
            if (!build.isMissingNode()) {
                Path context = root.resolve(build.isTextual() ? build.asText() : build.path("context").asText(".")).normalize();
                requireExists(service + " build context", context, missing);
                requireExists(service + " Dockerfile", context.resolve(build.path("dockerfile").asText("Dockerfile")), missing);
            }
            JsonNode envFiles = definition.path("env_file");
            for (JsonNode envFile : envFiles.isArray() ? envFiles : List.of(envFiles)) {
                if (!envFile.isMissingNode()) {
                    requireExists(service + " env_file", root.resolve(envFile.isTextual() ? envFile.asText()
                            : envFile.path("path").asText()), missing);
                }
            }
        });
        assertThat(missing).isEmpty();
        assertThat(Files.isRegularFile(root.resolve(".dockerignore"))).as(".dockerignore").isTrue();
    }

    @Test
    void shouldMountEveryFileWhereTheOtherFilesExpectIt() {
        assertThat(mountTarget("grafana", "./grafana/dashboards")).isEqualTo(GRAFANA_DASHBOARDS);
        assertThat(mountTarget("grafana", "./grafana/provisioning")).isEqualTo("/etc/grafana/provisioning");
        assertThat(mountTarget("alertmanager", "./grafana/alertmanager/alertmanager.yml"))
                .isEqualTo("/etc/alertmanager/alertmanager.yml");
        assertThat(mountTarget("prometheus", "./grafana/prometheus/prometheus.yml")).isEqualTo("/etc/prometheus/prometheus.yml");
        assertThat(mountTarget("warden", "./grafana/compose/warden.yaml")).isEqualTo(WARDEN_CONFIG);

        JsonNode prometheus = RepositoryFiles.yaml(root.resolve("grafana/prometheus/prometheus.yml"));
        String rules = mountTarget("prometheus", "./grafana/prometheus/rules");
        assertThat(prometheus.path("rule_files")).isNotEmpty()
                .allSatisfy(file -> assertThat(file.asText()).startsWith(rules + "/"));
        int wardenPort = tourConfig().server().port();
        assertThat(prometheus.path("scrape_configs").findValues("targets")).flatMap(ComposeFileTest::texts)
                .contains("warden:" + wardenPort);
        assertThat(prometheus.path("alerting").findValues("targets")).flatMap(ComposeFileTest::texts)
                .contains("alertmanager:9093");
    }

    @Test
    void shouldBuildTheShadedJarAndRunTheMountedConfiguration() {
        String dockerfile = RepositoryFiles.text(root.resolve("Dockerfile"));
        assertThat(RepositoryFiles.text(root.resolve("daemon/pom.xml")))
                .contains("<outputFile>${project.build.directory}/warden.jar</outputFile>");
        assertThat(dockerfile).contains("-pl daemon -am package").contains("daemon/target/warden.jar")
                // The class-data sharing archive is dumped in the image for its JRE; java ignores it when missing.
                .contains("-XX:SharedArchiveFile=/opt/warden/warden.jsa -cp /opt/warden/warden.jar")
                // Then the launcher's JIT and memory settings (./warden), and the jar.
                .contains("ENTRYPOINT [\"java\", \"-XX:SharedArchiveFile=/opt/warden/warden.jsa\", \"-XX:TieredStopAtLevel=1\","
                        + " \"-XX:+UseSerialGC\","
                        + " \"-Xms16m\", \"-XX:-ShrinkHeapInSteps\", \"-XX:MaxNewSize=16m\", \"-jar\", \"/opt/warden/warden.jar\"]")
                .contains("ENV MALLOC_ARENA_MAX=2");
        Matcher cmd = Pattern.compile("(?m)^CMD \\[(.*)]$").matcher(dockerfile);
        assertThat(cmd.find()).as("a CMD line").isTrue();
        assertThat(cmd.group(1).replace("\"", "").split(",\\s*")).containsExactly("run", "--config", WARDEN_CONFIG);
    }

    @Test
    void shouldSendEverySourceTheBuildNeedsAndNoBuildOutput() {
        DockerIgnore ignore = new DockerIgnore(RepositoryFiles.text(root.resolve(".dockerignore")));
        List<String> needed = new ArrayList<>(List.of("pom.xml", "daemon/src/main/java/dev/warden/daemon/target/TargetVerticle.java"));
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(RepositoryFiles.text(root.resolve("pom.xml")));
        while (module.find()) {
            needed.add(module.group(1) + "/pom.xml");
            needed.add(module.group(1) + "/src/main");
        }
        assertThat(needed).as("sources the Maven build reads").noneMatch(ignore::excludes).hasSizeGreaterThan(10);
        assertThat(List.of("daemon/target/warden.jar", "target/x", ".git/HEAD", "grafana/dashboards/warden-self.json"))
                .allMatch(ignore::excludes);
    }

    @Test
    void shouldValidateTheToursWardenConfigurationWithTheEnvironmentComposeGivesIt() {
        Path config = root.resolve("grafana/compose/warden.yaml");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Main.run(new String[] {"config", "validate", config.toString()}, wardenEnvironment(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("valid, 1 target");
        WardenConfig tour = tourConfig();
        assertThat(tour.server().host()).as("reachable from the other containers").isEqualTo("0.0.0.0");
        assertThat(tour.alerting().alertmanagers()).extracting(HttpUrl::url).containsExactly("http://alertmanager:9093");
    }

    @Test
    void shouldRejectTheToursConfigurationWithoutTheComposeEnvironment() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Main.run(new String[] {"config", "validate", root.resolve("grafana/compose/warden.yaml").toString()},
                Map.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("WARDEN_TOKEN");
    }

    private WardenConfig tourConfig() {
        return ConfigLoader.load(root.resolve("grafana/compose/warden.yaml"), wardenEnvironment());
    }

    /** The warden service's environment, in either of compose's two forms. */
    private Map<String, String> wardenEnvironment() {
        JsonNode environment = compose.path("services").path("warden").path("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (environment.isArray()) {
            environment.forEach(entry -> {
                String[] pair = entry.asText().split("=", 2);
                env.put(pair[0], pair.length > 1 ? pair[1] : "");
            });
        } else {
            environment.properties().forEach(entry -> env.put(entry.getKey(), entry.getValue().asText()));
        }
        return env;
    }

    private String mountTarget(String service, String source) {
        return mounts(compose.path("services").path(service)).stream().filter(m -> m.source().equals(source))
                .map(Mount::target).findFirst().orElseThrow(() -> new AssertionError(service + " does not mount " + source));
    }

    private record Mount(String source, String target, boolean bind) {
    }

    /** Volumes in compose's short ({@code src:dst[:mode]}) or long ({@code type/source/target}) syntax. */
    private static List<Mount> mounts(JsonNode service) {
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode volume : service.path("volumes")) {
            if (volume.isTextual()) {
                String[] parts = volume.asText().split(":");
                String source = parts[0];
                boolean bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
                mounts.add(new Mount(source, parts.length > 1 ? parts[1] : source, bind));
            } else {
                mounts.add(new Mount(volume.path("source").asText(), volume.path("target").asText(),
                        volume.path("type").asText().equals("bind")));
            }
        }
        return mounts;
    }

    private static void requireExists(String what, Path path, List<String> missing) {
        if (!Files.exists(path)) {
            missing.add(what + ": " + path + " does not exist");
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
