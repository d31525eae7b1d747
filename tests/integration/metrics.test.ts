import { noteRecord, recordIn, writeRecord } from '@kohtaamo/shared/testing';
import { describe, expect, it } from 'vitest';
import { createRoom, linkToken } from '../helpers/rooms.js';
import { useRestartableServers } from '../helpers/server.js';
import { createClientTracker, waitUntil } from '../helpers/yjsClients.js';

/** The value of `name{labels}` in Prometheus text, or undefined. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const prefix = labels === '' ? `${name} ` : `${name}{${labels}} `;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line === undefined ? undefined : Number(line.slice(prefix.length));
}

describe('GET /metrics', () => {
  const clients = createClientTracker();
  const { start } = useRestartableServers(() => clients.closeAll());

  it('counts boards, sockets by role, traffic, storage and refused edits', async () => {
    const server = await start({
      env: { TOKEN_SECRET: 'metrics-integration-secret-of-32-bytes!' },
    });
    const room = await createRoom(server.url);
    const writer = await clients.synced(server.wsUrl, room.roomId, {
      params: { t: linkToken(room.links.participant) },
    });
    const viewer = await clients.synced(server.wsUrl, room.roomId, {
      params: { t: linkToken(room.links.viewer) },
    });
    writeRecord(writer.doc, null, noteRecord('shape:n', 'someone'));
    await waitUntil(() => recordIn(viewer.doc, 'shape:n') !== undefined);
    let response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    let text = await response.text();
    expect(sample(text, 'kohtaamo_rooms_loaded')).toBe(1);
    expect(sample(text, 'kohtaamo_connections', 'role="participant",document="board"')).toBe(1);
    expect(sample(text, 'kohtaamo_connections', 'role="viewer",document="board"')).toBe(1);
    expect(sample(text, 'kohtaamo_frames_received_total')).toBeGreaterThan(0);
    expect(sample(text, 'kohtaamo_bytes_sent_total')).toBeGreaterThan(0);
    expect(
      sample(text, 'kohtaamo_storage_seconds_count', 'operation="append",outcome="ok"'),
    ).toBeGreaterThan(0);

    // A viewer's edit is refused and counted by its code.
    writeRecord(viewer.doc, null, noteRecord('shape:v', 'viewer'));
    await waitUntil(() => viewer.closes.length > 0);
    response = await fetch(`${server.url}/metrics`);
    text = await response.text();
    expect(sample(text, 'kohtaamo_refused_total', 'code="viewer.readOnly"')).toBe(1);
    expect(sample(text, 'kohtaamo_connections', 'role="viewer",document="board"')).toBe(0);
  });
});
