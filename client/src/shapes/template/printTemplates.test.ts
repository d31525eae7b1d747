import '../../canvas/testSetup';
import { journeyMap } from '@kohtaamo/shared';
import type { Editor } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertTemplate } from './insertTemplate';
import { buildPrintDocument, imageExportIds, renderPrintPages } from './printTemplates';
import { addNoteInCell } from './templateTestContent';
import { createTemplateTestEditor } from './templateTestEditor';

describe('buildPrintDocument', () => {
  it('puts each template on its own landscape page, captions escaped', () => {
    const html = buildPrintDocument(
      [
        { caption: 'Asiakaspolku', svg: '<svg id="one"></svg>' },
        { caption: 'Persona <b>', svg: '<svg id="two"></svg>' },
      ],
      { title: 'Kohtaamon pohjat', lang: 'fi' },
    );
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const pages = [...doc.querySelectorAll('section.page')];
    expect(pages.map((page) => page.querySelector('svg')?.id)).toEqual(['one', 'two']);
    expect(pages.map((page) => page.querySelector('h1')?.textContent)).toEqual([
      'Asiakaspolku',
      'Persona <b>',
    ]);
    expect(doc.title).toBe('Kohtaamon pohjat');
    expect(doc.documentElement.lang).toBe('fi');
    const css = doc.querySelector('style')?.textContent ?? '';
    expect(css).toContain('@page');
    expect(css).toMatch(/\.page \{[^}]*break-after: page/);
  });
});

describe('template images', () => {
  let editor: Editor;

  beforeEach(() => {
    editor = createTemplateTestEditor();
  });

  afterEach(() => {
    editor.dispose();
  });

  it('keeps a lone template in the export ids with its children', () => {
    const id = insertTemplate(editor, journeyMap);
    expect(imageExportIds(editor, [id])).toEqual([id, id]);
    const note = addNoteInCell(editor, id, 'purchase', 'painPoints', 'Jono');
    expect(imageExportIds(editor, [id])).toEqual([id, note]);
    const other = insertTemplate(editor, journeyMap);
    expect(imageExportIds(editor, [id, other])).toEqual([id, other]);
  });

  // Regression: a single frame-like template exported alone lost its own drawing.
  it('draws the template itself on its print page', async () => {
    const id = insertTemplate(editor, journeyMap);
    const pages = await renderPrintPages(editor, [id], () => 'Asiakaspolku');
    expect(pages).toHaveLength(1);
    expect(pages[0]?.svg).toContain('data-stage-id="purchase"');
  });
});
