package dev.parsec.files;

import dev.parsec.config.FileSettings;
import dev.parsec.error.ParseException;
import dev.parsec.web.ParseRequest;
import java.util.List;
import java.util.Locale;

/** Who may upload, and which kinds of file (Parse Server's fileUpload options, and the types browsers run). */
final class UploadPolicy {

  private final FileSettings settings;

  UploadPolicy(FileSettings settings) {
    this.settings = settings;
  }

  /** @param anonymousUser whether the signed-in user signed in anonymously (authData.anonymous) */
  void checkCaller(ParseRequest request, boolean anonymousUser) {
    if (request.master()) {
      return;
    }
    boolean signedIn = request.userId() != null;
    if (signedIn && anonymousUser) {
      if (!settings.uploadAnonymous()) {
        throw new ParseException(ParseException.FILE_SAVE_ERROR, "File upload by anonymous user is disabled.");
      }
      return;
    }
    if (signedIn && !settings.uploadAuthenticated()) {
      throw new ParseException(ParseException.FILE_SAVE_ERROR, "File upload by authenticated user is disabled.");
    }
    if (!signedIn && !settings.uploadPublic()) {
      throw new ParseException(ParseException.FILE_SAVE_ERROR, "File upload by public is disabled.");
    }
  }

  /**
   * Refuses denied kinds of file, by the name's extension (or, without one, the content type's subtype,
   * as Parse Server does), and also by a content type naming a denied kind, which a browser would
   * render whatever the extension. With an allow list, the extension (or subtype) must be on it.
   */
  void checkKind(ParseRequest request, String fileName, String contentType) {
    if (request.master()) {
      return;
    }
    // trailing dots and spaces go when a file is saved on Windows: "page.html." is an html file there
    String name = fileName.replaceAll("[. ]+$", "");
    int dot = name.lastIndexOf('.');
    String subtype = subtype(contentType);
    String extension = dot >= 0 ? name.substring(dot + 1) : subtype;
    for (String kind : new String[] {extension, subtype}) {
      if (kind != null && settings.deniedExtensions().contains(kind.replace(" ", "").toLowerCase(Locale.ROOT))) {
        throw new ParseException(ParseException.FILE_SAVE_ERROR, "File upload of extension " + kind + " is disabled.");
      }
    }
    List<String> allowed = settings.allowedExtensions();
    if (!allowed.isEmpty() && (extension == null || !allowed.contains(extension.replace(" ", "").toLowerCase(Locale.ROOT)))) {
      throw new ParseException(ParseException.FILE_SAVE_ERROR, "File upload of extension " + extension + " is disabled.");
    }
  }

  /** Refuses, for clients, the types a browser would run as a page or a script; the master key may upload any. */
  void checkType(ParseRequest request, MediaType type) {
    if (!request.master() && BrowserRunTypes.includes(type)) {
      throw new ParseException(ParseException.FILE_SAVE_ERROR, "File upload of content type " + type.essence() + " is disabled.");
    }
  }

  /** "svg" of "image/svg+xml; charset=x", "html" of "text/html". */
  private static String subtype(String contentType) {
    if (contentType == null || !contentType.contains("/")) {
      return null;
    }
    String subtype = contentType.split(";", 2)[0].split("/", 2)[1].trim();
    int plus = subtype.indexOf('+');
    return plus > 0 ? subtype.substring(0, plus) : subtype;
  }
}
