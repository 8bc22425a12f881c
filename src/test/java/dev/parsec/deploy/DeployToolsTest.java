package dev.parsec.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parsec.config.ConfigLoader;
import dev.parsec.config.ParsecConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/ and conf/'s samples checked by the tools that read them: docker-compose (which parses and interpolates a
 * compose file without an engine), nginx -t, promtool. A test skips only when its tool is not installed; .ci/run
 * installs them all (Debian's docker-compose, nginx and prometheus packages).
 */
@DisplayName("deploy/ and conf/ pass the checks of docker-compose, nginx and promtool, and fit together")
class DeployToolsTest {

  private static final Path COMPOSE = Path.of("deploy", "docker-compose.yml");
  static final Path ALERTS = Path.of("conf", "alerts.yml");

  @TempDir
  Path dir;

  @Test
  @DisplayName("docker-compose accepts the compose file with an env file, refuses it without the keys, Parsec accepts each node's settings, and nginx gets the public port only")
  void composeFile() throws Exception {
    String compose = tool("docker-compose");
    Path env = dir.resolve("env");
    Files.writeString(env, """
        PARSEC_APP_ID=deploytest
        PARSEC_MASTER_KEY=0123456789abcdef0123456789abcdef
        PARSEC_SERVER_URL=https://api.example.com/parse
        POSTGRES_PASSWORD=pgsecret0123
        GRAFANA_ADMIN_PASSWORD=grafanasecret
        """);
    Result checked = run(compose, "-f", COMPOSE.toString(), "--env-file", env.toString(), "config", "-q");
    assertEquals(0, checked.status(), checked.output());

    Path empty = dir.resolve("empty-env");
    Files.writeString(empty, "");
    Result refused = run(compose, "-f", COMPOSE.toString(), "--env-file", empty.toString(), "config", "-q");
    assertTrue(refused.status() != 0, "no key has a default: " + refused.output());
    assertTrue(refused.output().contains("deploy/.env"), refused.output());

    // deploy/.env.example names every variable the compose file insists on
    String example = Files.readString(Path.of("deploy", ".env.example"));
    java.util.regex.Matcher required = java.util.regex.Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(Files.readString(COMPOSE));
    Set<String> names = new TreeSet<>();
    while (required.find()) {
      names.add(required.group(1));
    }
    assertEquals(Set.of("GRAFANA_ADMIN_PASSWORD", "PARSEC_APP_ID", "PARSEC_MASTER_KEY", "PARSEC_SERVER_URL", "POSTGRES_PASSWORD"), names);
    names.forEach(name -> assertTrue(example.contains("\n" + name + "="), "deploy/.env.example has " + name));

    Result resolved = run(compose, "-f", COMPOSE.toString(), "--env-file", env.toString(), "config");
    assertEquals(0, resolved.status(), resolved.output());
    JsonObject services = yaml(resolved.output()).getJsonObject("services");
    assertEquals(Set.of("grafana", "nginx", "parsec1", "parsec2", "parsec3", "postgres", "prometheus", "redis"), services.fieldNames());
    String upstream = Files.readString(Path.of("deploy", "nginx", "upstream.conf"));
    for (String node : List.of("parsec1", "parsec2", "parsec3")) {
      JsonObject service = services.getJsonObject(node);
      assertEquals(null, service.getValue("ports"), "a node publishes no port (cluster, public nor admin): nginx and Prometheus reach them inside");
      assertEquals("Dockerfile", service.getJsonObject("build").getString("dockerfile"));
      Map<String, String> values = new HashMap<>();
      service.getJsonObject("environment").forEach(entry -> {
        if (entry.getKey().startsWith("PARSEC_")) {
          values.put(entry.getKey().substring("PARSEC_".length()).toLowerCase(Locale.ROOT), String.valueOf(entry.getValue()));
        }
      });
      values.put("cluster_host", "172.29.0.7"); // in the container, the address of its own that cluster_interfaces matches
      ParsecConfig config = ConfigLoader.fromValues(values);
      assertEquals("0123456789abcdef0123456789abcdef", config.masterKey().orElseThrow());
      assertEquals("postgres", config.databaseUrl().orElseThrow().host());
      assertEquals(3, config.clusterMembers().size());
      // nginx proxies the public port; the admin port (/health, /ready, /metrics) is Prometheus'
      int admin = config.adminPort().orElseThrow(() -> new AssertionError(node + " has no admin_port"));
      assertTrue(upstream.contains("server " + node + ":" + config.port() + " "), node + " behind nginx on its public port: " + upstream);
      assertFalse(upstream.contains(node + ":" + admin), "nginx never proxies the admin port: " + upstream);
    }
    // every file the services mount is in the repository
    for (String name : services.fieldNames()) {
      JsonArray volumes = services.getJsonObject(name).getJsonArray("volumes", new JsonArray());
      for (Object volume : volumes) {
        String source = String.valueOf(volume).split(":")[0];
        if (source.startsWith("/")) {
          assertTrue(Files.exists(Path.of(source)), name + " mounts " + source);
        }
      }
    }
  }

  @Test
  @DisplayName("nginx -t accepts conf/nginx-lb.conf with the local node list and with the compose file's")
  void nginxConfigs() throws Exception {
    String nginx = tool("nginx");
    Path local = Files.createDirectories(dir.resolve("local"));
    Files.copy(Path.of("conf", "nginx-lb.conf"), local.resolve("nginx.conf"));
    Files.copy(Path.of("conf", "nginx-upstream.conf"), local.resolve("nginx-upstream.conf"));
    Result checked = nginxTest(nginx, local);
    assertEquals(0, checked.status(), checked.output());

    // the compose file's node names resolve on the compose network only: here they stand for loopback,
    // every other byte of both files as the compose file mounts them
    Path compose = Files.createDirectories(dir.resolve("compose"));
    Files.copy(Path.of("conf", "nginx-lb.conf"), compose.resolve("nginx.conf"));
    String upstream = Files.readString(Path.of("deploy", "nginx", "upstream.conf"));
    assertTrue(upstream.contains("server parsec1:1337") && upstream.contains("server parsec3:1337"), upstream);
    Files.writeString(compose.resolve("nginx-upstream.conf"), upstream.replaceAll("server parsec\\d:", "server 127.0.0.1:"));
    checked = nginxTest(nginx, compose);
    assertEquals(0, checked.status(), checked.output());

    // and it can fail: an upstream line nginx does not know
    Files.writeString(compose.resolve("nginx-upstream.conf"), "server 127.0.0.1:1337 max_fail=3;\n");
    assertTrue(nginxTest(nginx, compose).status() != 0);
  }

  @Test
  @DisplayName("promtool accepts both Prometheus configs with the alert rules they load; the compose one scrapes /metrics on the admin port of every node of the compose file")
  void prometheusConfigs() throws Exception {
    String promtool = tool("promtool");
    Result local = run(promtool, "check", "config", Path.of("conf", "prometheus.yml").toString());
    assertEquals(0, local.status(), local.output());
    assertTrue(local.output().contains("alerts.yml"), "the local Prometheus loads the alert rules: " + local.output());
    // the compose file mounts deploy's config and conf/alerts.yml side by side in /etc/prometheus: checked so here
    JsonArray mounted = yaml(Files.readString(COMPOSE)).getJsonObject("services").getJsonObject("prometheus").getJsonArray("volumes");
    assertTrue(mounted.contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro"), mounted.encode());
    assertTrue(mounted.contains("../conf/alerts.yml:/etc/prometheus/alerts.yml:ro"), mounted.encode());
    Path etc = Files.createDirectories(dir.resolve("etc-prometheus"));
    Files.copy(Path.of("deploy", "prometheus", "prometheus.yml"), etc.resolve("prometheus.yml"));
    Files.copy(Path.of("conf", "alerts.yml"), etc.resolve("alerts.yml"));
    Result compose = run(promtool, "check", "config", etc.resolve("prometheus.yml").toString());
    assertEquals(0, compose.status(), compose.output());
    assertTrue(compose.output().contains("alerts.yml"), "the compose's Prometheus loads the alert rules: " + compose.output());
    JsonObject scrape = yaml(Files.readString(Path.of("deploy", "prometheus", "prometheus.yml")))
        .getJsonArray("scrape_configs").getJsonObject(0);
    assertEquals("/metrics", scrape.getString("metrics_path"));
    Set<String> targets = new TreeSet<>();
    scrape.getJsonArray("static_configs").getJsonObject(0).getJsonArray("targets").forEach(t -> targets.add((String) t));
    // each node's admin port, as the compose file gives it (the nodes serve /metrics there only)
    JsonObject services = yaml(Files.readString(COMPOSE)).getJsonObject("services");
    Set<String> nodes = new TreeSet<>();
    for (String name : services.fieldNames()) {
      if (name.startsWith("parsec")) {
        JsonObject environment = services.getJsonObject(name).getJsonObject("environment");
        Object admin = environment == null ? null : environment.getValue("PARSEC_ADMIN_PORT");
        assertTrue(admin != null, name + " sets PARSEC_ADMIN_PORT");
        nodes.add(name + ":" + admin);
      }
    }
    assertEquals(3, nodes.size());
    assertEquals(nodes, targets);
  }

  @Test
  @DisplayName("promtool accepts conf/alerts.yml and its unit tests pass (each alert fires on the series that should fire it, and only then); every rule has a for, a severity, a summary and a description")
  void alertRules() throws Exception {
    String promtool = tool("promtool");
    Result checked = run(promtool, "check", "rules", ALERTS.toString());
    assertEquals(0, checked.status(), checked.output());
    Result tested = run(promtool, "test", "rules", Path.of("conf", "alerts.test.yml").toString());
    assertEquals(0, tested.status(), tested.output());

    List<JsonObject> rules = alertingRules();
    Set<String> names = new TreeSet<>();
    for (JsonObject rule : rules) {
      names.add(rule.getString("alert"));
      assertTrue(rule.getString("for") != null, rule.getString("alert") + " has a for");
      assertTrue(Set.of("critical", "warning").contains(rule.getJsonObject("labels").getString("severity")), rule.encode());
      assertFalse(rule.getJsonObject("annotations").getString("summary", "").isBlank(), rule.encode());
      assertFalse(rule.getJsonObject("annotations").getString("description", "").isBlank(), rule.encode());
    }
    // every alert has a unit test that expects it to fire
    String tests = Files.readString(Path.of("conf", "alerts.test.yml"));
    for (String name : names) {
      assertTrue(tests.contains("alertname: " + name + "\n        exp_alerts:\n          - exp_labels"), name + " is shown firing in conf/alerts.test.yml");
    }

    // and the unit tests can fail: the rules with the job queue's threshold moved from 10 minutes to 100
    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(broken.resolve("alerts.yml"), Files.readString(ALERTS).replace("parsec_jobs_oldest_pending_age_seconds{job=\"parsec\"}) > 600",
        "parsec_jobs_oldest_pending_age_seconds{job=\"parsec\"}) > 6000"));
    Files.copy(Path.of("conf", "alerts.test.yml"), broken.resolve("alerts.test.yml"));
    Result failing = run(promtool, "test", "rules", broken.resolve("alerts.test.yml").toString());
    assertTrue(failing.status() != 0 && failing.output().contains("ParsecJobQueueStale"), failing.output());
  }

  @Test
  @DisplayName("every panel query of the Grafana dashboard is valid PromQL: promtool checks them as recording rules, Grafana's variables filled in")
  void dashboardQueriesParse() throws Exception {
    String promtool = tool("promtool");
    List<String> exprs = new ArrayList<>();
    DashboardMetricsTest.collect(new JsonObject(Files.readString(DashboardMetricsTest.DASHBOARD)).getValue("panels"), "expr", exprs);
    assertTrue(exprs.size() > 40, exprs.toString());
    JsonArray rules = new JsonArray();
    for (int i = 0; i < exprs.size(); i++) {
      String expr = exprs.get(i).replace("$__rate_interval", "1m").replace("$job", ".*").replace("$instance", ".*");
      rules.add(new JsonObject().put("record", "dashboard:query" + i).put("expr", expr));
    }
    Result checked = run(promtool, "check", "rules", ruleFile(rules).toString());
    assertEquals(0, checked.status(), checked.output());
    // and the check can fail
    rules.getJsonObject(0).put("expr", "sum(rate(x[1m]))) by");
    assertTrue(run(promtool, "check", "rules", ruleFile(rules).toString()).status() != 0);
  }

  /** A rule file of one group with these rules (JSON is YAML). */
  private Path ruleFile(JsonArray rules) throws IOException {
    Path file = dir.resolve("dashboard-queries.yml");
    Files.writeString(file, new JsonObject().put("groups", new JsonArray().add(new JsonObject().put("name", "dashboard")
        .put("rules", rules))).encodePrettily());
    return file;
  }

  /** Every alerting rule of conf/alerts.yml. */
  static List<JsonObject> alertingRules() throws IOException {
    List<JsonObject> rules = new ArrayList<>();
    for (Object group : yaml(Files.readString(ALERTS)).getJsonArray("groups")) {
      ((JsonObject) group).getJsonArray("rules").forEach(rule -> rules.add((JsonObject) rule));
    }
    return rules;
  }

  @Test
  @DisplayName("Grafana's provisioning: the compose's Prometheus as the data source the dashboard defaults to, the dashboard where the provider reads")
  void grafanaProvisioning() throws Exception {
    JsonObject source = yaml(Files.readString(Path.of("deploy", "grafana", "provisioning", "datasources", "prometheus.yml")))
        .getJsonArray("datasources").getJsonObject(0);
    assertEquals("prometheus", source.getString("type"));
    assertEquals("http://prometheus:9090", source.getString("url"));
    JsonObject dashboard = new JsonObject(Files.readString(DashboardMetricsTest.DASHBOARD));
    JsonObject variable = dashboard.getJsonObject("templating").getJsonArray("list").getJsonObject(0);
    assertEquals("datasource", variable.getString("type"));
    assertEquals(source.getString("uid"), variable.getJsonObject("current").getString("value"));

    String path = yaml(Files.readString(Path.of("deploy", "grafana", "provisioning", "dashboards", "parsec.yml")))
        .getJsonArray("providers").getJsonObject(0).getJsonObject("options").getString("path");
    JsonObject grafana = yaml(Files.readString(COMPOSE)).getJsonObject("services").getJsonObject("grafana");
    assertTrue(grafana.getJsonArray("volumes").contains("../conf/grafana-dashboard.json:" + path + "/parsec.json:ro"), grafana.encode());
    assertTrue(grafana.getJsonArray("volumes").contains("./grafana/provisioning:/etc/grafana/provisioning:ro"), grafana.encode());
    assertTrue(yaml(Files.readString(COMPOSE)).getJsonObject("services").containsKey("prometheus"));
  }

  private Result nginxTest(String nginx, Path prefix) throws Exception {
    return run(nginx, "-t", "-q", "-e", "stderr", "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString(),
        "-g", "pid " + prefix.resolve("nginx.pid") + ";");
  }

  /** A tool on the PATH (or in /usr/sbin, where Debian puts nginx); the test is skipped when it is not installed. */
  private static String tool(String name) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.add("/usr/sbin");
    Optional<Path> found = dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    assumeTrue(found.isPresent(), name + " is not installed (.ci/run installs it)");
    return found.get().toString();
  }

  /** Runs a tool with a bare environment (no PARSEC_ or compose variables of this machine leak in). */
  private static Result run(String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    builder.environment().clear();
    builder.environment().put("PATH", path);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
    return new Result(process.exitValue(), output);
  }

  private static JsonObject yaml(String text) {
    Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    return new JsonObject(KubernetesManifestsTest.toJson(loaded));
  }

  private record Result(int status, String output) {
  }
}
