package dev.parsec.config;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job the cluster starts on its own: `JOB every 15m` (also s, h, d; slots aligned on the epoch, so
 * `every 1h` starts on the hour, UTC) or `JOB daily at 03:30` (UTC). Each slot runs once in the
 * whole cluster; a slot missed while no node ran is run once when one comes back.
 */
public record JobSchedule(String job, Duration every, LocalTime dailyAt, String text) {

  private static final Pattern FORM = Pattern.compile(
      "([A-Za-z0-9_.-]+)\\s+(?:every\\s+(\\d+)(s|m|h|d)|daily\\s+at\\s+(\\d{1,2}):(\\d{2}))", Pattern.CASE_INSENSITIVE);

  public static JobSchedule parse(String key, String text) {
    Matcher form = FORM.matcher(text.trim());
    if (!form.matches()) {
      throw new ConfigException(key, "'" + text + "' is not a schedule like 'restock every 15m' or 'report daily at 03:30'");
    }
    if (form.group(2) != null) {
      long amount = Long.parseLong(form.group(2));
      Duration every = switch (form.group(3).toLowerCase(Locale.ROOT)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
      if (every.toSeconds() < 1) {
        throw new ConfigException(key, "'" + text + "' needs a period of at least 1s");
      }
      return new JobSchedule(form.group(1), every, null, text.trim());
    }
    int hour = Integer.parseInt(form.group(4));
    int minute = Integer.parseInt(form.group(5));
    if (hour > 23 || minute > 59) {
      throw new ConfigException(key, "'" + text + "' names no time of day");
    }
    return new JobSchedule(form.group(1), null, LocalTime.of(hour, minute), text.trim());
  }

  /** When the slot that holds the instant began: the run that is due, or that ran, at that instant. */
  public Instant slotAt(Instant now) {
    if (every != null) {
      long period = every.toMillis();
      return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), period) * period);
    }
    Instant today = now.truncatedTo(ChronoUnit.DAYS).plusSeconds(dailyAt.toSecondOfDay());
    return now.isBefore(today) ? today.minus(Duration.ofDays(1)) : today;
  }

  /** The key that makes a slot's run unique in the cluster. */
  public String slotKey(Instant slot) {
    return job + " " + text + " " + slot.atOffset(ZoneOffset.UTC);
  }
}
