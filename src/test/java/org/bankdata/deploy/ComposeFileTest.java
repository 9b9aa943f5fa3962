package org.bankdata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bankdata.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * deploy/docker-compose.yml parses, holds the stack the issue asks for, and every command it gives bankdata's image
 * is one bankdata's own argument parser accepts. No Docker engine: the file is read, nothing is started.
 */
class ComposeFileTest {
    private static final Path COMPOSE = Path.of("deploy/docker-compose.yml");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(:?[-?][^}]*)?}");

    private static JsonNode compose;
    private static DockerfileText dockerfile;

    @BeforeAll
    static void read() throws Exception {
        compose = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile());
        dockerfile = DockerfileText.read(Path.of("deploy/Dockerfile"));
    }

    private static JsonNode service(String name) {
        JsonNode service = compose.path("services").path(name);
        assertThat(service.isObject()).as("service %s", name).isTrue();
        return service;
    }

    /** The services that run bankdata's image, by the image the build section tags. */
    private static Map<String, JsonNode> bankdataServices() {
        String image = null;
        for (JsonNode service : compose.path("services")) {
            if (service.path("build").path("dockerfile").asText().equals("deploy/Dockerfile")) {
                image = service.path("image").asText();
            }
        }
        assertThat(image).as("a service builds deploy/Dockerfile and tags the image").isNotBlank();
        Map<String, JsonNode> services = new LinkedHashMap<>();
        var fields = compose.path("services").fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (e.getValue().path("image").asText().equals(image)) {
                services.put(e.getKey(), e.getValue());
            }
        }
        return services;
    }

    private static List<String> command(JsonNode service) {
        List<String> args = new ArrayList<>();
        assertThat(service.path("command").isArray()).as("command as a list (exec form)").isTrue();
        service.path("command").forEach(a -> args.add(a.asText()));
        return args;
    }

    @Test
    void hasTheStackOfTheReplacedSystem() {
        Set<String> services = new TreeSet<>();
        compose.path("services").fieldNames().forEachRemaining(services::add);
        assertThat(services).containsExactlyInAnyOrder("bankdata-run", "bankdata-serve", "bankdata-export", "postgres",
                "metabase", "airflow");
        Set<String> volumes = new TreeSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(volumes::add);
        assertThat(volumes).containsExactlyInAnyOrder("lake", "pgdata", "metabase-data");
        assertThat(bankdataServices().keySet()).containsExactlyInAnyOrder("bankdata-run", "bankdata-serve",
                "bankdata-export");
        assertThat(service("postgres").path("image").asText()).startsWith("postgres:");
        assertThat(service("metabase").path("image").asText()).startsWith("metabase/metabase");
        // Airflow 2 with bankdata's jars: deploy/airflow/Dockerfile on apache/airflow, copying from bankdata's image
        JsonNode airflowBuild = service("airflow").path("build");
        assertThat(airflowBuild.path("context").asText()).isEqualTo("./airflow");
        assertThat(COMPOSE.resolveSibling("airflow/Dockerfile")).isRegularFile();
        assertThat(airflowBuild.path("args").path("AIRFLOW_IMAGE").asText()).startsWith("apache/airflow:2.");
        assertThat(airflowBuild.path("args").path("BANKDATA_IMAGE").asText()).isEqualTo(service("bankdata-run").path("image").asText());
        assertThat(service("airflow").path("image").asText()).isNotEqualTo(service("bankdata-run").path("image").asText());
    }

    /** Every command given to bankdata's image, and the image's default CMD, parses (parse only, nothing runs). */
    @Test
    void everyBankdataCommandIsAcceptedByTheCli() throws Exception {
        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("Dockerfile CMD", dockerfile.execForm("CMD"));
        bankdataServices().forEach((name, service) -> commands.put(name, command(service)));

        commands.forEach((name, args) -> {
            try {
                Main.commandLine().parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError(name + ": `bankdata " + String.join(" ", args) + "`: " + e.getMessage(), e);
            }
        });
        assertThat(commands.get("Dockerfile CMD")).containsExactly("run");
        assertThat(commands.get("bankdata-run").get(0)).isEqualTo("run");
        assertThat(commands.get("bankdata-serve").get(0)).isEqualTo("serve");
        assertThat(String.join(" ", commands.get("bankdata-export")))
                .startsWith("export postgres --url jdbc:postgresql://postgres:5432/" + service("postgres")
                        .path("environment").path("POSTGRES_DB").asText());
    }

    @Test
    void everyBankdataServiceUsesTheLakeVolumeAtTheImagesLake() {
        String lake = dockerfile.env(dockerfile.finalStage()).get("BANKDATA_LAKE");
        assertThat(lake).isNotBlank();
        bankdataServices().forEach((name, service) -> assertThat(service.path("volumes").toString())
                .as(name).contains("lake:" + lake));
        assertThat(service("airflow").path("volumes").toString()).contains("lake:" + lake);
    }

    /** serve listens on 0.0.0.0, so it needs a token: it comes from deploy/.env, with no default in the file. */
    @Test
    void serveBindsAllAddressesWithARequiredTokenAndNoSecretIsCommitted() throws Exception {
        List<String> serve = command(service("bankdata-serve"));
        assertThat(serve).containsSequence("--host", "0.0.0.0");
        assertThat(service("bankdata-serve").path("environment").path("BANKDATA_SERVE_TOKEN").asText())
                .matches("\\$\\{BANKDATA_SERVE_TOKEN:\\?.+}");
        String port = serve.get(serve.indexOf("--port") + 1);
        assertThat(service("bankdata-serve").path("ports").get(0).asText()).isEqualTo(port + ":" + port);

        List<String> secrets = new ArrayList<>();
        compose.path("services").forEach(s -> s.path("environment").fields().forEachRemaining(e -> {
            if (e.getKey().matches(".*(TOKEN|PASSWORD).*")) {
                secrets.add(e.getKey() + "=" + e.getValue().asText());
            }
        }));
        assertThat(secrets).isNotEmpty().allMatch(s -> s.matches("\\w+=\\$\\{\\w+:\\?.+}"), "a required ${VAR:?...}");

        // every variable the file reads is listed in deploy/.env.example, the secrets with no value
        Map<String, String> example = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("deploy/.env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                example.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        Matcher m = VARIABLE.matcher(Files.readString(COMPOSE));
        while (m.find()) {
            assertThat(example).containsKey(m.group(1));
            if (m.group(1).matches(".*(TOKEN|PASSWORD).*")) {
                assertThat(example.get(m.group(1))).as(m.group(1)).isEmpty();
            }
        }
    }

    @Test
    void airflowMountsTheGeneratedDag() {
        assertThat(service("airflow").path("volumes").toString()).contains("./airflow/dags:/opt/airflow/dags");
        assertThat(COMPOSE.resolveSibling("airflow/dags/bankdata.py")).isRegularFile();
    }
}
