import { writeBoardTitle } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { watchBoardTitle } from './watchBoardTitle';

describe('watchBoardTitle', () => {
  it("reports the document's title at once and after a rename arrives from the server", () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    const seen: (string | undefined)[] = [];
    const stop = watchBoardTitle(client, (title) => seen.push(title));
    expect(seen).toEqual([undefined]);

    writeBoardTitle(server, 'Kahvilan polku');
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    expect(seen).toEqual([undefined, 'Kahvilan polku']);

    stop();
    writeBoardTitle(server, 'Myöhemmin');
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    expect(seen).toHaveLength(2);
  });

  it('creates no update of its own, so a viewer never writes', () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on('update', () => updates++);
    watchBoardTitle(doc, () => {})();
    expect(updates).toBe(0);
  });
});
