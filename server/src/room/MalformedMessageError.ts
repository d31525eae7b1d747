/**
 * A binary frame that is not a valid y-websocket message. The room closes
 * the sending socket with `CloseCode.malformedMessage` and this message as
 * the reason, so keep it short (a close reason holds at most 123 bytes).
 */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}
