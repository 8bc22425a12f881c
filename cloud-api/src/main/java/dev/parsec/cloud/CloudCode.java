package dev.parsec.cloud;

/**
 * A cloud code module: Java code an app adds to Parsec. Implement it, list the class in
 * META-INF/services/dev.parsec.cloud.CloudCode, package it as a jar and drop the jar in cloud_code_dir
 * (see examples/cloud-code). Every node that runs workers loads it at start.
 */
public interface CloudCode {

  /** Registers the module's functions. */
  void define(Cloud cloud);
}
