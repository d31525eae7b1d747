import { join } from 'node:path';
import type { RoomDirectory } from '../auth/RoomDirectory.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { FileUploadStore } from '../uploads/FileUploadStore.js';
import type { UploadStore } from '../uploads/UploadStore.js';
import type { DocumentStore } from './DocumentStore.js';
import type { PostgresDocumentStore } from './postgres/PostgresDocumentStore.js';
import { SqliteCheckpointer } from './SqliteCheckpointer.js';
import { SqliteDocumentStore } from './SqliteDocumentStore.js';

/** Everything the server keeps: documents, the room directory and the uploads. */
export interface Storage {
  /** `sqlite` or `postgres` (`STORAGE`). */
  readonly kind: Config['STORAGE'];
  readonly documents: DocumentStore;
  readonly directory: RoomDirectory;
  readonly uploads: UploadStore;
  /** Lease numbers on writes, for a cluster (PostgreSQL only; see `PostgresDocumentStore`). */
  readonly fencing?: Pick<
    PostgresDocumentStore,
    'fenceRoom' | 'recordedFence' | 'unfence' | 'useFences'
  >;
  /** Closes all of it (after the rooms have been written). */
  close(): Promise<void>;
}

/**
 * Opens the storage `STORAGE` names: SQLite (`DATA_DIR/kohtaamo.db`, uploads
 * under `DATA_DIR/uploads`) or PostgreSQL (`DATABASE_URL`, uploads in the
 * database too, so every instance serves them).
 * @throws Error naming what could not be opened.
 */
export async function openStorage(config: Config, logger: Logger): Promise<Storage> {
  if (config.STORAGE === 'postgres') {
    // Loaded only when chosen: the PostgreSQL driver is memory a lone SQLite server never uses.
    const { PostgresStorage } = await import('./postgres/PostgresStorage.js');
    const storage = await PostgresStorage.open({ connectionString: config.DATABASE_URL });
    return {
      kind: 'postgres',
      documents: storage.documents,
      directory: storage.directory,
      uploads: storage.uploads,
      fencing: storage.documents,
      close: () => storage.close(),
    };
  }
  const file = join(config.DATA_DIR, 'kohtaamo.db');
  const documents = SqliteDocumentStore.open(file);
  let uploads: FileUploadStore;
  try {
    uploads = FileUploadStore.open(join(config.DATA_DIR, 'uploads'));
  } catch (error) {
    await documents.close();
    throw error;
  }
  // WAL checkpoints (a copy and two syncs) run in a thread of their own while the store is written.
  const checkpointer = new SqliteCheckpointer({
    file,
    logger,
    onRunning: (running) => documents.checkpointOnCommit(!running),
  });
  documents.afterWrite(() => checkpointer.wrote());
  return {
    kind: 'sqlite',
    documents,
    directory: documents.roomDirectory(),
    uploads,
    async close() {
      await checkpointer.close();
      await documents.close();
      await uploads.close();
    },
  };
}
