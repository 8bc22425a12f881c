package dev.parsec.config;

import java.net.URI;

/**
 * An S3-compatible bucket that holds the files (files_adapter: s3).
 *
 * @param endpoint the service's base URL; AWS's regional endpoint unless another service is named
 * @param pathStyle true to address the bucket as {endpoint}/{bucket}/key (most S3-compatible
 *     servers); false for {bucket}.{endpoint host}/key (AWS's virtual-hosted style)
 * @param prefix put before every stored name, for a bucket shared with other data
 */
public record S3Settings(URI endpoint, String region, String bucket, String accessKey, String secretKey,
                         boolean pathStyle, String prefix) {

  /** The secret key stays out of logs and error messages. */
  @Override
  public String toString() {
    return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
        + ", pathStyle=" + pathStyle + ", prefix=" + prefix + "]";
  }
}
