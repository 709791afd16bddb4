package com.securevox.call.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.securevox.call.config.ConfigException;
import com.securevox.call.config.ConfigKeys;
import com.securevox.call.config.ConfigLoader;
import com.securevox.call.config.ServerConfig;
import com.securevox.call.testing.ChildProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files name only what exists: settings {@link ConfigKeys#ALL} knows and that load, files of this
 * repository, the routes the server serves, stop timeouts longer than the drain, and the build {@code make build}
 * runs. What cannot run here (Docker, Kubernetes) is at least read the way those tools read it.
 */
class DeployFilesTest {
    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final Path DEPLOY = REPO.resolve("deploy");
    /** Stands in for every secret and ${…} interpolation: long and plain enough for every production check. */
    private static final String SECRET = "deploy-test-secret-0123456789-0123456789-abcdef";

    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{[^}]*}");
    private static final String PREFIX = "SECUREVOX_CALL_";

    @Test
    void composeSetsKnownSettingsThatLoadAndMountsFilesThatExist() throws Exception {
        Map<String, Object> compose = yaml(DEPLOY.resolve("docker-compose.yml"));
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services).containsKeys("server", "coturn", "postgres", "redis");
        Map<String, Object> server = map(services.get("server"));

        Map<String, String> env = new HashMap<>(envFile(DEPLOY.resolve("securevox-call.env.example")));
        map(server.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        assertThat(Files.isRegularFile(DEPLOY.resolve(map(server.get("build")).get("context") + "/"
                        + map(server.get("build")).get("dockerfile"))))
                .isTrue();
        ServerConfig config = load(env);

        assertThat(seconds(String.valueOf(server.get("stop_grace_period"))))
                .as("stop_grace_period above the drain timeout")
                .isGreaterThan(config.drainTimeout().toSeconds());
        assertThat(String.valueOf(map(server.get("healthcheck")).get("test"))).contains("GET /health ");
        for (Object service : services.values()) {
            for (Object volume : list(map(service).getOrDefault("volumes", List.of()))) {
                String source = String.valueOf(volume).split(":")[0];
                if (source.startsWith("./") || source.startsWith("../")) {
                    assertThat(DEPLOY.resolve(source)).as("mounted %s", source).exists();
                }
            }
        }
    }

    @Test
    void kubernetesProbesRoutesGraceAndSelectorsAgree() throws Exception {
        Map<String, Map<String, Object>> byKind = new HashMap<>();
        try (var files = Files.list(DEPLOY.resolve("kubernetes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Map<String, Object> manifest = yaml(file);
                byKind.put(String.valueOf(manifest.get("kind")), manifest);
            }
        }
        assertThat(byKind).containsOnlyKeys("Deployment", "Service", "PodDisruptionBudget");
        Map<String, Object> template =
                map(map(byKind.get("Deployment").get("spec")).get("template"));
        Map<String, Object> labels = map(map(template.get("metadata")).get("labels"));
        Map<String, Object> pod = map(template.get("spec"));
        Map<String, Object> container = map(list(pod.get("containers")).getFirst());

        Map<String, String> env = new HashMap<>();
        for (Object variable : list(container.get("env"))) {
            env.put(
                    String.valueOf(map(variable).get("name")),
                    String.valueOf(map(variable).get("value")));
        }
        // What the comment's `kubectl create secret` puts in through envFrom.
        for (String key : List.of(ConfigKeys.JWT_SECRET, ConfigKeys.API_KEY, ConfigKeys.METRICS_TOKEN)) {
            env.put(key, SECRET);
        }
        ServerConfig config = load(env);

        assertThat(((Number) pod.get("terminationGracePeriodSeconds")).longValue())
                .as("terminationGracePeriodSeconds above the drain timeout")
                .isGreaterThan(config.drainTimeout().toSeconds());
        assertThat(probePath(container, "readinessProbe")).isEqualTo("/ready");
        assertThat(probePath(container, "livenessProbe")).isEqualTo("/health");
        // That the server answers them: ProbesIT, against the jar.
        String port =
                String.valueOf(map(list(container.get("ports")).getFirst()).get("containerPort"));
        assertThat(env.get(ConfigKeys.PORT)).isEqualTo(port);
        assertThat(String.valueOf(map(pod.get("securityContext")).get("runAsUser")))
                .as("the image's user")
                .isEqualTo(dockerfileUid());

        Map<String, Object> service = map(byKind.get("Service").get("spec"));
        assertThat(map(service.get("selector"))).isEqualTo(labels);
        assertThat(service.get("sessionAffinity")).isEqualTo("ClientIP");
        Map<String, Object> budget = map(byKind.get("PodDisruptionBudget").get("spec"));
        assertThat(labels).containsAllEntriesOf(map(map(budget.get("selector")).get("matchLabels")));
    }

    @Test
    void dockerfileBuildsWhatMakeBuildBuildsFromFilesThatExist() throws IOException {
        List<String> dockerfile = Files.readAllLines(REPO.resolve("Dockerfile"));
        String makefile = Files.readString(REPO.resolve("Makefile"));
        String mvn = match(makefile, "(?m)^MVN := (.+)$");
        String build = match(makefile, "(?m)^build:\\n\\t(.+)$").replace("$(MVN)", mvn);

        assertThat(dockerfile).contains("RUN " + build);
        for (String line : dockerfile) {
            if (line.startsWith("COPY ") && !line.startsWith("COPY --from")) {
                String[] parts = line.split("\\s+");
                for (int i = 1; i < parts.length - 1; i++) {
                    assertThat(REPO.resolve(parts[i])).as(line).exists();
                }
            }
        }
        assertThat(dockerfile).anyMatch(line -> line.startsWith("HEALTHCHECK"));
        assertThat(String.join("\n", dockerfile)).contains("GET /health ").contains("USER securevox");
        // The flags we ship reach the image, without a fixed heap, through the launcher.
        assertThat(dockerfile).contains("COPY deploy/jvm.options deploy/jvm.options");
        assertThat(dockerfile)
                .contains("COPY bin/securevox-call /opt/securevox-call/bin/securevox-call")
                .contains("ENTRYPOINT [\"/opt/securevox-call/bin/securevox-call\"]");
    }

    @Test
    void systemdUnitOutwaitsTheDrainAndSetsKnownSettings() throws Exception {
        String unit = Files.readString(DEPLOY.resolve("systemd/securevox-call.service"));
        Map<String, String> env = new HashMap<>();
        Matcher environment = Pattern.compile("(?m)^Environment=(\\w+)=(.*)$").matcher(unit);
        while (environment.find()) {
            env.put(environment.group(1), environment.group(2));
        }
        env.put(ConfigKeys.JWT_SECRET, SECRET);
        env.put(ConfigKeys.API_KEY, SECRET);
        ServerConfig config = load(env);

        assertThat(seconds(match(unit, "(?m)^TimeoutStopSec=(.+)$")))
                .isGreaterThan(config.drainTimeout().toSeconds());
        assertThat(unit).containsPattern("(?m)^User=securevox$").containsPattern("(?m)^Restart=on-failure$");
        assertThat(match(unit, "(?m)^ExecStart=(.+)$"))
                .as("the launcher")
                .isEqualTo("/opt/securevox-call/bin/securevox-call");
        // The launcher stops with exit 78 on a Java older than 25: a setting the unit must not restart on.
        assertThat(unit).containsPattern("(?m)^RestartPreventExitStatus=78$");
    }

    @Test
    void systemdAnalyzeVerifiesTheUnit() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed here (package systemd)");
        // verify wants ExecStart's program to exist: the unit as shipped, with the launcher where this checkout has it.
        Path unit = Files.createTempDirectory("unit").resolve("securevox-call.service");
        Files.writeString(
                unit,
                Files.readString(DEPLOY.resolve("systemd/securevox-call.service"))
                        .replace(
                                "/opt/securevox-call/bin/securevox-call",
                                REPO.resolve("bin/securevox-call").toString()));
        Process process = new ProcessBuilder(analyze.toString(), "verify", unit.toString())
                .redirectErrorStream(true)
                .start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("systemd-analyze verify output").isBlank();
        assertThat(process.exitValue()).isZero();
        ChildProcesses.deleteTree(unit.getParent());
    }

    /** Loads {@code env} as the server would, after checking every key of ours is one it knows. */
    private static ServerConfig load(Map<String, String> env) throws ConfigException {
        Map<String, String> resolved = new LinkedHashMap<>();
        env.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                assertThat(ConfigKeys.ALL).as("a setting the server knows").contains(key);
                resolved.put(
                        key, INTERPOLATION.matcher(value).replaceAll(SECRET).replace("=\"\"", ""));
            }
        });
        resolved.replaceAll((key, value) -> value.isEmpty() ? SECRET : value);
        return new ConfigLoader(() -> SECRET).load(resolved);
    }

    private static Map<String, String> envFile(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return env;
    }

    private static String probePath(Map<String, Object> container, String probe) {
        return String.valueOf(map(map(container.get(probe)).get("httpGet")).get("path"));
    }

    private static String dockerfileUid() throws IOException {
        return match(Files.readString(REPO.resolve("Dockerfile")), "useradd --system --uid (\\d+)");
    }

    private static long seconds(String duration) {
        return Duration.parse("PT" + duration.toUpperCase(java.util.Locale.ROOT))
                .toSeconds();
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in the file", regex).isTrue();
        return m.group(1);
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return map(new Yaml().load(in));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return new ArrayList<>((List<?>) value);
    }
}
