import { describe, expect, it } from 'vitest';
import { MemoryDocumentStore } from '../persistence/MemoryDocumentStore.js';
import { Metrics } from './Metrics.js';

/** The value of `name{labels}` in the Prometheus text, or undefined. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(labels === '' ? `${name} ` : `${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('Metrics', () => {
  it('reports rooms, connections by role, traffic and refusals', async () => {
    let rooms = 2;
    const metrics = new Metrics({ roomsLoaded: () => rooms });
    const closeA = metrics.connectionOpened('participant', 'board');
    metrics.connectionOpened('guest', 'private');
    metrics.connectionOpened('participant', 'board');
    closeA();
    closeA();
    metrics.traffic.framesIn += 3;
    metrics.traffic.bytesIn += 300;
    metrics.traffic.framesOut += 5;
    metrics.refused('viewer.readOnly');
    metrics.refused('viewer.readOnly');
    metrics.ownership('acquired');
    let { body, contentType } = await metrics.render();
    expect(contentType).toContain('text/plain');
    expect(sample(body, 'kohtaamo_rooms_loaded')).toBe(2);
    expect(sample(body, 'kohtaamo_rooms_owned')).toBe(2);
    expect(sample(body, 'kohtaamo_connections', 'role="participant",document="board"')).toBe(1);
    expect(sample(body, 'kohtaamo_connections', 'role="guest",document="private"')).toBe(1);
    expect(sample(body, 'kohtaamo_frames_received_total')).toBe(3);
    expect(sample(body, 'kohtaamo_bytes_received_total')).toBe(300);
    expect(sample(body, 'kohtaamo_frames_sent_total')).toBe(5);
    expect(sample(body, 'kohtaamo_refused_total', 'code="viewer.readOnly"')).toBe(2);
    expect(sample(body, 'kohtaamo_ownership_changes_total', 'event="acquired"')).toBe(1);
    expect(body).toContain('process_cpu_user_seconds_total');
    // Counters keep counting across scrapes; gauges follow their source.
    rooms = 1;
    metrics.traffic.framesIn += 1;
    ({ body } = await metrics.render());
    expect(sample(body, 'kohtaamo_frames_received_total')).toBe(4);
    expect(sample(body, 'kohtaamo_rooms_loaded')).toBe(1);
  });

  it('times storage by operation and outcome, and counts storage errors', async () => {
    const metrics = new Metrics({ roomsLoaded: () => 0 });
    const inner = new MemoryDocumentStore();
    const store = metrics.instrumentStore(inner);
    await store.append('room', [new Uint8Array([1])]);
    await store.load('room');
    await inner.close();
    await expect(store.load('room')).rejects.toThrow();
    const { body } = await metrics.render();
    expect(sample(body, 'kohtaamo_storage_seconds_count', 'operation="append",outcome="ok"')).toBe(
      1,
    );
    expect(sample(body, 'kohtaamo_storage_seconds_count', 'operation="load",outcome="ok"')).toBe(1);
    expect(sample(body, 'kohtaamo_storage_seconds_count', 'operation="load",outcome="error"')).toBe(
      1,
    );
    expect(sample(body, 'kohtaamo_errors_total', 'kind="storage"')).toBe(1);
  });
});
