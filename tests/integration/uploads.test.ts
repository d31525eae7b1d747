import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useRestartableServers } from '../helpers/server.js';
import { uniqueRoomId } from '../helpers/yjsClients.js';

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([uint32(data.byteLength), typeAndData, uint32(crc32(typeAndData))]);
}

/** A valid RGB PNG of `width` × `height` with a diagonal gradient. */
function png(width: number, height: number): Uint8Array<ArrayBuffer> {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) row.fill((x + y) * 16, 1 + x * 3, 4 + x * 3);
    rows.push(row);
  }
  const header = Buffer.concat([uint32(width), uint32(height), Buffer.from([8, 2, 0, 0, 0])]);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(Buffer.concat(rows))),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/** Every file (not directory) under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

interface Created {
  readonly id: string;
  readonly url: string;
  readonly contentType: string;
  readonly size: number;
}

describe('uploads on the real server', () => {
  const { start } = useRestartableServers();

  it('serves an uploaded PNG back byte-identical, also after a restart', async () => {
    const roomId = uniqueRoomId('uploads');
    const bytes = png(8, 6);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const first = await start();

    const posted = await fetch(`${first.url}/api/rooms/${roomId}/uploads`, {
      method: 'POST',
      body: bytes,
      // Both claims are wrong on purpose: the server decides from the bytes.
      headers: { 'Content-Type': 'text/html', 'X-File-Name': encodeURIComponent('tunnelma.html') },
    });
    expect(posted.status).toBe(201);
    const created = (await posted.json()) as Created;
    expect(created).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      url: `/api/rooms/${roomId}/uploads/${created.id}`,
      contentType: 'image/png',
      size: bytes.byteLength,
    });

    const served = await fetch(`${first.url}${created.url}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(served.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(served.headers.get('content-disposition')).toContain('filename="tunnelma.png"');
    expect(served.headers.get('etag')).toBe(`"${sha256}"`);

    const revalidated = await fetch(`${first.url}${created.url}`, {
      headers: { 'If-None-Match': `"${sha256}"` },
    });
    expect(revalidated.status).toBe(304);

    const partial = await fetch(`${first.url}${created.url}`, { headers: { Range: 'bytes=0-7' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 0-7/${bytes.byteLength}`);
    expect(Buffer.from(await partial.arrayBuffer()).equals(bytes.subarray(0, 8))).toBe(true);

    const otherRoom = await fetch(`${first.url}/api/rooms/${roomId}-other/uploads/${created.id}`);
    expect(otherRoom.status).toBe(404);
    expect(await otherRoom.json()).toMatchObject({ error: { code: 'upload_not_found' } });

    await first.stop();
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(await filesUnder(join(first.dataDir, 'uploads'))).toEqual(
      [
        join('blobs', sha256),
        join('refs', sha256, roomId),
        join('rooms', roomId, `${created.id}.json`),
      ].sort(),
    );

    const second = await start();
    const again = await fetch(`${second.url}${created.url}`);
    expect(again.status).toBe(200);
    expect(again.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('refuses an oversized upload with 413 and leaves nothing behind in DATA_DIR/uploads', async () => {
    const roomId = uniqueRoomId('oversized');
    const server = await start({
      env: { MAX_IMAGE_UPLOAD_BYTES: '65536', MAX_VIDEO_UPLOAD_BYTES: '131072' },
    });
    const url = `${server.url}/api/rooms/${roomId}/uploads`;
    const head = png(4, 4);

    // With Content-Length: refused before any byte is stored.
    const declared = new Uint8Array(200_000);
    declared.set(head);
    const refused = await fetch(url, { method: 'POST', body: declared });
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ error: { code: 'upload_too_large' } });

    // Chunked, no length: written to a draft until the image limit is passed, then dropped.
    let sent = 0;
    const body = new ReadableStream<Uint8Array<ArrayBuffer>>({
      pull(controller) {
        if (sent >= 20) {
          controller.close();
          return;
        }
        const piece = new Uint8Array(16 * 1024);
        if (sent === 0) piece.set(head);
        sent += 1;
        controller.enqueue(piece);
      },
    });
    // Node's fetch needs `duplex` for a stream body; the DOM typings lack the field.
    const init: RequestInit & { duplex: 'half' } = { method: 'POST', body, duplex: 'half' };
    const streamed = await fetch(url, init);
    expect(streamed.status).toBe(413);
    const error = (await streamed.json()) as { error: { code: string; message: string } };
    expect(error.error.code).toBe('upload_too_large');
    expect(error.error.message).toContain('65536');

    expect(await filesUnder(join(server.dataDir, 'uploads'))).toEqual([]);

    // The server is still fine and takes an upload within the limit.
    const small = await fetch(url, { method: 'POST', body: head });
    expect(small.status).toBe(201);
  });
});
