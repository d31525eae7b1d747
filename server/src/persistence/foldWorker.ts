import { parentPort } from 'node:worker_threads';
import { foldUpdates } from '../room/UpdateFolder.js';

/** A fold job: the stored updates packed into one buffer (transferred, not copied), with their lengths. */
export interface FoldRequest {
  readonly id: number;
  readonly packed: Uint8Array;
  readonly lengths: readonly number[];
}

/** The folded update (its buffer transferred), or why folding failed. */
export type FoldResponse =
  | { readonly id: number; readonly folded: Uint8Array }
  | { readonly id: number; readonly error: string };

// The worker thread of `ThreadUpdateFolder`: folds one job at a time, off the server's event loop.
const port = parentPort;
if (port === null) throw new Error('foldWorker.js runs only as a worker thread');
port.on('message', ({ id, packed, lengths }: FoldRequest) => {
  let response: FoldResponse;
  const transfer: ArrayBuffer[] = [];
  try {
    const updates: Uint8Array[] = [];
    let offset = 0;
    for (const length of lengths) {
      updates.push(packed.subarray(offset, offset + length));
      offset += length;
    }
    let folded = foldUpdates(updates);
    if (folded.byteOffset !== 0 || folded.byteLength !== folded.buffer.byteLength) {
      folded = folded.slice();
    }
    transfer.push(folded.buffer as ArrayBuffer);
    response = { id, folded };
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(response, transfer);
});
