import { expect, it } from 'vitest';
import { describeWithRedis, redisConnections } from '../testing/redis.js';
import { RoomLeases } from './RoomLeases.js';

const connections = redisConnections();

function twoInstances(ttlMs = 5000) {
  const { redis, keyPrefix } = connections.open();
  const make = (instanceId: string) =>
    new RoomLeases({ redis, instanceId, address: `http://${instanceId}:8080`, ttlMs, keyPrefix });
  return { a: make('a'), b: make('b') };
}

describeWithRedis('RoomLeases', () => {
  it('gives a room one owner; the other instance learns who it is', async () => {
    const { a, b } = twoInstances();
    const first = await a.acquire('room-1');
    expect(first).toEqual({
      kind: 'acquired',
      owner: { instanceId: 'a', address: 'http://a:8080', fence: 1 },
    });
    expect(await b.acquire('room-1')).toEqual({ kind: 'taken', owner: first.owner });
    expect(await b.owner('room-1')).toEqual(first.owner);
    expect(await b.owner('room-2')).toBeUndefined();
    // Rooms are independent.
    expect((await b.acquire('room-2')).kind).toBe('acquired');
  });

  it('hands the room over with a higher fence when the lease is released or expires', async () => {
    const { a, b } = twoInstances(300);
    const first = await a.acquire('room-1');
    await a.release('room-1', first.owner);
    const second = await b.acquire('room-1');
    expect(second).toMatchObject({ kind: 'acquired', owner: { instanceId: 'b', fence: 2 } });
    // b's lease runs out without renewal; a takes the room with the next fence.
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await a.renew('room-1', first.owner)).toBe(false);
    const third = await a.acquire('room-1');
    expect(third).toMatchObject({ kind: 'acquired', owner: { instanceId: 'a', fence: 3 } });
    // b lost it: it can neither renew nor release a's lease.
    expect(await b.renew('room-1', second.owner)).toBe(false);
    await b.release('room-1', second.owner);
    expect(await b.owner('room-1')).toEqual(third.owner);
  });

  it('keeps a renewed lease past its first time to live', async () => {
    const { a, b } = twoInstances(300);
    const { owner } = await a.acquire('room-1');
    for (let i = 0; i < 4; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await a.renew('room-1', owner)).toBe(true);
    }
    expect((await b.acquire('room-1')).kind).toBe('taken');
  });
});
