package dev.warden.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real Flyway and Liquibase, through their Maven plugins: a generated one-file project run by the
 * machine's {@code mvn} with this build's local repository (each run costs one Maven start, 5 to 10 s
 * here). What the tests of {@code warden migrate} and {@code warden drill} hand over as the command.
 */
final class MavenTools {
    static final String FLYWAY = "13.12.2";
    static final String LIQUIBASE = "4.33.0";
    private static final String DRIVER = "42.7.13";

    private MavenTools() {
    }

    /** {@code mvn flyway:migrate} of {@code migrations}, to the database {@code {{url}}} names. */
    static List<String> flyway(Path projects, Path migrations, String... moreProperties) {
        List<String> args = new ArrayList<>(List.of("flyway:migrate", "-Dflyway.url={{url}}",
                "-Dflyway.locations=filesystem:" + migrations, "-Dflyway.baselineOnMigrate=true"));
        args.addAll(List.of(moreProperties));
        return command(pom(projects, "org.flywaydb", "flyway-maven-plugin", FLYWAY, dependency("org.flywaydb",
                "flyway-database-postgresql", FLYWAY)), args);
    }

    /** {@code mvn} on the project {@code pom} with this build's local repository. */
    static List<String> command(Path pom, List<String> goalAndProperties) {
        List<String> args = new ArrayList<>(List.of("mvn", "-q", "-B", "-f", pom.toString()));
        String repository = System.getProperty("maven.repo.local");
        if (repository != null) {
            args.add("-Dmaven.repo.local=" + repository);
        }
        args.addAll(goalAndProperties);
        return args;
    }

    static Path pom(Path projects, String group, String plugin, String version, String moreDependencies) {
        try {
            return Files.writeString(Files.createTempDirectory(projects, plugin).resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>warden.test</groupId><artifactId>migration</artifactId><version>1</version>
                  <packaging>pom</packaging>
                  <build><plugins><plugin>
                    <groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>
                    <dependencies>%s%s</dependencies>
                  </plugin></plugins></build>
                </project>
                    """.formatted(group, plugin, version, moreDependencies, dependency("org.postgresql", "postgresql", DRIVER)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String dependency(String group, String artifact, String version) {
        return "<dependency><groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId><version>"
                + version + "</version></dependency>";
    }
}
