import './testSetup';
import { readRecords } from '@kohtaamo/shared';
import type { TLPageId } from 'tldraw';
import { describe, expect, it } from 'vitest';
import {
  defaultPageName,
  firstPageId,
  localizeFirstPageName,
  nameFirstPageInBoardLanguage,
  pageNameOverrides,
} from './defaultPageNames';
import { createTestEditor, createTestPeer } from './testHarness';

/** A new board as it loads: tldraw adds its first page when the binding starts on an empty document. */
function loadNewBoard(language: 'fi' | 'en' | null) {
  const peer = createTestPeer({ flushIntervalMs: 0 });
  const stop = nameFirstPageInBoardLanguage(peer.store, () => language);
  peer.binding.start();
  peer.binding.flush();
  return { peer, stop };
}

function storedPageName(peer: ReturnType<typeof createTestPeer>): unknown {
  return readRecords(peer.doc).records.get(firstPageId)?.name;
}

describe('defaultPageName', () => {
  it("names pages in the board's language", () => {
    expect(defaultPageName('fi', 1)).toBe('Sivu 1');
    expect(defaultPageName('en', 2)).toBe('Page 2');
  });
});

describe('nameFirstPageInBoardLanguage', () => {
  it('names a Finnish board\'s first page "Sivu 1", not tldraw\'s "Page 1" (issue 13)', () => {
    const { peer } = loadNewBoard('fi');
    expect(peer.store.get(firstPageId)?.name).toBe('Sivu 1');
    expect(storedPageName(peer)).toBe('Sivu 1');
  });

  it("leaves tldraw's name while the language is unknown, and a page that arrives from others", () => {
    expect(loadNewBoard(null).peer.store.get(firstPageId)?.name).toBe('Page 1');
    const { peer } = loadNewBoard('fi');
    const first = peer.store.get(firstPageId);
    if (!first) throw new Error('no first page');
    peer.store.mergeRemoteChanges(() => {
      peer.store.put([{ ...first, id: 'page:remote' as TLPageId, name: 'Page 1' }]);
    });
    expect(peer.store.get('page:remote' as TLPageId)?.name).toBe('Page 1');
  });
});

describe('localizeFirstPageName', () => {
  it("renames a first page still called by another language's default name, not as an undo step", () => {
    const { peer } = loadNewBoard(null);
    const editor = createTestEditor(peer);
    localizeFirstPageName(editor, 'fi');
    expect(editor.getPage(firstPageId)?.name).toBe('Sivu 1');
    editor.undo();
    expect(editor.getPage(firstPageId)?.name).toBe('Sivu 1');
    peer.binding.flush();
    expect(storedPageName(peer)).toBe('Sivu 1');

    localizeFirstPageName(editor, 'en');
    expect(editor.getPage(firstPageId)?.name).toBe('Page 1');
    editor.dispose();
  });

  it('keeps a name somebody gave the page', () => {
    const { peer } = loadNewBoard(null);
    const editor = createTestEditor(peer);
    editor.updatePage({ id: firstPageId, name: 'Asiakaspolku' });
    localizeFirstPageName(editor, 'fi');
    expect(editor.getPage(firstPageId)?.name).toBe('Asiakaspolku');
    editor.dispose();
  });
});

describe('pageNameOverrides', () => {
  it("names pages added from tldraw's page menu in the board's language, whatever the UI language", () => {
    const { translations } = pageNameOverrides('fi');
    expect(translations?.fi?.['page-menu.new-page-initial-name']).toBe('Sivu 1');
    expect(translations?.en?.['page-menu.new-page-initial-name']).toBe('Sivu 1');
  });
});
