package dev.parsec.config;

/** What a node runs: the HTTP API, the worker verticles, or both. */
public enum Role {
  API, WORKER, BOTH;

  public boolean servesApi() {
    return this != WORKER;
  }

  public boolean runsWorkers() {
    return this != API;
  }
}
