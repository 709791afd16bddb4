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
        Map<String, Map<String, Object>> manifests = kubernetes();
        assertThat(manifests)
                .containsOnlyKeys(
                        "StatefulSet/securevox-call",
                        "Service/securevox-call",
                        "Service/securevox-call-nodes",
                        "PodDisruptionBudget/securevox-call");
        StatefulSet server = StatefulSet.of(manifests.get("StatefulSet/securevox-call"));
        Map<String, Object> labels = server.labels();
        Map<String, Object> pod = server.pod();
        Map<String, Object> container = server.container();

        Map<String, String> env = podEnv(container, "securevox-call-0");
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

        Map<String, Object> service =
                map(manifests.get("Service/securevox-call").get("spec"));
        assertThat(map(service.get("selector"))).isEqualTo(labels);
        assertThat(service.get("sessionAffinity")).isEqualTo("ClientIP");
        Map<String, Object> budget =
                map(manifests.get("PodDisruptionBudget/securevox-call").get("spec"));
        assertThat(labels).containsAllEntriesOf(map(map(budget.get("selector")).get("matchLabels")));
    }

    /**
     * A recording's files stay on the node that made it, and only a node with the same id finishes and serves them:
     * each pod keeps its id (its pod name, not a random one per run) and its own volume at the recordings'
     * directory, and announces a URL the other pods resolve to it, through the headless Service the StatefulSet
     * names.
     */
    @Test
    void kubernetesPodsKeepTheirNodeIdAndVolumeAndAreReachableByName() throws Exception {
        Map<String, Map<String, Object>> manifests = kubernetes();
        StatefulSet server = StatefulSet.of(manifests.get("StatefulSet/securevox-call"));
        Map<String, Object> set = server.spec();
        Map<String, Object> labels = server.labels();
        Map<String, Object> pod = server.pod();
        Map<String, Object> container = server.container();

        for (String podName : List.of("securevox-call-0", "securevox-call-1")) {
            ServerConfig config = load(podEnv(container, podName));
            assertThat(config.cluster().nodeId())
                    .as("node id of pod %s", podName)
                    .isEqualTo(podName);
            assertThat(config.cluster().nodeIdGenerated()).isFalse();
            assertThat(config.cluster().nodeUrl())
                    .as("node URL of pod %s", podName)
                    .contains(java.net.URI.create("http://" + podName + "." + set.get("serviceName") + ":"
                            + env(container, ConfigKeys.PORT)));
        }
        Map<String, Object> nodes =
                map(manifests.get("Service/" + set.get("serviceName")).get("spec"));
        assertThat(nodes.get("clusterIP")).as("headless").isEqualTo("None");
        assertThat(map(nodes.get("selector"))).isEqualTo(labels);
        assertThat(String.valueOf(map(list(nodes.get("ports")).getFirst()).get("port")))
                .isEqualTo(env(container, ConfigKeys.PORT));

        List<String> claims = new ArrayList<>();
        for (Object claim : list(set.get("volumeClaimTemplates"))) {
            claims.add(String.valueOf(map(map(claim).get("metadata")).get("name")));
        }
        Path recordings =
                load(podEnv(container, "securevox-call-0")).recording().directory();
        boolean onClaim = false;
        for (Object mount : list(container.get("volumeMounts"))) {
            String name = String.valueOf(map(mount).get("name"));
            if (recordings.startsWith(Path.of(String.valueOf(map(mount).get("mountPath"))))) {
                assertThat(claims).as("the volume holding %s", recordings).contains(name);
                onClaim = true;
            }
        }
        assertThat(onClaim).as("%s on a volume of the pod's own", recordings).isTrue();
        for (Object volume : list(pod.getOrDefault("volumes", List.of()))) {
            assertThat(claims)
                    .as("a pod volume shadowing a claim")
                    .doesNotContain(String.valueOf(map(volume).get("name")));
        }
    }

    /** The parts of the StatefulSet the checks read: its spec, its pods' labels, their spec and their container. */
    private record StatefulSet(
            Map<String, Object> spec,
            Map<String, Object> labels,
            Map<String, Object> pod,
            Map<String, Object> container) {
        static StatefulSet of(Map<String, Object> manifest) {
            Map<String, Object> spec = map(manifest.get("spec"));
            Map<String, Object> template = map(spec.get("template"));
            Map<String, Object> pod = map(template.get("spec"));
            return new StatefulSet(
                    spec,
                    map(map(template.get("metadata")).get("labels")),
                    pod,
                    map(list(pod.get("containers")).getFirst()));
        }
    }

    private static Map<String, Map<String, Object>> kubernetes() throws IOException {
        Map<String, Map<String, Object>> byKindAndName = new HashMap<>();
        try (var files = Files.list(DEPLOY.resolve("kubernetes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Map<String, Object> manifest = yaml(file);
                byKindAndName.put(
                        manifest.get("kind") + "/"
                                + map(manifest.get("metadata")).get("name"),
                        manifest);
            }
        }
        return byKindAndName;
    }

    private static final Pattern DEPENDENT = Pattern.compile("\\$\\((\\w+)\\)");

    /**
     * The container's environment as the pod {@code podName} gets it: the image's, then the manifest's in order, with
     * {@code metadata.name} from the downward API and {@code $(VAR)} expanded as the kubelet does, and the secrets
     * the comment's {@code kubectl create secret} puts in through envFrom.
     */
    private static Map<String, String> podEnv(Map<String, Object> container, String podName) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher image = Pattern.compile("(SECUREVOX_CALL_DATA_DIR)=(\\S+)")
                .matcher(Files.readString(REPO.resolve("Dockerfile")));
        assertThat(image.find()).as("the image's data directory").isTrue();
        env.put(image.group(1), image.group(2));
        for (Object variable : list(container.get("env"))) {
            Map<String, Object> entry = map(variable);
            String value;
            if (entry.containsKey("valueFrom")) {
                Object field = map(map(entry.get("valueFrom")).get("fieldRef")).get("fieldPath");
                assertThat(field)
                        .as("the downward API field of %s", entry.get("name"))
                        .isEqualTo("metadata.name");
                value = podName;
            } else {
                Matcher reference = DEPENDENT.matcher(String.valueOf(entry.get("value")));
                StringBuilder expanded = new StringBuilder();
                while (reference.find()) {
                    assertThat(env)
                            .as("$(%s) defined before it is used", reference.group(1))
                            .containsKey(reference.group(1));
                    reference.appendReplacement(expanded, Matcher.quoteReplacement(env.get(reference.group(1))));
                }
                value = reference.appendTail(expanded).toString();
            }
            env.put(String.valueOf(entry.get("name")), value);
        }
        for (String key : List.of(ConfigKeys.JWT_SECRET, ConfigKeys.API_KEY, ConfigKeys.METRICS_TOKEN)) {
            env.put(key, SECRET);
        }
        return env;
    }

    private static String env(Map<String, Object> container, String name) {
        for (Object variable : list(container.get("env"))) {
            if (name.equals(map(variable).get("name"))) {
                return String.valueOf(map(variable).get("value"));
            }
        }
        throw new AssertionError(name + " not set in the container");
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
