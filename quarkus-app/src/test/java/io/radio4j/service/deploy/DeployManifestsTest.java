package io.radio4j.service.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.radio4j.quarkus.Radio4jConfig;
import io.radio4j.service.RadioServiceConfig;
import io.radio4j.service.index.IndexConfig;
import io.radio4j.service.openai.OpenAiConfig;
import io.smallrye.config.ConfigMapping;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployment files in {@code deploy/} agree with each other and with this service: ports and
 * names line up between Deployments, Services, probes, the HPA and compose; every
 * {@code RADIO4J_*} variable is a configuration key the service has; the service's probe paths and
 * the HPA's metric are answered by the running service; Triton's probes use KServe v2 health paths
 * on its HTTP port; the required models exist in the model repository. None of this was run on a
 * cluster or a GPU machine here: it checks the files' internal agreement only.
 */
@QuarkusTest
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final Path MODELS =
            Path.of("..", "triton-model-repo", "models").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** KServe v2 HTTP health routes (kserve docs/predict-api/v2/required_api.md, "Health"), which Triton serves. */
    private static final Set<String> KSERVE_HEALTH = Set.of("/v2/health/live", "/v2/health/ready");

    private static final String SERVICE_IMAGE = "radio4j/service:";

    private static List<JsonNode> k8s() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> it =
                        YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
                    it.readAll().stream()
                            .filter(d -> d != null && !d.isNull() && !d.isEmpty())
                            .forEach(docs::add);
                }
            }
        }
        return docs;
    }

    private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    private static JsonNode named(List<JsonNode> docs, String kind, String name) {
        return ofKind(docs, kind).stream()
                .filter(d -> name.equals(d.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static boolean labelsMatch(JsonNode selector, JsonNode labels) {
        for (var e : selector.properties()) {
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return !selector.isEmpty();
    }

    /** The container port a probe or Service refers to (by name or number), or -1. */
    private static int containerPort(JsonNode container, JsonNode ref) {
        for (JsonNode p : container.path("ports")) {
            if (ref.isInt()
                    ? p.path("containerPort").asInt() == ref.asInt()
                    : ref.asText().equals(p.path("name").asText())) {
                return p.path("containerPort").asInt();
            }
        }
        return -1;
    }

    private static int argPort(List<String> args, String flag) {
        return args.stream()
                .filter(a -> a.startsWith(flag + "="))
                .map(a -> Integer.parseInt(a.substring(flag.length() + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + flag + " in " + args));
    }

    /** Every configuration key of the service, from its {@code @ConfigMapping} interfaces. */
    static Set<String> configKeys() {
        Set<String> keys = new HashSet<>();
        for (Class<?> mapping :
                List.of(RadioServiceConfig.class, Radio4jConfig.class, IndexConfig.class, OpenAiConfig.class)) {
            collect(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping, keys);
        }
        return keys;
    }

    private static void collect(String prefix, Class<?> type, Set<String> keys) {
        for (Method m : type.getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.isDefault()) {
                continue;
            }
            String key = prefix + "."
                    + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            Class<?> r = m.getReturnType();
            if (r.isInterface()
                    && r.getName().startsWith("io.radio4j.")
                    && !r.getName().startsWith("java.")) {
                collect(key, r, keys);
            } else {
                keys.add(key);
            }
        }
    }

    private static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static void assertKnownRadioVariables(Map<String, String> env, String where) {
        Set<String> known = new HashSet<>();
        configKeys().forEach(k -> known.add(envName(k)));
        env.keySet().stream()
                .filter(n -> n.startsWith("RADIO4J_"))
                .forEach(n -> assertThat(known)
                        .as("%s sets %s: a configuration key of the service", where, n)
                        .contains(n));
    }

    private static void assertServedByTheService(String path) {
        int status = given().get(path).statusCode();
        assertThat(status)
                .as("the service answers %s (200 up, 503 down; never 404)", path)
                .isIn(200, 503);
    }

    private static void assertModelsExist(String csv, String where) {
        for (String model : csv.split(",")) {
            Path config = MODELS.resolve(model.trim()).resolve("config.pbtxt");
            assertThat(config).as("%s requires model %s", where, model).exists();
            try {
                assertThat(Files.readString(config)).contains("name: \"" + model.trim() + "\"");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void kubernetes_objects_agree_with_each_other_and_with_the_service() throws IOException {
        List<JsonNode> docs = k8s();
        List<JsonNode> deployments = ofKind(docs, "Deployment");
        assertThat(deployments)
                .extracting(d -> d.path("metadata").path("name").asText())
                .contains("triton", "radio4j", "radio4j-index");

        for (JsonNode d : deployments) {
            String name = d.path("metadata").path("name").asText();
            JsonNode pod = d.path("spec").path("template");
            assertThat(labelsMatch(
                            d.path("spec").path("selector").path("matchLabels"),
                            pod.path("metadata").path("labels")))
                    .as("%s selects its own pods", name)
                    .isTrue();
            Set<String> volumes = new HashSet<>();
            for (JsonNode v : pod.path("spec").path("volumes")) {
                volumes.add(v.path("name").asText());
                if (v.has("persistentVolumeClaim")) {
                    named(
                            docs,
                            "PersistentVolumeClaim",
                            v.path("persistentVolumeClaim").path("claimName").asText());
                }
            }
            for (JsonNode c : pod.path("spec").path("containers")) {
                for (JsonNode mount : c.path("volumeMounts")) {
                    assertThat(volumes)
                            .as("%s mounts a declared volume", name)
                            .contains(mount.path("name").asText());
                }
                for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                    JsonNode get = c.path(probe).path("httpGet");
                    if (get.isMissingNode()) {
                        continue;
                    }
                    assertThat(containerPort(c, get.path("port")))
                            .as("%s %s port", name, probe)
                            .isPositive();
                    String path = get.path("path").asText();
                    if (c.path("image").asText().startsWith(SERVICE_IMAGE)) {
                        assertServedByTheService(path);
                    } else {
                        assertThat(KSERVE_HEALTH).as("%s %s path", name, probe).contains(path);
                        List<String> args = list(c.path("args")).stream()
                                .map(JsonNode::asText)
                                .toList();
                        assertThat(containerPort(c, get.path("port")))
                                .as("Triton probes its HTTP port")
                                .isEqualTo(argPort(args, "--http-port"));
                    }
                }
            }
        }
        assertThat(named(docs, "Deployment", "triton")
                        .path("spec")
                        .path("template")
                        .path("spec")
                        .path("containers")
                        .get(0)
                        .path("resources")
                        .path("requests")
                        .path("nvidia.com/gpu")
                        .asInt())
                .as("Triton requests a GPU")
                .isEqualTo(1);
        assertThat(named(docs, "Deployment", "radio4j-index")
                        .path("spec")
                        .path("replicas")
                        .asInt())
                .as("the Lucene index has one writer")
                .isEqualTo(1);

        for (JsonNode s : ofKind(docs, "Service")) {
            String name = s.path("metadata").path("name").asText();
            JsonNode target = deployments.stream()
                    .filter(d -> labelsMatch(
                            s.path("spec").path("selector"),
                            d.path("spec").path("template").path("metadata").path("labels")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("Service " + name + " selects no Deployment"));
            JsonNode container = target.path("spec")
                    .path("template")
                    .path("spec")
                    .path("containers")
                    .get(0);
            for (JsonNode port : s.path("spec").path("ports")) {
                assertThat(containerPort(container, port.path("targetPort")))
                        .as("Service %s port %s", name, port)
                        .isPositive();
            }
        }

        for (JsonNode ingress : ofKind(docs, "Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode p : rule.path("http").path("paths")) {
                    JsonNode backend = p.path("backend").path("service");
                    JsonNode service =
                            named(docs, "Service", backend.path("name").asText());
                    assertThat(list(service.path("spec").path("ports")))
                            .as("Ingress port")
                            .anyMatch(sp -> sp.path("name")
                                    .asText()
                                    .equals(backend.path("port").path("name").asText()));
                }
            }
        }

        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (JsonNode hpa : ofKind(docs, "HorizontalPodAutoscaler")) {
            JsonNode ref = hpa.path("spec").path("scaleTargetRef");
            assertThat(ref.path("kind").asText()).isEqualTo("Deployment");
            named(docs, "Deployment", ref.path("name").asText());
            for (JsonNode m : hpa.path("spec").path("metrics")) {
                if (m.path("type").asText().equals("Pods")) {
                    String metric = m.path("pods").path("metric").path("name").asText();
                    assertThat(metrics)
                            .as("the service exports the HPA's metric %s", metric)
                            .containsPattern("(?m)^" + metric + "[ {]");
                }
            }
        }

        JsonNode triton = named(docs, "Deployment", "triton")
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
        List<String> tritonArgs =
                list(triton.path("args")).stream().map(JsonNode::asText).toList();
        for (JsonNode d : deployments) {
            for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
                if (!c.path("image").asText().startsWith(SERVICE_IMAGE)) {
                    continue;
                }
                Map<String, String> env = new java.util.LinkedHashMap<>();
                c.path("env")
                        .forEach(e ->
                                env.put(e.path("name").asText(), e.path("value").asText()));
                String where = "Deployment " + d.path("metadata").path("name").asText();
                assertKnownRadioVariables(env, where);
                assertThat(env).containsEntry("RADIO4J_BACKEND_KIND", "triton");
                Matcher target = Pattern.compile("(?:dns:///)?([a-z0-9-]+):(\\d+)")
                        .matcher(env.get("RADIO4J_BACKEND_TRITON_ADDRESSES"));
                assertThat(target.matches()).isTrue();
                JsonNode service = named(docs, "Service", target.group(1));
                JsonNode port = list(service.path("spec").path("ports")).stream()
                        .filter(p -> p.path("port").asInt() == Integer.parseInt(target.group(2)))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(
                                where + ": no port " + target.group(2) + " on Service " + target.group(1)));
                assertThat(containerPort(triton, port.path("targetPort")))
                        .as("%s reaches Triton's gRPC port", where)
                        .isEqualTo(argPort(tritonArgs, "--grpc-port"));
                assertModelsExist(
                        env.getOrDefault(
                                "RADIO4J_BACKEND_REQUIRED_MODELS",
                                "c_radio_v4_h,radio1d_h,radio_clip_vision,radio_clip_text"),
                        where);
            }
        }
    }

    @Test
    void compose_file_agrees_with_itself_and_with_the_service() throws IOException {
        JsonNode compose = YAML.readTree(DEPLOY.resolve("compose.yaml").toFile());
        JsonNode triton = compose.path("services").path("triton");
        JsonNode service = compose.path("services").path("radio4j");
        List<String> tritonCommand =
                list(triton.path("command")).stream().map(JsonNode::asText).toList();
        int http = argPort(tritonCommand, "--http-port");
        int grpc = argPort(tritonCommand, "--grpc-port");

        String tritonCheck =
                list(triton.path("healthcheck").path("test")).getLast().asText();
        Matcher tc = Pattern.compile("http://localhost:(\\d+)(/\\S+)").matcher(tritonCheck);
        assertThat(tc.matches()).isTrue();
        assertThat(Integer.parseInt(tc.group(1))).isEqualTo(http);
        assertThat(KSERVE_HEALTH).contains(tc.group(2));

        Map<String, String> env = new java.util.LinkedHashMap<>();
        service.path("environment")
                .properties()
                .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        assertKnownRadioVariables(env, "compose service radio4j");
        assertThat(env.get("RADIO4J_BACKEND_TRITON_ADDRESSES")).isEqualTo("triton:" + grpc);
        assertThat(service.path("depends_on").path("triton").path("condition").asText())
                .isEqualTo("service_healthy");

        String serviceCheck =
                list(service.path("healthcheck").path("test")).getLast().asText();
        Matcher sc = Pattern.compile("http://localhost:(\\d+)(/\\S+)").matcher(serviceCheck);
        assertThat(sc.matches()).isTrue();
        assertThat(list(service.path("ports")).stream().map(JsonNode::asText))
                .contains(sc.group(1) + ":" + sc.group(1));
        assertServedByTheService(sc.group(2));

        for (JsonNode volume :
                List.of(triton.path("volumes").get(0), service.path("volumes").get(0))) {
            String host = volume.asText().split(":")[0];
            assertThat(DEPLOY.resolve(host).normalize())
                    .as("mounted model repository")
                    .isEqualTo(MODELS)
                    .isDirectory();
            assertThat(volume.asText().split(":")[1]).isEqualTo(env.get("RADIO4J_BACKEND_REPOSITORY"));
        }
        assertModelsExist("c_radio_v4_h,radio1d_h,radio_clip_vision,radio_clip_text", "compose");
    }
}
