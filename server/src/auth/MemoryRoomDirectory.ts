import type { RoomRole } from '@kohtaamo/shared';
import type { RoomDirectory, RoomRecord } from './RoomDirectory.js';

/** {@link RoomDirectory} in a Map, for unit tests. */
export class MemoryRoomDirectory implements RoomDirectory {
  readonly #rooms = new Map<string, RoomRecord>();

  async create(room: RoomRecord): Promise<void> {
    if (this.#rooms.has(room.roomId)) throw new Error(`room ${room.roomId} exists`);
    this.#rooms.set(room.roomId, { ...room, linkIds: { ...room.linkIds } });
  }

  async get(roomId: string): Promise<RoomRecord | undefined> {
    const room = this.#rooms.get(roomId);
    return room === undefined ? undefined : { ...room, linkIds: { ...room.linkIds } };
  }

  async replaceLink(roomId: string, role: RoomRole, linkId: string): Promise<boolean> {
    const room = this.#rooms.get(roomId);
    if (room === undefined) return false;
    this.#rooms.set(roomId, { ...room, linkIds: { ...room.linkIds, [role]: linkId } });
    return true;
  }

  async rename(roomId: string, title: string): Promise<boolean> {
    const room = this.#rooms.get(roomId);
    if (room === undefined) return false;
    this.#rooms.set(roomId, { ...room, title });
    return true;
  }

  async delete(roomId: string): Promise<boolean> {
    return this.#rooms.delete(roomId);
  }
}
