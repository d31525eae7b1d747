/** The person at this browser, as shown to others (cursor, name, colour). */
export interface LocalUser {
  /** Stable per browser; becomes the tldraw user id and presence identity. */
  readonly id: string;
  readonly name: string;
  /** CSS colour, e.g. `#1a7f5a`. */
  readonly color: string;
}

/** State of the link to the sync server, as shown in the UI. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';
