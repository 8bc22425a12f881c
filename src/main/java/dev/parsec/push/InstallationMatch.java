package dev.parsec.push;

import dev.parsec.error.ParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parse Server's rules for saving an installation (RestWrite.handleInstallation), as one decision over
 * the installations that share the saved one's objectId, installationId or deviceToken: which object
 * the save writes (or a new one), which stale installations go, and which changes are refused.
 * A device token belongs to one installation: when it moves to another, the old holder is deleted,
 * or, when it has no installationId of its own, merged into (it becomes the saved installation).
 */
final class InstallationMatch {

  /** Parse's codes for installation saves. */
  static final int MISSING_ID = 135;
  static final int IMMUTABLE = 136;
  static final int AMBIGUOUS_TOKEN = 132;

  /** An installation already stored, with what identifies it. */
  record Stored(String objectId, String installationId, String deviceToken, String deviceType) {
  }

  /**
   * What to do: delete these objects, delete the other holders of a token (except an installationId or
   * an objectId), then write target (null: create a new installation).
   */
  record Plan(String target, List<String> deleteObjects, TokenCleanup tokenCleanup) {
  }

  /** Delete the installations holding token, except the one with exceptInstallationId or exceptObjectId. */
  record TokenCleanup(String token, String exceptInstallationId, String exceptObjectId, String appIdentifier) {
  }

  private InstallationMatch() {
  }

  /**
   * @param objectId the installation updated by objectId (null for a create)
   * @param body the checked body
   * @param found the stored installations with that objectId, installationId or deviceToken
   */
  static Plan plan(String objectId, InstallationBody body, List<Stored> found) {
    String installationId = body.installationId();
    String token = body.deviceToken();
    Stored byObjectId = null;
    Stored byInstallationId = null;
    List<Stored> byToken = new ArrayList<>();
    for (Stored stored : found) {
      if (objectId != null && objectId.equals(stored.objectId())) {
        byObjectId = stored;
      }
      if (installationId != null && installationId.equals(stored.installationId())) {
        byInstallationId = stored;
      }
      if (token != null && token.equals(stored.deviceToken())) {
        byToken.add(stored);
      }
    }
    if (objectId != null) {
      if (byObjectId == null) {
        throw new ParseException(ParseException.OBJECT_NOT_FOUND, "Object not found for update.");
      }
      refuseChanges(body, byObjectId);
    }
    Stored match = byInstallationId != null ? byInstallationId : byObjectId;
    if (objectId == null && body.deviceType() == null && match == null) {
      throw new ParseException(MISSING_ID, "deviceType must be specified in this operation");
    }
    if (match == null) {
      return planForNew(body, byToken);
    }
    if (byToken.size() == 1 && byToken.get(0).installationId() == null && !byToken.get(0).objectId().equals(match.objectId())) {
      // the token's holder has no installationId: it becomes this installation, the match goes
      return new Plan(byToken.get(0).objectId(), List.of(match.objectId()), null);
    }
    if (token != null && !token.equals(match.deviceToken())) {
      // the token moves to this installation: its other holders are stale
      if (installationId != null) {
        return new Plan(match.objectId(), List.of(), new TokenCleanup(token, installationId, null, body.appIdentifier()));
      }
      return new Plan(match.objectId(), List.of(), new TokenCleanup(token, null, match.objectId(), body.appIdentifier()));
    }
    return new Plan(match.objectId(), List.of(), null);
  }

  /** No installation has this objectId or installationId. */
  private static Plan planForNew(InstallationBody body, List<Stored> byToken) {
    if (byToken.isEmpty()) {
      return new Plan(null, List.of(), null);
    }
    if (byToken.size() == 1 && (byToken.get(0).installationId() == null || body.installationId() == null)) {
      // one holder of the token, and one side has no installationId: the save is that installation
      return new Plan(byToken.get(0).objectId(), List.of(), null);
    }
    if (body.installationId() == null) {
      throw new ParseException(AMBIGUOUS_TOKEN, "Must specify installationId when deviceToken matches multiple Installation objects");
    }
    // the token's holders are other installations of the device, now stale: a new one takes their place
    return new Plan(null, List.of(), new TokenCleanup(body.deviceToken(), body.installationId(), null, body.appIdentifier()));
  }

  private static void refuseChanges(InstallationBody body, Stored stored) {
    if (body.installationId() != null && stored.installationId() != null && !body.installationId().equals(stored.installationId())) {
      throw new ParseException(IMMUTABLE, "installationId may not be changed in this operation");
    }
    if (body.deviceToken() != null && stored.deviceToken() != null && !body.deviceToken().equals(stored.deviceToken())
        && body.installationId() == null && stored.installationId() == null) {
      throw new ParseException(IMMUTABLE, "deviceToken may not be changed in this operation");
    }
    if (body.deviceType() != null && !body.deviceType().equals(stored.deviceType())) {
      throw new ParseException(IMMUTABLE, "deviceType may not be changed in this operation");
    }
  }
}
