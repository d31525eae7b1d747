/** The person at this browser, as shown to others (cursor, name, colour). */
export interface LocalUser {
  /**
   * The public participant id, derived from {@link key}: the tldraw user id,
   * presence identity, `meta.authorId` of content and the key of votes.
   */
  readonly id: string;
  /** The secret participant key (see `participantIdentity`); sent only to the server. */
  readonly key: string;
  readonly name: string;
  /** CSS colour, e.g. `#1a7f5a`. */
  readonly color: string;
}

/** State of the link to the sync server, as shown in the UI. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Local persistence of a Y.Doc (y-indexeddb in the browser). */
export interface LocalPersistence {
  readonly whenSynced: Promise<unknown>;
  destroy(): Promise<unknown> | unknown;
  /** Destroys it and deletes what it stored (y-indexeddb's `clearData`). */
  clearData?(): Promise<unknown>;
}
