package dev.parsec.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parsec.node.Node;
import java.util.List;

/** A node's /metrics as Prometheus reads it, and the values of its samples. */
public final class Metrics {

  private Metrics() {
  }

  /** The node's /metrics now. */
  public static String of(Node node) {
    return Api.at(node.config().port()).get("/metrics").text();
  }

  /** The sum of a metric's samples whose labels include those given (like {@code state="open"}); fails when there is none. */
  public static double sum(String metrics, String name, String... labels) {
    double sum = 0;
    int found = 0;
    for (String line : metrics.lines().toList()) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        boolean matches = true;
        for (String label : labels) {
          matches &= line.contains(label);
        }
        if (matches) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          found++;
        }
      }
    }
    assertTrue(found > 0, name + " " + List.of(labels) + " is on /metrics:\n" + metrics);
    return sum;
  }

  /** {@link #sum} of the node's /metrics now. */
  public static double sum(Node node, String name, String... labels) {
    return sum(of(node), name, labels);
  }

  /** Waits (at most 12 s: gauges are sampled every 5 s) for the sum of a metric's samples with these labels to read the value. */
  public static void await(Node node, String name, String label, double expected) throws InterruptedException {
    String[] labels = label == null ? new String[0] : new String[] {label};
    double value = sum(node, name, labels);
    for (int i = 0; i < 120 && value != expected; i++) {
      Thread.sleep(100);
      value = sum(node, name, labels);
    }
    assertEquals(expected, value, name + " " + (label == null ? "" : label) + " on " + node.config().port());
  }
}
