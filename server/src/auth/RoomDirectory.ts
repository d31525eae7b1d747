import type { RoomId, RoomLanguage, RoomRole } from '@kohtaamo/shared';

/** A room created through `POST /api/rooms`, with the current link id of each role. */
export interface RoomRecord {
  readonly roomId: RoomId;
  readonly title: string;
  readonly language: RoomLanguage;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /**
   * The one valid link id per role; a token with any other link id is
   * revoked. {@link noLinkId} when the facilitator turned the role's link off.
   */
  readonly linkIds: Readonly<Record<RoomRole, string>>;
}

/**
 * The link id of a role whose link is turned off. Tokens always carry a
 * non-empty link id, so none matches it: every token of the role is refused
 * until a new link replaces it.
 */
export const noLinkId = '';

/**
 * The rooms that need capability tokens ("protected rooms"). A room id not
 * in the directory is a legacy open room (see `RoomAccess`).
 */
export interface RoomDirectory {
  /** Adds a room. @throws Error when the id is taken. */
  create(room: RoomRecord): Promise<void>;
  get(roomId: string): Promise<RoomRecord | undefined>;
  /**
   * Makes `linkId` the role's only valid link ({@link noLinkId}: none);
   * `false` when the room does not exist.
   */
  replaceLink(roomId: string, role: RoomRole, linkId: string): Promise<boolean>;
  /** Gives a room a new title; `false` when the room does not exist. */
  rename(roomId: string, title: string): Promise<boolean>;
  /** Removes a room; `false` when it did not exist. */
  delete(roomId: string): Promise<boolean>;
}
