/** RFC 6455 allows 123 bytes of UTF-8 reason in a close frame. */
export const maxCloseReasonBytes = 123;

/** Cuts `reason` to what fits in a close frame without splitting a character. */
export function closeReason(reason: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(reason).byteLength <= maxCloseReasonBytes) return reason;
  let cut = '';
  for (const char of reason) {
    if (encoder.encode(`${cut}${char}…`).byteLength > maxCloseReasonBytes) break;
    cut += char;
  }
  return `${cut}…`;
}
