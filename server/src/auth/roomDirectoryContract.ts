import { describe, expect, it } from 'vitest';
import { noLinkId, type RoomDirectory, type RoomRecord } from './RoomDirectory.js';

const room: RoomRecord = {
  roomId: 'room-abc',
  title: 'Kick-off',
  language: 'fi',
  createdAt: 1_700_000_000_000,
  linkIds: { facilitator: 'f1', participant: 'p1', guest: 'g1', viewer: 'v1' },
};

/** Behaviour every {@link RoomDirectory} must have; `open` returns a fresh, empty one. */
export function roomDirectoryContract(open: () => RoomDirectory | Promise<RoomDirectory>): void {
  describe('RoomDirectory contract', () => {
    it('returns what was created and nothing for unknown rooms', async () => {
      const directory = await open();
      await directory.create(room);
      expect(await directory.get('room-abc')).toEqual(room);
      expect(await directory.get('room-xyz')).toBeUndefined();
    });

    it('refuses a second room with the same id', async () => {
      const directory = await open();
      await directory.create(room);
      await expect(directory.create({ ...room, title: 'Other' })).rejects.toThrow();
      expect((await directory.get('room-abc'))?.title).toBe('Kick-off');
    });

    it('replaces one role link and leaves the others', async () => {
      const directory = await open();
      await directory.create(room);
      expect(await directory.replaceLink('room-abc', 'guest', 'g2')).toBe(true);
      expect((await directory.get('room-abc'))?.linkIds).toEqual({ ...room.linkIds, guest: 'g2' });
      expect(await directory.replaceLink('room-xyz', 'guest', 'g3')).toBe(false);
    });

    it('turns a role link off and makes a new one for it later', async () => {
      const directory = await open();
      await directory.create(room);
      expect(await directory.replaceLink('room-abc', 'guest', noLinkId)).toBe(true);
      expect((await directory.get('room-abc'))?.linkIds).toEqual({
        ...room.linkIds,
        guest: noLinkId,
      });
      expect(await directory.replaceLink('room-abc', 'guest', 'g2')).toBe(true);
      expect((await directory.get('room-abc'))?.linkIds.guest).toBe('g2');
      expect(await directory.replaceLink('room-xyz', 'guest', noLinkId)).toBe(false);
    });

    it('renames a room and nothing else', async () => {
      const directory = await open();
      await directory.create(room);
      await directory.create({ ...room, roomId: 'room-other' });
      expect(await directory.rename('room-abc', 'Palvelupolku')).toBe(true);
      expect(await directory.get('room-abc')).toEqual({ ...room, title: 'Palvelupolku' });
      expect((await directory.get('room-other'))?.title).toBe('Kick-off');
      expect(await directory.rename('room-xyz', 'x')).toBe(false);
    });

    it('deletes a room and its links', async () => {
      const directory = await open();
      await directory.create(room);
      expect(await directory.delete('room-abc')).toBe(true);
      expect(await directory.get('room-abc')).toBeUndefined();
      expect(await directory.delete('room-abc')).toBe(false);
      await directory.create(room);
      expect(await directory.get('room-abc')).toEqual(room);
    });
  });
}
