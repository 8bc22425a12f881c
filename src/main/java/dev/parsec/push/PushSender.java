package dev.parsec.push;

import io.vertx.core.Future;

/** One push service (FCM or APNs), speaking its protocol to its endpoint. */
interface PushSender {

  /** The push in this service's form, built once per push and sent to each device. */
  Delivery prepare(PushMessage message);

  interface Delivery {
    /** Sends to one device; a failure to reach the service is an outcome (retry), not a failed future. */
    Future<Outcome> send(Device device);
  }
}
