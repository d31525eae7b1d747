import './testSetup';
import {
  facilitationMapName,
  journeyMap,
  parseBoardOutcomes,
  type VoteSession,
  voteSessionKey,
} from '@kohtaamo/shared';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { type Editor, EditorProvider, type TLShapeId } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  FacilitationContext,
  type FacilitationContextValue,
} from '../facilitation/FacilitationContext';
import { FacilitationState } from '../facilitation/FacilitationState';
import { insertTemplate } from '../shapes/template/insertTemplate';
import { printHtml } from '../shapes/template/printTemplates';
import { downloadTextFile } from '../shapes/template/templateOutcomeExport';
import { addNoteInCell } from '../shapes/template/templateTestContent';
import { createTemplateTestEditor } from '../shapes/template/templateTestEditor';
import { BoardInfoContext } from './BoardInfoContext';
import { ExportSubmenu } from './ExportMenu';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const addToast = vi.fn();

// tldraw's menu parts need its whole UI around them; here an item is a button with its label.
vi.mock('tldraw', async (original) => ({
  ...(await original<typeof import('tldraw')>()),
  TldrawUiMenuSubmenu: (props: { children: ReactNode }) => <div>{props.children}</div>,
  TldrawUiMenuGroup: (props: { children: ReactNode }) => <div>{props.children}</div>,
  TldrawUiMenuActionItem: () => null,
  TldrawUiMenuItem: (props: { id: string; label: string; onSelect(): void }) => (
    <button type="button" data-id={props.id} onClick={() => props.onSelect()}>
      {props.label}
    </button>
  ),
  useExportAs: () => vi.fn(),
  useToasts: () => ({ addToast }),
}));

vi.mock('../shapes/template/templateOutcomeExport', async (original) => ({
  ...(await original<typeof import('../shapes/template/templateOutcomeExport')>()),
  downloadTextFile: vi.fn(),
}));

vi.mock('../shapes/template/printTemplates', async (original) => ({
  ...(await original<typeof import('../shapes/template/printTemplates')>()),
  printHtml: vi.fn(),
}));

const serverNow = Date.parse('2025-03-04T10:00:00.000Z');

function revealedVote(itemId: TLShapeId): VoteSession {
  return {
    id: 'vote-1',
    config: {
      votesPerPerson: 3,
      allowMultiplePerItem: false,
      anonymous: true,
      endsAt: null,
      scope: { kind: 'page', pageId: 'page:page' },
      title: 'Biggest pain',
    },
    status: 'revealed',
    startedAt: serverNow - 600_000,
    endedAt: serverNow - 300_000,
    results: {
      items: [{ itemId, rank: 1, total: 5, team: 2, customers: 3 }],
      voterCounts: { team: 2, customers: 3 },
    },
  };
}

let editor: Editor;
let state: FacilitationState;
let container: HTMLDivElement;
let root: Root;

function render(locale: 'fi' | 'en') {
  editor = createTemplateTestEditor({ userId: 'user-aino', locale });
  const templateId = insertTemplate(editor, journeyMap);
  const noteId = addNoteInCell(
    editor,
    templateId,
    'purchase',
    'painPoints',
    'Too <b>many</b> steps',
  );
  const doc = new Y.Doc();
  doc.getMap(facilitationMapName).set(voteSessionKey('vote-1'), revealedVote(noteId));
  state = new FacilitationState(doc);
  // Only what the export reads: the state and the server clock.
  const facilitation = {
    state,
    control: { serverNow: () => serverNow },
  } as unknown as FacilitationContextValue;
  const board = { roomId: 'room-abc', loadTitle: async () => 'Customer journey workshop' };
  act(() =>
    root.render(
      <EditorProvider editor={editor}>
        <FacilitationContext.Provider value={facilitation}>
          <BoardInfoContext.Provider value={board}>
            <ExportSubmenu />
          </BoardInfoContext.Provider>
        </FacilitationContext.Provider>
      </EditorProvider>,
    ),
  );
}

function item(id: string): HTMLButtonElement {
  const button = container.querySelector<HTMLButtonElement>(`[data-id="${id}"]`);
  if (!button) throw new Error(`no menu item ${id}`);
  return button;
}

async function select(id: string): Promise<void> {
  await act(async () => {
    item(id).click();
  });
}

beforeEach(() => {
  vi.mocked(downloadTextFile).mockClear();
  vi.mocked(printHtml).mockClear();
  addToast.mockClear();
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
  state.dispose();
  editor.dispose();
});

describe('ExportSubmenu: session summary', () => {
  it('offers the Markdown and the PDF summary, saying the PDF opens printing', () => {
    render('en');
    expect(item('kohtaamo-export-summary-md').textContent).toBe('Session summary (Markdown)');
    expect(item('kohtaamo-export-summary-pdf').textContent).toContain('Save as PDF');
  });

  it('labels them in Finnish', () => {
    render('fi');
    expect(item('kohtaamo-export-summary-md').textContent).toBe('Työpajan yhteenveto (Markdown)');
    expect(item('kohtaamo-export-summary-pdf').textContent).toContain('Tallenna PDF-muodossa');
  });

  it('downloads the summary as Markdown named after the room, with the title and votes', async () => {
    render('en');
    await select('kohtaamo-export-summary-md');
    expect(downloadTextFile).toHaveBeenCalledTimes(1);
    const [, name, text, type] = vi.mocked(downloadTextFile).mock.calls[0] ?? [];
    expect(name).toBe('kohtaamo-room-abc-summary.md');
    expect(type).toMatch(/^text\/markdown/);
    expect(text).toContain('# Customer journey workshop');
    expect(text).toContain('## Vote results');
    expect(text).toContain('Biggest pain');
    expect(text).toContain('Too <b>many</b> steps'.replace(/[<>]/g, '\\$&'));
    expect(printHtml).not.toHaveBeenCalled();
  });

  it('prints the summary as escaped HTML in the UI language and tells how to save a PDF', async () => {
    render('fi');
    await select('kohtaamo-export-summary-pdf');
    expect(printHtml).toHaveBeenCalledTimes(1);
    const html = vi.mocked(printHtml).mock.calls[0]?.[1] ?? '';
    expect(html).toContain('<html lang="fi">');
    expect(html).toContain('<h1>Customer journey workshop</h1>');
    expect(html).toContain('Äänestystulokset');
    expect(html).toContain('Too &lt;b&gt;many&lt;/b&gt; steps');
    expect(html).not.toContain('<b>many');
    expect(addToast).toHaveBeenCalledWith(expect.objectContaining({ severity: 'info' }));
    expect(downloadTextFile).not.toHaveBeenCalled();
  });
});

describe('ExportSubmenu: data exports', () => {
  it('includes the facilitation part with the revealed vote in the JSON file', async () => {
    render('en');
    await select('kohtaamo-export-json');
    const [, name, text] = vi.mocked(downloadTextFile).mock.calls[0] ?? [];
    expect(name).toMatch(/\.json$/);
    const parsed = parseBoardOutcomes(text ?? '');
    expect(parsed.success).toBe(true);
    const board = JSON.parse(text ?? '{}');
    expect(board.exportedAt).toBe(new Date(serverNow).toISOString());
    expect(board.facilitation.voteSessions).toEqual([
      expect.objectContaining({
        status: 'revealed',
        items: [expect.objectContaining({ total: 5, team: 2, customers: 3 })],
      }),
    ]);
  });
});
