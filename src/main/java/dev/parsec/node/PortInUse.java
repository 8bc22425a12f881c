package dev.parsec.node;

/**
 * A listener that cannot bind says so with Netty's words only ("bind(..) failed with error(-98): Address
 * already in use"), which name neither the port nor the key: with port and admin_port, the operator
 * would have to guess which one.
 */
final class PortInUse {

  private PortInUse() {
  }

  /** The failure with the key and port named when it is a port already taken; else the failure as it is. */
  static Throwable named(Throwable failure, String key, int port, String host) {
    String message = String.valueOf(failure.getMessage());
    if (failure instanceof java.net.BindException || message.contains("Address already in use")) {
      return new IllegalStateException(key + " " + port + " on " + host + " is already in use by another program: stop it or"
          + " set another " + key, failure);
    }
    return failure;
  }
}
