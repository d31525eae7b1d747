import { type RoomLanguage, type RoomRole, roomRoles } from '@kohtaamo/shared';
import type Database from 'better-sqlite3';
import { noLinkId, type RoomDirectory, type RoomRecord } from './RoomDirectory.js';

interface RoomRow {
  readonly room_id: string;
  readonly title: string;
  readonly language: RoomLanguage;
  readonly created_at: number;
}

/**
 * {@link RoomDirectory} in the `rooms` and `room_links` tables of
 * `kohtaamo.db` (schema version 3, created by `SqliteDocumentStore`'s
 * migrations, which own the file's schema). Shares that store's connection.
 * A turned-off link is kept as the row's empty `link_id` ({@link noLinkId}).
 */
export class SqliteRoomDirectory implements RoomDirectory {
  readonly #insertAll: (room: RoomRecord) => void;
  readonly #selectRoom: Database.Statement;
  readonly #selectLinks: Database.Statement;
  readonly #updateLink: Database.Statement;
  readonly #updateTitle: Database.Statement;
  readonly #deleteAll: (roomId: string) => boolean;

  constructor(db: Database.Database) {
    const insertRoom = db.prepare(
      'insert into rooms (room_id, title, language, created_at) values (?, ?, ?, ?)',
    );
    const insertLink = db.prepare(
      'insert into room_links (room_id, role, link_id) values (?, ?, ?)',
    );
    this.#insertAll = db.transaction((room: RoomRecord) => {
      insertRoom.run(room.roomId, room.title, room.language, room.createdAt);
      for (const role of roomRoles) insertLink.run(room.roomId, role, room.linkIds[role]);
    });
    this.#selectRoom = db.prepare(
      'select room_id, title, language, created_at from rooms where room_id = ?',
    );
    this.#selectLinks = db.prepare('select role, link_id from room_links where room_id = ?').raw();
    this.#updateLink = db.prepare(
      'update room_links set link_id = ? where room_id = ? and role = ?',
    );
    this.#updateTitle = db.prepare('update rooms set title = ? where room_id = ?');
    const deleteLinks = db.prepare('delete from room_links where room_id = ?');
    const deleteRoom = db.prepare('delete from rooms where room_id = ?');
    this.#deleteAll = db.transaction((roomId: string) => {
      deleteLinks.run(roomId);
      return deleteRoom.run(roomId).changes > 0;
    });
  }

  async create(room: RoomRecord): Promise<void> {
    this.#insertAll(room);
  }

  async get(roomId: string): Promise<RoomRecord | undefined> {
    const row = this.#selectRoom.get(roomId) as RoomRow | undefined;
    if (row === undefined) return undefined;
    const links = new Map(this.#selectLinks.all(roomId) as [RoomRole, string][]);
    const linkIds = Object.fromEntries(
      roomRoles.map((role) => [role, links.get(role) ?? noLinkId]),
    ) as Record<RoomRole, string>;
    return {
      roomId: row.room_id,
      title: row.title,
      language: row.language,
      createdAt: row.created_at,
      linkIds,
    };
  }

  async replaceLink(roomId: string, role: RoomRole, linkId: string): Promise<boolean> {
    return this.#updateLink.run(linkId, roomId, role).changes > 0;
  }

  async rename(roomId: string, title: string): Promise<boolean> {
    return this.#updateTitle.run(title, roomId).changes > 0;
  }

  async delete(roomId: string): Promise<boolean> {
    return this.#deleteAll(roomId);
  }
}
