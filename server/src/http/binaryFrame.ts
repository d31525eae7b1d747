/**
 * The bytes of one final, unmasked binary WebSocket frame carrying `payload`
 * (RFC 6455 §5.2): what a server sends. Header and payload share one buffer,
 * so a socket writes the frame with one system call.
 */
export function binaryFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const headerBytes = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerBytes + length);
  // FIN + opcode 2 (binary); a server's frames carry no mask.
  frame[0] = 0x82;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(payload, headerBytes);
  return frame;
}
