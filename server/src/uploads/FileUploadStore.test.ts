import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  patternBytes,
  readAll,
  storeBytes,
  uploadStoreContract,
} from '../testing/uploadStoreContract.js';
import { FileUploadStore } from './FileUploadStore.js';

let dir: string;

beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'kohtaamo-uploads-')), 'uploads');
});

afterEach(() => {
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

uploadStoreContract('FileUploadStore', {
  open: async () => FileUploadStore.open(dir),
  reopen: async (store) => {
    await store.close();
    return FileUploadStore.open(dir);
  },
});

const list = (sub: string) => readdirSync(join(dir, sub)).sort();

/**
 * Child process: commits one upload, then starts a second and writes part of
 * it, reports, and idles so the parent can SIGKILL it mid-upload.
 */
const commitThenHangMidUpload = `
const { FileUploadStore } = await import(process.env.STORE_MODULE);
const store = FileUploadStore.open(process.env.UPLOAD_DIR);
const done = await store.begin();
await done.write(new Uint8Array(1000).fill(1));
const info = await done.commit({ roomId: 'room-kept', contentType: 'image/png' });
const half = await store.begin();
await half.write(new Uint8Array(100000).fill(7));
process.stdout.write('ok ' + info.id + '\\n');
setInterval(() => {}, 60_000);
`;

function uploadInChildAndKill(uploadDir: string): Promise<string> {
  const storeModule = pathToFileURL(
    fileURLToPath(new URL('./FileUploadStore.ts', import.meta.url)),
  );
  const child = spawn(
    process.execPath,
    [
      '--conditions=kohtaamo-source',
      '--import',
      'tsx',
      '--input-type=module',
      '--eval',
      commitThenHangMidUpload,
    ],
    {
      env: { ...process.env, STORE_MODULE: storeModule.href, UPLOAD_DIR: uploadDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let id: string | undefined;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^ok (\S+)$/m.exec(stdout);
      if (match?.[1] !== undefined && id === undefined) {
        id = match[1];
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (id !== undefined && signal === 'SIGKILL') resolve(id);
      else reject(new Error(`child exited (${code ?? signal}) before uploading: ${stderr}`));
    });
  });
}

describe('FileUploadStore', () => {
  it('stores identical bytes once and removes them with the last room referencing them', async () => {
    const store = FileUploadStore.open(dir);
    try {
      const bytes = patternBytes(2048);
      const first = await storeBytes(store, 'room-a', bytes);
      await storeBytes(store, 'room-a', bytes);
      await storeBytes(store, 'room-b', bytes);
      expect(list('blobs')).toEqual([first.sha256]);
      expect(readdirSync(join(dir, 'refs', first.sha256)).sort()).toEqual(['room-a', 'room-b']);
      expect(readdirSync(join(dir, 'rooms', 'room-a'))).toHaveLength(2);

      await store.deleteRoom('room-a');
      expect(list('blobs')).toEqual([first.sha256]);
      expect(list('rooms')).toEqual(['room-b']);

      await store.deleteRoom('room-b');
      expect(list('blobs')).toEqual([]);
      expect(list('refs')).toEqual([]);
      expect(list('rooms')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('keeps the record beside the blob readable as JSON with the metadata', async () => {
    const store = FileUploadStore.open(dir, { now: () => 1_700_000_000_000 });
    try {
      const info = await storeBytes(store, 'room-a', patternBytes(10), {
        contentType: 'video/webm',
        fileName: 'clip.webm',
      });
      const [name] = readdirSync(join(dir, 'rooms', 'room-a'));
      expect(name).toBe(`${info.id}.json`);
      const record: unknown = JSON.parse(
        readFileSync(join(dir, 'rooms', 'room-a', `${info.id}.json`), 'utf8'),
      );
      expect(record).toEqual({
        id: info.id,
        roomId: 'room-a',
        contentType: 'video/webm',
        size: 10,
        sha256: info.sha256,
        fileName: 'clip.webm',
        createdAt: 1_700_000_000_000,
      });
    } finally {
      await store.close();
    }
  });

  it('leaves no file behind for a discarded draft', async () => {
    const store = FileUploadStore.open(dir);
    try {
      const draft = await store.begin();
      await draft.write(patternBytes(5000));
      expect(list('blobs')).toHaveLength(1);
      await draft.discard();
      expect(list('blobs')).toEqual([]);
      expect(list('rooms')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('never shows an upload interrupted by SIGKILL, and sweeps its bytes on the next open', async () => {
    const id = await uploadInChildAndKill(dir);
    const leftovers = list('blobs').filter((name) => name.startsWith('.tmp-'));
    expect(leftovers).toHaveLength(1);

    const store = FileUploadStore.open(dir);
    try {
      expect(list('blobs').filter((name) => name.startsWith('.tmp-'))).toEqual([]);
      expect(list('blobs')).toHaveLength(1);
      expect(list('rooms')).toEqual(['room-kept']);
      const info = await store.get('room-kept', id);
      expect(info?.size).toBe(1000);
      expect(await readAll(info && (await store.read(info)))).toEqual(new Uint8Array(1000).fill(1));
    } finally {
      await store.close();
    }
  }, 30_000);

  it('opens no file for a stream that is never read', async () => {
    const store = FileUploadStore.open(dir);
    try {
      const info = await storeBytes(store, 'room-a', patternBytes(100));
      const stream = await store.read(info);
      expect(stream).toBeDefined();
      // With no descriptor open, the blob can go away and the stream fails on first read.
      await store.deleteRoom('room-a');
      await expect(readAll(stream)).rejects.toThrow(/ENOENT/);
    } finally {
      await store.close();
    }
  });

  it('finishes a deletion that a crash interrupted after the blobs went', async () => {
    const store = FileUploadStore.open(dir);
    try {
      const info = await storeBytes(store, 'room-a', patternBytes(100));
      // State after a crash between releasing the blob and removing the records.
      rmSync(join(dir, 'refs', info.sha256), { recursive: true });
      rmSync(join(dir, 'blobs', info.sha256));
      await store.deleteRoom('room-a');
      expect(list('rooms')).toEqual([]);
      expect(await store.get('room-a', info.id)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('deletes a room despite a stray draft and a corrupt record in its directory', async () => {
    const store = FileUploadStore.open(dir);
    try {
      const info = await storeBytes(store, 'room-a', patternBytes(100));
      writeFileSync(join(dir, 'rooms', 'room-a', '.tmp-0123'), '{"half":');
      writeFileSync(join(dir, 'rooms', 'room-a', 'AAAAAAAAAAAAAAAAAAAAAA.json'), '{"half":');
      await expect(store.get('room-a', 'AAAAAAAAAAAAAAAAAAAAAA')).rejects.toThrow(/corrupt/);
      await store.deleteRoom('room-a');
      expect(list('rooms')).toEqual([]);
      expect(list('blobs')).not.toContain(info.sha256);
    } finally {
      await store.close();
    }
  });
});
