package dev.parsec.files;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The byte ranges a Range header asks for ("bytes=0-99", "bytes=100-", "bytes=-100", or several,
 * comma-separated), clipped to the file, sorted, and with overlapping or touching ranges merged (RFC
 * 9110 lets a server coalesce them, and it keeps a header from asking for the same bytes again and
 * again). A malformed header, or one with more than {@link #MOST} ranges, is ignored: the whole file
 * is sent, as RFC 9110 allows.
 */
record ByteRange(long start, long end) {

  static final int MOST = 16;

  long length() {
    return end - start + 1;
  }

  static Result of(String header, long size) {
    if (header == null || !header.startsWith("bytes=")) {
      return Result.WHOLE;
    }
    String[] specs = header.substring(6).split(",");
    if (specs.length > MOST) {
      return Result.WHOLE;
    }
    List<ByteRange> ranges = new ArrayList<>();
    for (String spec : specs) {
      ByteRange range;
      try {
        range = one(spec.trim(), size);
      } catch (NumberFormatException | IndexOutOfBoundsException e) {
        return Result.WHOLE;
      }
      if (range == MALFORMED) {
        return Result.WHOLE;
      }
      if (range != null) {
        ranges.add(range);
      }
    }
    return ranges.isEmpty() ? Result.UNSATISFIABLE : new Result(merged(ranges), false);
  }

  private static final ByteRange MALFORMED = new ByteRange(-1, -1);

  /** One spec clipped to the file; null when it lies outside the file, MALFORMED when it makes no sense. */
  private static ByteRange one(String spec, long size) {
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return MALFORMED;
    }
    String first = spec.substring(0, dash).trim();
    String last = spec.substring(dash + 1).trim();
    if (first.isEmpty()) {
      long suffix = Long.parseLong(last);
      return suffix == 0 || size == 0 ? null : new ByteRange(Math.max(0, size - suffix), size - 1);
    }
    long start = Long.parseLong(first);
    if (!last.isEmpty() && Long.parseLong(last) < start) {
      return MALFORMED;
    }
    if (start < 0 || start >= size) {
      return null;
    }
    return new ByteRange(start, last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1));
  }

  private static List<ByteRange> merged(List<ByteRange> ranges) {
    ranges.sort(Comparator.comparingLong(ByteRange::start));
    List<ByteRange> merged = new ArrayList<>();
    for (ByteRange range : ranges) {
      ByteRange previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (previous != null && range.start() <= previous.end() + 1) {
        merged.set(merged.size() - 1, new ByteRange(previous.start(), Math.max(previous.end(), range.end())));
      } else {
        merged.add(range);
      }
    }
    return merged;
  }

  /** The ranges to send, none (the whole file), or only ranges outside the file (416). */
  record Result(List<ByteRange> ranges, boolean unsatisfiable) {
    static final Result WHOLE = new Result(null, false);
    static final Result UNSATISFIABLE = new Result(null, true);
  }
}
