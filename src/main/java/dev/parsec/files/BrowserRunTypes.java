package dev.parsec.files;

import java.util.Set;

/**
 * The media types a browser turns into a page that can run script, or runs as script, when served
 * from Parsec's origin: clients may not upload them, whatever the file's name says.
 */
final class BrowserRunTypes {

  /** Pages and their stylesheets: HTML, XHTML, and XML, which a browser renders as a document (XSLT, XHTML inside). */
  private static final Set<String> DOCUMENTS = Set.of(
      "text/html", "application/xhtml+xml", "text/xml", "application/xml", "text/xsl",
      "application/xml-dtd", "text/xml-external-parsed-entity", "application/xml-external-parsed-entity");

  /** WHATWG MIME Sniffing's JavaScript MIME types, and the script and plugin types older browsers still run. */
  private static final Set<String> SCRIPTS = Set.of(
      "application/ecmascript", "application/javascript", "application/x-ecmascript", "application/x-javascript",
      "text/ecmascript", "text/javascript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
      "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript",
      "text/x-ecmascript", "text/x-javascript", "text/vbscript",
      "application/x-shockwave-flash", "application/futuresplash");

  private BrowserRunTypes() {
  }

  static boolean includes(MediaType type) {
    return DOCUMENTS.contains(type.essence())
        || SCRIPTS.contains(type.essence())
        // every XML-based type (image/svg+xml, application/rss+xml, application/atom+xml…) is rendered as XML
        || type.subtype().endsWith("+xml")
        // multipart/x-mixed-replace shows each part as a document of its own type (HTML included)
        || type.type().equals("multipart");
  }
}
