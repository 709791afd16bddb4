package com.securevox.call.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The health checks the deployment files name are routes the server answers, with 200 while it serves; the image's
 * and the compose file's bash health checks, run as written, pass against a serving server.
 */
class ProbesIT {
    private static final Path REPO = Path.of("").toAbsolutePath();

    @Test
    void everyProbePathAnswers200() throws IOException {
        List<String> paths = new java.util.ArrayList<>(kubernetesProbes());
        paths.add(healthCheckPath(Files.readString(REPO.resolve("Dockerfile"))));
        paths.add(healthCheckPath(Files.readString(REPO.resolve("deploy/docker-compose.yml"))));
        assertThat(paths).hasSize(4);

        try (ServerProcess server = ServerProcess.start()) {
            for (String path : paths) {
                assertThat(Http.get(server.url() + path).status()).as(path).isEqualTo(200);
            }
        }
    }

    @Test
    void imageAndComposeHealthChecksPass() throws Exception {
        List<String> image = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(
                        match(Files.readString(REPO.resolve("Dockerfile")), "(?m)^\\s+CMD (\\[.*])$"),
                        new com.fasterxml.jackson.core.type.TypeReference<List<String>>() {});
        List<String> compose = composeHealthCheck();

        try (ServerProcess server = ServerProcess.start()) {
            assertThat(run(image, server.port())).as("Dockerfile HEALTHCHECK").isZero();
            List<String> onPort = compose.stream()
                    .map(arg -> arg.replace("/127.0.0.1/8002 ", "/127.0.0.1/" + server.port() + " "))
                    .toList();
            assertThat(onPort).isNotEqualTo(compose);
            assertThat(run(onPort.subList(1, onPort.size()), server.port()))
                    .as("compose healthcheck")
                    .isZero();
        }
    }

    private static int run(List<String> command, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("SECUREVOX_CALL_PORT", String.valueOf(port));
        Process process = builder.start();
        assertThat(process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> composeHealthCheck() throws IOException {
        try (InputStream in = Files.newInputStream(REPO.resolve("deploy/docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(in);
            Map<String, Object> server =
                    (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("server");
            return (List<String>) ((Map<String, Object>) server.get("healthcheck")).get("test");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> kubernetesProbes() throws IOException {
        try (InputStream in = Files.newInputStream(REPO.resolve("deploy/kubernetes/statefulset.yaml"))) {
            Map<String, Object> statefulSet = new Yaml().load(in);
            Map<String, Object> template =
                    (Map<String, Object>) ((Map<String, Object>) statefulSet.get("spec")).get("template");
            Map<String, Object> container = ((List<Map<String, Object>>)
                            ((Map<String, Object>) template.get("spec")).get("containers"))
                    .getFirst();
            return List.of("readinessProbe", "livenessProbe").stream()
                    .map(probe -> String.valueOf(
                            ((Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet"))
                                    .get("path")))
                    .toList();
        }
    }

    /** The path of the raw {@code GET <path> HTTP/1.0} the bash health checks send. */
    private static String healthCheckPath(String file) {
        return match(file, "GET (/\\S*) HTTP/1\\.0");
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in the file", regex).isTrue();
        return m.group(1);
    }
}
