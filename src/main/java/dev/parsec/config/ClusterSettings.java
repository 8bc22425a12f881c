package dev.parsec.config;

import java.util.List;
import java.util.Optional;

/**
 * How a node finds and talks to the other members of its Hazelcast cluster.
 *
 * @param name members whose cluster names differ never join each other
 * @param interfaces IPv4 address patterns ({@code 10.0.*.*}, {@code 10.3.10.4-18}); when given, the node binds
 *     its cluster port on the matching address only and advertises that address
 * @param discovery how the members are found
 * @param kubernetesServiceDns the headless Service whose DNS name lists the members' pod addresses (kubernetes discovery)
 */
public record ClusterSettings(String name, List<String> interfaces, Discovery discovery, Optional<String> kubernetesServiceDns) {

  public enum Discovery {
    /** the members listed in cluster_members, joined over TCP */
    TCP,
    /** Hazelcast's Kubernetes discovery in DNS mode: the addresses a headless Service's name resolves to */
    KUBERNETES
  }
}
