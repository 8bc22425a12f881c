package dev.parsec.support;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for tests that need what an HTTP client hides: bytes sent slowly, a
 * request never finished, the moment the server closes.
 */
public final class RawHttp implements AutoCloseable {

  public final Socket socket;
  public final InputStream in;
  public final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** A connection to 127.0.0.1:port; reads give up after 15 seconds. */
  public static RawHttp connect(int port) throws IOException {
    return connect(port, 0);
  }

  /** The same with a small receive buffer (bytes, 0 for the system's), so that a slow reader holds the server back. */
  public static RawHttp connect(int port, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(15_000);
    return new RawHttp(socket);
  }

  public void send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** A status line and headers (names in lower case); the body is left to read. */
  public record Head(int status, Map<String, String> headers) {
    public long contentLength() {
      return Long.parseLong(headers.getOrDefault("content-length", "-1"));
    }
  }

  public record Response(int status, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  public Head readHead() throws IOException {
    String status = readLine();
    if (status == null) {
      throw new EOFException("the server closed the connection");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    return new Head(Integer.parseInt(status.split(" ")[1]), headers);
  }

  /** A whole response, whose length its Content-Length gives. */
  public Response readResponse() throws IOException {
    Head head = readHead();
    long length = head.contentLength();
    if (length < 0) {
      throw new IOException("no Content-Length in " + head);
    }
    return new Response(head.status(), head.headers(), in.readNBytes((int) length));
  }

  /**
   * Reads until the server closes the connection (an end of stream or a reset) and returns when, by
   * System.nanoTime(); fails if the server sent more bytes, or had not closed within the read timeout.
   */
  public long awaitClosed() throws IOException {
    try {
      int b = in.read();
      if (b != -1) {
        throw new IOException("the server sent more: " + (char) b);
      }
    } catch (SocketTimeoutException stillOpen) {
      throw new IOException("the server kept the connection open for " + socket.getSoTimeout() + " ms");
    } catch (SocketException reset) {
      // closed with unread bytes on its side: a reset
    }
    return System.nanoTime();
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        return line.toString().replaceFirst("\r$", "");
      }
      line.append((char) c);
    }
    return line.length() == 0 ? null : line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
