import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { describeWithRedis, testRedisUrl } from '../testing/redis.js';
import { createTestLogger } from '../testing/testLogger.js';
import { type ClusterEvent, ClusterEvents } from './ClusterEvents.js';

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const closable of opened.splice(0)) closable.close();
});

function connection(): Redis {
  const redis = new Redis(testRedisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0 });
  redis.on('error', () => {});
  opened.push({ close: () => redis.disconnect() });
  return redis;
}

function instance(redis: Redis, channel: string, instanceId: string): ClusterEvents {
  const events = new ClusterEvents({ redis, channel, instanceId, logger: createTestLogger() });
  opened.push(events);
  return events;
}

async function until(condition: () => boolean, message: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const turnedOff: ClusterEvent = {
  kind: 'link',
  roomId: 'room-1',
  linkId: 'link-1',
  code: 4401,
  reason: 'the invitation link was turned off',
};

describeWithRedis('ClusterEvents', () => {
  it('tells the other instances, not itself', async () => {
    const channel = `kohtaamo-test:${randomBytes(6).toString('hex')}:events`;
    const redis = connection();
    const a = instance(redis, channel, 'a');
    const b = instance(connection(), channel, 'b');
    const heardByA: ClusterEvent[] = [];
    const heardByB: ClusterEvent[] = [];
    await a.listen((event) => heardByA.push(event));
    await b.listen((event) => heardByB.push(event));
    a.publish(turnedOff);
    await until(() => heardByB.length === 1, 'b did not hear the event');
    expect(heardByB).toEqual([turnedOff]);
    expect(heardByA).toEqual([]);
  });

  it('publishes an event it could not send while Redis was away once Redis is back', async () => {
    const channel = `kohtaamo-test:${randomBytes(6).toString('hex')}:events`;
    const own = connection();
    await until(() => own.status === 'ready', 'redis did not connect');
    const a = instance(own, channel, 'a');
    const b = instance(connection(), channel, 'b');
    const heard: ClusterEvent[] = [];
    await b.listen((event) => heard.push(event));

    own.disconnect();
    a.publish(turnedOff);
    a.publish({ kind: 'renamed', roomId: 'room-1', title: 'Uusi nimi' });
    await until(() => a.unsentCount === 2, 'the failed events were not kept');
    expect(heard).toEqual([]);

    await own.connect();
    await until(() => heard.length === 2, 'the kept events were not published');
    expect(heard).toEqual([turnedOff, { kind: 'renamed', roomId: 'room-1', title: 'Uusi nimi' }]);
    expect(a.unsentCount).toBe(0);
  });
});
