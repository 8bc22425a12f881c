package dev.parsec.files;

/**
 * The single byte range a Range header asks for ("bytes=0-99", "bytes=100-", "bytes=-100"), clipped
 * to the file. Several ranges in one header are not served: the whole file is sent instead, as
 * RFC 9110 allows.
 */
record ByteRange(long start, long end) {

  long length() {
    return end - start + 1;
  }

  /** What to send for the header; whole when absent, several or malformed (ignored, as RFC 9110 says). */
  static Result of(String header, long size) {
    if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
      return Result.WHOLE;
    }
    String spec = header.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return Result.WHOLE;
    }
    try {
      String first = spec.substring(0, dash).trim();
      String last = spec.substring(dash + 1).trim();
      long start;
      long end;
      if (first.isEmpty()) {
        long suffix = Long.parseLong(last);
        if (suffix == 0) {
          return Result.UNSATISFIABLE;
        }
        start = Math.max(0, size - suffix);
        end = size - 1;
      } else {
        start = Long.parseLong(first);
        end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
        if (end < start && !last.isEmpty() && Long.parseLong(last) < start) {
          return Result.WHOLE;
        }
      }
      if (start >= size || start < 0) {
        return Result.UNSATISFIABLE;
      }
      return new Result(new ByteRange(start, end), false);
    } catch (NumberFormatException e) {
      return Result.WHOLE;
    }
  }

  /** A range to send, none (the whole file), or a range outside the file (416). */
  record Result(ByteRange range, boolean unsatisfiable) {
    static final Result WHOLE = new Result(null, false);
    static final Result UNSATISFIABLE = new Result(null, true);
  }
}
