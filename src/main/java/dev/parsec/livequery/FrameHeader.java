package dev.parsec.livequery;

import io.netty.buffer.ByteBuf;

/** The header of an unmasked, final WebSocket text frame (RFC 6455 5.2), as a server sends it. */
final class FrameHeader {

  private FrameHeader() {
  }

  static int length(int payloadLength) {
    return payloadLength <= 125 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
  }

  static void writeText(ByteBuf frame, int payloadLength) {
    frame.writeByte(0x81);
    if (payloadLength <= 125) {
      frame.writeByte(payloadLength);
    } else if (payloadLength <= 0xFFFF) {
      frame.writeByte(126).writeShort(payloadLength);
    } else {
      frame.writeByte(127).writeLong(payloadLength);
    }
  }
}
