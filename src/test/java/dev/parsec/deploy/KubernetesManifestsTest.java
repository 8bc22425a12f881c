package dev.parsec.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.parsec.config.ConfigLoader;
import dev.parsec.config.ParsecConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/kubernetes/ holds what `kubectl apply` would accept: every document parses into Kubernetes' own typed
 * object (Fabric8's model, as the Kubernetes client for Java uses it) with no field the type does not have, and the
 * objects fit together (selectors, probes, the headless Service Hazelcast looks up, the Secret's keys, grace times),
 * and Parsec accepts the configuration they give it.
 */
@DisplayName("The Kubernetes manifests parse strictly into Kubernetes objects that fit together")
class KubernetesManifestsTest {

  static final Path DIR = Path.of("deploy", "kubernetes");
  private static final Path MODEL_JARS = Path.of("target", "kubernetes-model");
  private static final Map<String, String> TYPES = Map.of(
      "v1/ConfigMap", "io.fabric8.kubernetes.api.model.ConfigMap",
      "v1/Service", "io.fabric8.kubernetes.api.model.Service",
      "apps/v1/Deployment", "io.fabric8.kubernetes.api.model.apps.Deployment",
      "policy/v1/PodDisruptionBudget", "io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget",
      "autoscaling/v2/HorizontalPodAutoscaler", "io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler",
      "networking.k8s.io/v1/NetworkPolicy", "io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy");

  private static List<JsonObject> documents;

  @BeforeAll
  static void read() throws Exception {
    documents = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
          if (document != null) {
            documents.add(new JsonObject(toJson(document)).put("__file", file.getFileName().toString()));
          }
        }
      }
    }
    assertEquals(7, documents.size(), "documents in " + DIR);
  }

  @Test
  @DisplayName("each document is a known apiVersion and kind, parses into its Fabric8 type, and has no field that type lacks")
  void strictlyTyped() throws Exception {
    try (URLClassLoader model = modelLoader()) {
      Class<?> mapperType = model.loadClass("com.fasterxml.jackson.databind.ObjectMapper");
      Object mapper = mapperType.getConstructor().newInstance();
      Method readValue = mapperType.getMethod("readValue", String.class, Class.class);
      for (JsonObject document : documents) {
        String where = document.getString("__file") + " " + document.getString("kind");
        String type = TYPES.get(document.getString("apiVersion") + "/" + document.getString("kind"));
        assertTrue(type != null, where + ": apiVersion " + document.getString("apiVersion") + " is not one this check knows");
        JsonObject plain = document.copy();
        plain.remove("__file");
        Object parsed;
        try {
          parsed = readValue.invoke(mapper, plain.encode(), model.loadClass(type));
        } catch (InvocationTargetException e) {
          throw new AssertionError(where + ": " + e.getCause().getMessage(), e.getCause());
        }
        List<String> unknown = new ArrayList<>();
        unknownFields(parsed, where, unknown, 0);
        assertEquals(List.of(), unknown, "fields the Kubernetes types do not have");
      }
    }
  }

  @Test
  @DisplayName("a misspelt field is caught by the strict parse (the check can fail)")
  void misspeltFieldIsCaught() throws Exception {
    JsonObject deployment = document("Deployment").copy();
    deployment.remove("__file");
    deployment.getJsonObject("spec").getJsonObject("template").getJsonObject("spec").getJsonArray("containers").getJsonObject(0)
        .put("readinesProbe", new JsonObject());
    try (URLClassLoader model = modelLoader()) {
      Class<?> mapperType = model.loadClass("com.fasterxml.jackson.databind.ObjectMapper");
      Object parsed = mapperType.getMethod("readValue", String.class, Class.class)
          .invoke(mapperType.getConstructor().newInstance(), deployment.encode(), model.loadClass(TYPES.get("apps/v1/Deployment")));
      List<String> unknown = new ArrayList<>();
      unknownFields(parsed, "Deployment", unknown, 0);
      assertEquals(1, unknown.size(), unknown.toString());
      assertTrue(unknown.get(0).contains("readinesProbe"), unknown.toString());
    }
  }

  @Test
  @DisplayName("the pods: probes on /ready and /health of the admin port no Service exposes, Prometheus annotations on it, keys from the Secret, Hazelcast's headless Service by name, grace beyond shutdown_grace")
  void deploymentFitsTogether() {
    JsonObject deployment = document("Deployment");
    JsonObject pod = deployment.getJsonObject("spec").getJsonObject("template");
    JsonObject labels = pod.getJsonObject("metadata").getJsonObject("labels");
    assertEquals(labels, deployment.getJsonObject("spec").getJsonObject("selector").getJsonObject("matchLabels"));
    JsonObject container = pod.getJsonObject("spec").getJsonArray("containers").getJsonObject(0);
    assertEquals(1337, port(container, "http"));
    assertEquals(5701, port(container, "hazelcast"));
    // the probes ask the admin port, the only one serving /health and /ready once admin_port is set
    assertEquals("/ready", container.getJsonObject("readinessProbe").getJsonObject("httpGet").getString("path"));
    assertEquals("/health", container.getJsonObject("livenessProbe").getJsonObject("httpGet").getString("path"));
    assertEquals("/health", container.getJsonObject("startupProbe").getJsonObject("httpGet").getString("path"));
    for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
      assertEquals("admin", container.getJsonObject(probe).getJsonObject("httpGet").getValue("port"), probe);
    }

    Map<String, String> env = environment(container);
    JsonObject masterKey = secretRef(container, "PARSEC_MASTER_KEY");
    JsonObject databaseUrl = secretRef(container, "PARSEC_DATABASE_URL");
    String readme = read(Path.of("README.md"));
    for (JsonObject ref : List.of(masterKey, databaseUrl)) {
      assertTrue(readme.contains("kubectl create secret generic " + ref.getString("name")), "the README creates the Secret " + ref);
      assertTrue(readme.contains("--from-literal=" + ref.getString("key") + "="), "the README's Secret has the key " + ref);
    }

    // Parsec starts with what the pod gets (the Secret's values and the downward API's stood in for)
    Map<String, String> values = new HashMap<>();
    env.forEach((name, value) -> values.put(name.substring("PARSEC_".length()).toLowerCase(Locale.ROOT), value));
    values.put("master_key", "k8s-master-key-0123456789");
    values.put("database_url", "postgres://parsec:secret@postgres:5432/parsec");
    values.put("cluster_host", "10.1.2.3");
    values.put("cluster_kubernetes_service_dns", values.get("cluster_kubernetes_service_dns").replace("$(POD_NAMESPACE)", "prod"));
    ParsecConfig config = ConfigLoader.fromValues(values);
    assertTrue(config.clustered());
    assertEquals("parsec-hazelcast.prod.svc.cluster.local", config.cluster().kubernetesServiceDns().orElseThrow());
    assertEquals(5701, config.clusterPort());
    assertEquals(1337, config.port());
    assertEquals(port(container, "admin"), config.adminPort().orElseThrow(() -> new AssertionError("the pods set no admin_port")),
        "the container port the probes name is the one PARSEC_ADMIN_PORT opens");
    JsonObject annotations = pod.getJsonObject("metadata").getJsonObject("annotations");
    assertEquals("true", annotations.getString("prometheus.io/scrape"));
    assertEquals(String.valueOf(config.adminPort().getAsInt()), annotations.getString("prometheus.io/port"), "Prometheus scrapes the admin port");
    assertEquals("/metrics", annotations.getString("prometheus.io/path"));

    JsonObject headless = service("parsec-hazelcast");
    assertEquals("None", headless.getJsonObject("spec").getString("clusterIP"));
    assertEquals(true, headless.getJsonObject("spec").getBoolean("publishNotReadyAddresses"), "pods find each other before they are ready");
    assertEquals(labels, headless.getJsonObject("spec").getJsonObject("selector"));
    assertEquals("hazelcast", headless.getJsonObject("spec").getJsonArray("ports").getJsonObject(0).getString("targetPort"));
    assertTrue(env.get("PARSEC_CLUSTER_KUBERNETES_SERVICE_DNS").startsWith("parsec-hazelcast."));
    JsonObject http = service("parsec");
    assertEquals(labels, http.getJsonObject("spec").getJsonObject("selector"));
    JsonArray servicePorts = http.getJsonObject("spec").getJsonArray("ports");
    assertEquals(1, servicePorts.size(), "the HTTP Service exposes the public port alone: " + servicePorts);
    assertEquals("http", servicePorts.getJsonObject(0).getString("targetPort"));
    for (JsonObject service : List.of(http, headless)) {
      for (Object servicePort : service.getJsonObject("spec").getJsonArray("ports")) {
        Object target = ((JsonObject) servicePort).getValue("targetPort");
        assertFalse("admin".equals(target) || String.valueOf(config.adminPort().getAsInt()).equals(String.valueOf(target)),
            "no Service exposes the admin port: " + service.getJsonObject("metadata").getString("name"));
      }
    }

    int preStop = Integer.parseInt(container.getJsonObject("lifecycle").getJsonObject("preStop").getJsonObject("exec")
        .getJsonArray("command").getString(1));
    int grace = pod.getJsonObject("spec").getInteger("terminationGracePeriodSeconds");
    assertTrue(grace > preStop + config.shutdownGrace().toSeconds() + 5,
        "terminationGracePeriodSeconds " + grace + " leaves the drain (" + config.shutdownGrace().toSeconds() + " s after a " + preStop + " s pause) time to finish");
    assertFalse(container.getJsonObject("resources").getJsonObject("requests").getString("cpu").isEmpty(), "the HPA's CPU target needs a request");
  }

  @Test
  @DisplayName("the autoscaler scales the Deployment on CPU, the disruption budget and network policy select its pods, and the policy admits the admin port from monitoring only")
  void autoscalerBudgetAndPolicySelectThePods() {
    JsonObject deployment = document("Deployment");
    JsonObject labels = deployment.getJsonObject("spec").getJsonObject("template").getJsonObject("metadata").getJsonObject("labels");
    JsonObject hpa = document("HorizontalPodAutoscaler").getJsonObject("spec");
    assertEquals("Deployment", hpa.getJsonObject("scaleTargetRef").getString("kind"));
    assertEquals(deployment.getJsonObject("metadata").getString("name"), hpa.getJsonObject("scaleTargetRef").getString("name"));
    assertEquals("cpu", hpa.getJsonArray("metrics").getJsonObject(0).getJsonObject("resource").getString("name"));
    assertTrue(hpa.getInteger("minReplicas") >= 2, "at least two nodes, so one can go");
    assertEquals(labels, document("PodDisruptionBudget").getJsonObject("spec").getJsonObject("selector").getJsonObject("matchLabels"));
    JsonObject policy = document("NetworkPolicy").getJsonObject("spec");
    assertEquals(labels, policy.getJsonObject("podSelector").getJsonObject("matchLabels"));
    JsonObject hazelcastRule = policy.getJsonArray("ingress").stream().map(JsonObject.class::cast)
        .filter(rule -> rule.getJsonArray("ports").getJsonObject(0).getInteger("port") == 5701).findFirst().orElseThrow();
    assertEquals(labels, hazelcastRule.getJsonArray("from").getJsonObject(0).getJsonObject("podSelector").getJsonObject("matchLabels"),
        "the cluster port admits Parsec pods only");

    // the admin port: from the monitoring namespace and Prometheus pods only; no rule opens it to all
    JsonObject container = deployment.getJsonObject("spec").getJsonObject("template").getJsonObject("spec")
        .getJsonArray("containers").getJsonObject(0);
    int admin = port(container, "admin");
    List<JsonObject> rules = policy.getJsonArray("ingress").stream().map(JsonObject.class::cast).toList();
    for (JsonObject rule : rules) {
      assertTrue(rule.containsKey("ports"), "a rule without ports would open every port, the admin port too: " + rule);
    }
    List<JsonObject> adminRules = rules.stream().filter(rule -> rule.getJsonArray("ports").stream().map(JsonObject.class::cast)
        .anyMatch(p -> Integer.valueOf(admin).equals(p.getValue("port")) || "admin".equals(p.getValue("port")))).toList();
    assertEquals(1, adminRules.size(), "one rule admits the admin port: " + rules);
    JsonArray from = adminRules.get(0).getJsonArray("from", new JsonArray());
    assertEquals(Set.of(
            new JsonObject().put("namespaceSelector", new JsonObject().put("matchLabels", new JsonObject().put("kubernetes.io/metadata.name", "monitoring"))),
            new JsonObject().put("podSelector", new JsonObject().put("matchLabels", new JsonObject().put("app.kubernetes.io/name", "prometheus")))),
        Set.copyOf(from.stream().map(JsonObject.class::cast).toList()),
        "the admin port admits the monitoring namespace and Prometheus pods only");
    JsonObject publicRule = rules.stream().filter(rule -> rule.getJsonArray("ports").getJsonObject(0).getValue("port").equals(1337)).findFirst().orElseThrow();
    assertEquals(1, publicRule.getJsonArray("ports").size(), "the rule open to all admits the public port alone: " + publicRule);
  }

  /** Adds a path for every Fabric8 object (reached by its getters) that kept fields its type does not have. */
  static void unknownFields(Object object, String path, List<String> into, int depth) throws Exception {
    if (object == null || depth > 40) {
      return;
    }
    if (object instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        unknownFields(list.get(i), path + "[" + i + "]", into, depth + 1);
      }
      return;
    }
    if (object instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        unknownFields(entry.getValue(), path + "." + entry.getKey(), into, depth + 1);
      }
      return;
    }
    if (!object.getClass().getName().startsWith("io.fabric8.") || object.getClass().isEnum()) {
      return;
    }
    for (Method getter : object.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value = getter.invoke(object);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          into.add(path + ": " + extra.keySet());
        }
      } else {
        unknownFields(value, path + "." + getter.getName().substring(3), into, depth + 1);
      }
    }
  }

  private static JsonObject document(String kind) {
    return documents.stream().filter(d -> kind.equals(d.getString("kind"))).findFirst().orElseThrow(() -> new AssertionError("no " + kind));
  }

  private static JsonObject service(String name) {
    return documents.stream().filter(d -> "Service".equals(d.getString("kind")) && name.equals(d.getJsonObject("metadata").getString("name")))
        .findFirst().orElseThrow(() -> new AssertionError("no Service " + name));
  }

  private static int port(JsonObject container, String name) {
    return container.getJsonArray("ports").stream().map(JsonObject.class::cast).filter(p -> name.equals(p.getString("name")))
        .findFirst().orElseThrow().getInteger("containerPort");
  }

  /** The PARSEC_ variables a Parsec container gets: its ConfigMap's and its own literal values. */
  private static Map<String, String> environment(JsonObject container) {
    Map<String, String> env = new HashMap<>();
    for (Object from : container.getJsonArray("envFrom")) {
      String name = ((JsonObject) from).getJsonObject("configMapRef").getString("name");
      JsonObject map = documents.stream().filter(d -> "ConfigMap".equals(d.getString("kind"))
          && name.equals(d.getJsonObject("metadata").getString("name"))).findFirst().orElseThrow(() -> new AssertionError("no ConfigMap " + name));
      map.getJsonObject("data").forEach(entry -> env.put(entry.getKey(), String.valueOf(entry.getValue())));
    }
    for (Object item : container.getJsonArray("env")) {
      JsonObject variable = (JsonObject) item;
      if (variable.containsKey("value")) {
        env.put(variable.getString("name"), variable.getString("value"));
      }
    }
    env.keySet().removeIf(name -> !name.startsWith("PARSEC_"));
    return env;
  }

  private static JsonObject secretRef(JsonObject container, String name) {
    for (Object item : container.getJsonArray("env")) {
      JsonObject variable = (JsonObject) item;
      if (name.equals(variable.getString("name"))) {
        return variable.getJsonObject("valueFrom").getJsonObject("secretKeyRef");
      }
    }
    return fail(name + " is not taken from a Secret");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** SnakeYAML's maps and lists as JSON text (JsonObject reads that without guessing at types). */
  static String toJson(Object yaml) {
    if (yaml instanceof Map<?, ?> map) {
      JsonObject object = new JsonObject();
      map.forEach((key, value) -> object.put(String.valueOf(key), value == null ? null : new JsonArray("[" + toJson(value) + "]").getValue(0)));
      return object.encode();
    }
    if (yaml instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(value -> array.add(value == null ? null : new JsonArray("[" + toJson(value) + "]").getValue(0)));
      return array.encode();
    }
    if (yaml instanceof String text) {
      return new JsonArray().add(text).encode().replaceAll("^\\[|]$", "");
    }
    return String.valueOf(yaml);
  }

  /**
   * Fabric8's model and its Jackson in a loader of their own: Jackson databind on the test class path would
   * change Vert.x's JSON codec for every test.
   */
  private static URLClassLoader modelLoader() throws Exception {
    try (Stream<Path> files = Files.list(MODEL_JARS)) {
      URL[] jars = files.map(path -> {
        try {
          return path.toUri().toURL();
        } catch (java.net.MalformedURLException e) {
          throw new IllegalStateException(e);
        }
      }).toArray(URL[]::new);
      return new URLClassLoader(jars, ClassLoader.getPlatformClassLoader());
    }
  }
}
