import '../../canvas/testSetup';
import { journeyMap } from '@kohtaamo/shared';
import type { Editor } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertTemplate } from './insertTemplate';
import { buildPrintDocument, renderPrintPages } from './printTemplates';
import { imageExportShapeIds } from './TemplateShapeUtil';
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

  it('lists a lone template twice for the export, and leaves other id lists alone', () => {
    const id = insertTemplate(editor, journeyMap);
    expect(imageExportShapeIds(editor, [id])).toEqual([id, id]);
    expect(imageExportShapeIds(editor, [])).toEqual([id, id]);
    const note = addNoteInCell(editor, id, 'purchase', 'painPoints', 'Jono');
    expect(imageExportShapeIds(editor, [note])).toEqual([note]);
    const other = insertTemplate(editor, journeyMap);
    expect(imageExportShapeIds(editor, [id, other])).toEqual([id, other]);
  });

  // Regression: tldraw's own export (Export as, Copy as) of one selected template drew
  // only its children, because tldraw leaves a lone frame-like shape out of the picture.
  it('draws a lone template and its notes in tldraw’s own image export', async () => {
    const id = insertTemplate(editor, journeyMap);
    const empty = await editor.getSvgString([id]);
    expect(empty?.svg).toContain('data-stage-id="purchase"');
    addNoteInCell(editor, id, 'purchase', 'painPoints', 'Jono');
    const withNote = await editor.getSvgString([id]);
    expect(withNote?.svg).toContain('data-stage-id="purchase"');
    expect(withNote?.svg).toContain('Jono');
  });

  // Regression: a single frame-like template exported alone lost its own drawing.
  it('draws the template itself on its print page', async () => {
    const id = insertTemplate(editor, journeyMap);
    const pages = await renderPrintPages(editor, [id], () => 'Asiakaspolku');
    expect(pages).toHaveLength(1);
    expect(pages[0]?.svg).toContain('data-stage-id="purchase"');
  });
});
