package dev.parsec.files.s3;

/** S3 refused a request or answered one unexpectedly. The message is safe to log: it holds no secret. */
final class S3Failure extends RuntimeException {

  S3Failure(String message) {
    super(message, null, false, false);
  }
}
