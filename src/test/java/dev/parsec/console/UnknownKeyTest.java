package dev.parsec.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parsec.config.ConfigException;
import dev.parsec.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A mistyped key stops the start with one line naming it and the key it most likely meant")
class UnknownKeyTest {

  @TempDir
  Path dir;

  static String refused(String[] args, Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.load(args, env)).getMessage();
  }

  @Test
  @DisplayName("java -jar parsec.jar --databse_url=...: exit 2 and one line on stderr, nothing started")
  void flagThroughMain() throws Exception {
    MainProcess.Run run = MainProcess.run(dir, Map.of(), "--databse_url=postgres://u@db.example/app", "--data_dir=" + dir.resolve("data"));
    assertEquals(2, run.exit(), run.out());
    assertEquals("parsec: configuration databse_url: unknown key (did you mean database_url?)\n", run.err());
    assertEquals(false, Files.exists(dir.resolve("data")), "nothing started");
  }

  @Test
  @DisplayName("a key in the YAML file, a flag or a PARSEC_ variable: the nearest key is named")
  void everySource() throws Exception {
    Path file = dir.resolve("parsec.yaml");
    Files.writeString(file, "port: 2000\nlivequery_class: [Message]\n");
    assertEquals("configuration livequery_class: unknown key (did you mean livequery_classes?)",
        refused(new String[] {"--config", file.toString()}, Map.of()));
    assertEquals("configuration mastr_key_ips: unknown key (did you mean master_key_ips?)",
        refused(new String[] {"--mastr-key-ips=10.0.0.0/8"}, Map.of()));
    assertEquals("configuration prot: unknown key (did you mean port?)", refused(new String[] {"--prot=80"}, Map.of()));
    assertEquals("configuration PARSEC_DATABSE_URL: unknown key (did you mean PARSEC_DATABASE_URL?)",
        refused(new String[0], Map.of("PARSEC_DATABSE_URL", "postgres://u@db.example/app")));
  }

  @Test
  @DisplayName("a key like no other is refused without a guess; other tools' PARSEC_ variables pass")
  void farFromAnyKey() {
    assertEquals("configuration colour_scheme: unknown key (java -jar parsec.jar --help lists the keys)",
        refused(new String[] {"--colour_scheme=dark"}, Map.of()));
    assertEquals(1337, ConfigLoader.load(new String[0],
        Map.of("PARSEC_TEST_DATABASE_URL", "postgres://u@db.example/app", "PARSEC_JAR", "target/parsec.jar", "PARSEC_PID", "12")).port());
  }
}
