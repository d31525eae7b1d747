import { type RoomLanguage, type RoomRole, roomRoles } from '@kohtaamo/shared';
import type pg from 'pg';
import { withTransaction } from '../persistence/postgres/transaction.js';
import { noLinkId, type RoomDirectory, type RoomRecord } from './RoomDirectory.js';

interface RoomRow {
  readonly room_id: string;
  readonly title: string;
  readonly language: RoomLanguage;
  readonly created_at: string;
}

/**
 * {@link RoomDirectory} in the `rooms` and `room_links` tables of the
 * PostgreSQL storage (see `PostgresStorage`), shared by every instance: a
 * link rotated or turned off through one instance is refused by all of
 * them on the next token check. A turned-off link is the row's empty
 * `link_id` ({@link noLinkId}).
 */
export class PostgresRoomDirectory implements RoomDirectory {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async create(room: RoomRecord): Promise<void> {
    await withTransaction(this.#pool, 'begin', async (client) => {
      await client.query(
        'insert into rooms (room_id, title, language, created_at) values ($1, $2, $3, $4)',
        [room.roomId, room.title, room.language, room.createdAt],
      );
      await client.query(
        `insert into room_links (room_id, role, link_id)
         select $1, role, link_id from unnest($2::text[], $3::text[]) as l(role, link_id)`,
        [room.roomId, [...roomRoles], roomRoles.map((role) => room.linkIds[role])],
      );
    });
  }

  async get(roomId: string): Promise<RoomRecord | undefined> {
    const rooms = await this.#pool.query<RoomRow>(
      'select room_id, title, language, created_at from rooms where room_id = $1',
      [roomId],
    );
    const row = rooms.rows[0];
    if (row === undefined) return undefined;
    const links = await this.#pool.query<{ role: RoomRole; link_id: string }>(
      'select role, link_id from room_links where room_id = $1',
      [roomId],
    );
    const byRole = new Map(links.rows.map((link) => [link.role, link.link_id]));
    const linkIds = Object.fromEntries(
      roomRoles.map((role) => [role, byRole.get(role) ?? noLinkId]),
    ) as Record<RoomRole, string>;
    return {
      roomId: row.room_id,
      title: row.title,
      language: row.language,
      createdAt: Number(row.created_at),
      linkIds,
    };
  }

  async replaceLink(roomId: string, role: RoomRole, linkId: string): Promise<boolean> {
    const result = await this.#pool.query(
      'update room_links set link_id = $1 where room_id = $2 and role = $3',
      [linkId, roomId, role],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async rename(roomId: string, title: string): Promise<boolean> {
    const result = await this.#pool.query('update rooms set title = $1 where room_id = $2', [
      title,
      roomId,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async delete(roomId: string): Promise<boolean> {
    // The links go with the room (on delete cascade).
    const result = await this.#pool.query('delete from rooms where room_id = $1', [roomId]);
    return (result.rowCount ?? 0) > 0;
  }
}
