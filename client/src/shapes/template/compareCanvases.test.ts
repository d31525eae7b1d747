import '../../canvas/testSetup';
import {
  type CanvasTemplateOutcome,
  type CostTable,
  calculateCosts,
  conceptCanvas,
  findTemplateDefinition,
  journeyMap,
  layoutTemplate,
  type OutcomeItem,
  type TemplateOutcome,
} from '@kohtaamo/shared';
import { computed, createShapeId, type Editor, type TLShapeId, toRichText } from 'tldraw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatMessage, type Locale, type MessageKey, messages } from '../../i18n/messages';
import {
  type CanvasComparison,
  type CanvasPosition,
  canvasComparisonFromEditor,
  compareCanvases,
  comparisonToCsv,
  comparisonToMarkdown,
  type Translate,
} from './compareCanvases';
import { insertTemplate } from './insertTemplate';
import { instanceFromProps, isTemplateShape } from './templateShapeProps';
import { createTemplateTestEditor } from './templateTestEditor';

function translate(locale: Locale): Translate {
  return (key: MessageKey, params?: Record<string, string | number>) =>
    formatMessage(messages[locale][key], params);
}

const en = { locale: 'en' as const, t: translate('en') };
const fi = { locale: 'fi' as const, t: translate('fi') };

let nextItem = 0;
function item(type: string, text: string, url?: string): OutcomeItem {
  nextItem += 1;
  return { shapeId: `shape:item${nextItem}`, type, text, ...(url ? { url } : {}) };
}

/** A concept canvas outcome with `items` per field id; extra keys (like `fit`) are passed through. */
function canvas(
  shapeId: string,
  items: Readonly<Record<string, OutcomeItem[]>> = {},
  extra: Record<string, unknown> = {},
): TemplateOutcome {
  const outcome: CanvasTemplateOutcome = {
    kind: 'canvas',
    shapeId,
    templateId: conceptCanvas.id,
    title: conceptCanvas.title.en,
    w: 1200,
    h: 1400,
    unplaced: [],
    fields: conceptCanvas.fields.map((field) => ({
      id: field.id,
      kind: field.kind,
      label: field.label.en,
    })),
    cells: conceptCanvas.fields.map((field) => ({
      kind: 'field',
      fieldId: field.id,
      items: items[field.id] ?? [],
    })),
  };
  return { ...outcome, ...extra } as TemplateOutcome;
}

function withCosts(outcome: TemplateOutcome, table: CostTable): TemplateOutcome {
  return { ...outcome, costs: { table, ...calculateCosts(table) } } as TemplateOutcome;
}

function at(entries: Record<string, [number, number]>): Map<string, CanvasPosition> {
  return new Map(Object.entries(entries).map(([id, [x, y]]) => [id, { x, y }]));
}

function row(comparison: CanvasComparison, id: string) {
  const found = comparison.rows.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
}

/** Normalizes the no-break spaces Intl puts into Finnish numbers. */
function plain(text: string): string {
  return text.replace(/\s/g, ' ');
}

describe('compareCanvases', () => {
  it('orders canvases left to right, then top to bottom, and leaves out other templates and pages', () => {
    const templates = [
      canvas('shape:right', { name: [item('note', 'Right')] }),
      canvas('shape:lower', { name: [item('note', 'Lower')] }),
      canvas('shape:left', { name: [item('note', 'Left')] }),
      canvas('shape:upper', { name: [item('note', 'Upper')] }),
      canvas('shape:elsewhere', { name: [item('note', 'Other page')] }),
      { ...canvas('shape:empathy'), templateId: 'empathyMap' } as TemplateOutcome,
    ];
    const positions = at({
      'shape:right': [3000, 0],
      'shape:lower': [1500, 1600],
      'shape:left': [-200, 500],
      'shape:upper': [1500, 0],
      'shape:empathy': [5000, 0],
    });

    const comparison = compareCanvases(templates, positions, en);

    expect(comparison.columns.map((column) => column.title)).toEqual([
      'Left',
      'Upper',
      'Lower',
      'Right',
    ]);
  });

  it('names a column after its Name notes, else numbers it by its place', () => {
    const longName = 'x'.repeat(200);
    const templates = [
      canvas('shape:a', { name: [item('note', '  Café\n Kohtaamo '), item('text', 'Plus')] }),
      canvas('shape:b'),
      canvas('shape:c', { name: [item('note', longName)] }),
    ];
    const comparison = compareCanvases(
      templates,
      at({ 'shape:a': [0, 0], 'shape:b': [1300, 0], 'shape:c': [2600, 0] }),
      fi,
    );
    const [a, b, c] = comparison.columns;
    expect(a).toEqual({ shapeId: 'shape:a', title: 'Café Kohtaamo / Plus', named: true });
    expect(b).toEqual({ shapeId: 'shape:b', title: 'Konsepti 2', named: false });
    expect(c?.title).toHaveLength(80);
    expect(c?.title.endsWith('…')).toBe(true);
  });

  it('has the seven fields in definition order, labelled in the locale, then fit and costs', () => {
    const comparison = compareCanvases([canvas('shape:a')], at({ 'shape:a': [0, 0] }), fi);
    expect(comparison.rows.map((candidate) => candidate.label)).toEqual([
      'Nimi',
      'Oivallus',
      'Ratkaisu',
      'Perustelut',
      'Visuaalinen toteutus',
      'Sopivuus',
      'Kustannukset ja tuotot',
      'Sopivuuden arvio',
      'Kustannukset yhteensä',
      'Tuotot yhteensä',
      'Kate',
      'Kate-%',
    ]);
    // An empty canvas has empty cells, not missing ones.
    expect(comparison.rows.every((candidate) => candidate.cells.length === 1)).toBe(true);
    expect(row(comparison, 'field:solution').cells).toEqual([[]]);
  });

  it('puts each field’s texts in its column and summarizes media and links', () => {
    const templates = [
      canvas('shape:a', {
        solution: [item('note', 'Self-service kiosk'), item('text', 'Open 24/7')],
        visuals: [
          item('image', 'Mood 1', 'https://example.test/1.png'),
          item('image', ''),
          item('video', 'Clip'),
          item('bookmark', 'Inspiration', 'https://example.test/board'),
          item('embed', '', 'https://example.test/embed'),
          item('bookmark', 'Not a web link', 'javascript:alert(1)'),
          item('draw', ''),
        ],
      }),
      canvas('shape:b', { solution: [item('note', 'Home delivery')] }),
    ];
    const comparison = compareCanvases(
      templates,
      at({ 'shape:a': [0, 0], 'shape:b': [2000, 0] }),
      en,
    );

    expect(row(comparison, 'field:solution').cells).toEqual([
      [
        { kind: 'text', text: 'Self-service kiosk' },
        { kind: 'text', text: 'Open 24/7' },
      ],
      [{ kind: 'text', text: 'Home delivery' }],
    ]);
    expect(row(comparison, 'field:visuals').cells[0]).toEqual([
      { kind: 'text', text: 'Not a web link' },
      { kind: 'link', label: 'Inspiration', url: 'https://example.test/board' },
      { kind: 'link', label: 'https://example.test/embed', url: 'https://example.test/embed' },
      { kind: 'summary', text: 'Images: 2' },
      { kind: 'summary', text: 'Videos: 1' },
      { kind: 'summary', text: 'Other items: 1' },
    ]);
  });

  it('formats costs in euros and the margin per locale, and leaves canvases without costs empty', () => {
    const table: CostTable = {
      costs: [{ id: 'c1', label: 'Staff', amountCents: 50_000, quantity: 2 }],
      revenues: [{ id: 'r1', label: 'Sales', amountCents: 123_450 }],
    };
    const templates = [withCosts(canvas('shape:a'), table), canvas('shape:b')];
    const positions = at({ 'shape:a': [0, 0], 'shape:b': [2000, 0] });

    const inEnglish = compareCanvases(templates, positions, en);
    expect(row(inEnglish, 'totalCosts').cells).toEqual([[{ kind: 'text', text: '€1,000.00' }], []]);
    expect(row(inEnglish, 'totalRevenues').cells[0]).toEqual([{ kind: 'text', text: '€1,234.50' }]);
    expect(row(inEnglish, 'margin').cells[0]).toEqual([{ kind: 'text', text: '€234.50' }]);
    expect(row(inEnglish, 'marginPercent').cells[0]).toEqual([{ kind: 'text', text: '19%' }]);

    const inFinnish = compareCanvases(templates, positions, fi);
    const text = (id: string) => {
      const [entry] = row(inFinnish, id).cells[0] ?? [];
      return entry?.kind === 'text' ? plain(entry.text) : undefined;
    };
    expect(text('totalRevenues')).toBe('1 234,50 €');
    expect(text('marginPercent')).toBe('19 %');
  });

  it('shows a loss as a negative margin and no margin % without revenue', () => {
    const table: CostTable = {
      costs: [{ id: 'c1', label: 'Rent', amountCents: 20_000 }],
      revenues: [],
    };
    const comparison = compareCanvases(
      [withCosts(canvas('shape:a'), table)],
      at({ 'shape:a': [0, 0] }),
      en,
    );
    expect(row(comparison, 'margin').cells[0]).toEqual([{ kind: 'text', text: '-€200.00' }]);
    expect(row(comparison, 'marginPercent').cells[0]).toEqual([]);
  });

  it('shows the fit statement before the Fit notes and summarizes the rating', () => {
    const templates = [
      canvas(
        'shape:a',
        { fit: [item('note', 'Matches our promise')] },
        {
          fit: {
            statement: 'Easy everyday service',
            rating: { n: 4, mean: 3.25, min: 2, max: 5 },
            ratings: { u1: 2, u2: 3, u3: 3, u4: 5 },
          },
        },
      ),
      canvas('shape:b'),
    ];
    const comparison = compareCanvases(
      templates,
      at({ 'shape:a': [0, 0], 'shape:b': [2000, 0] }),
      en,
    );
    expect(row(comparison, 'field:fit').cells).toEqual([
      [
        { kind: 'text', text: 'Easy everyday service' },
        { kind: 'text', text: 'Matches our promise' },
      ],
      [],
    ]);
    expect(row(comparison, 'fitRating').cells).toEqual([
      [{ kind: 'text', text: '3.25 / 5 (n = 4; lowest 2, highest 5)' }],
      [],
    ]);
    const inFinnish = compareCanvases(templates, at({ 'shape:a': [0, 0] }), fi);
    expect(row(inFinnish, 'fitRating').cells).toEqual([
      [{ kind: 'text', text: '3,25 / 5 (n = 4; pienin 2, suurin 5)' }],
    ]);
  });
});

describe('comparison formats', () => {
  const comparison: CanvasComparison = {
    columns: [
      { shapeId: 'shape:a', title: 'A | B', named: true },
      { shapeId: 'shape:b', title: 'Concept 2', named: false },
    ],
    rows: [
      {
        id: 'field:solution',
        label: 'Solution',
        cells: [
          [
            { kind: 'text', text: '=HYPERLINK("x")' },
            { kind: 'link', label: 'Site', url: 'https://example.test/' },
          ],
          [],
        ],
      },
    ],
  };

  it('writes CSV with a BOM, one line per row and formulas defused', () => {
    const csv = comparisonToCsv(comparison, 'Field');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Field,A | B,Concept 2',
      `Solution,"'=HYPERLINK(""x"")\nSite (https://example.test/)",`,
      '',
    ]);
  });

  it('writes a Markdown table that user text cannot break', () => {
    const markdown = comparisonToMarkdown(comparison, 'Concepts', 'Field');
    expect(markdown.split('\n')).toEqual([
      '**Concepts**',
      '',
      '| Field | A \\| B | Concept 2 |',
      '| --- | --- | --- |',
      '| Solution | =HYPERLINK("x")<br>Site (https://example.test/) |  |',
      '',
    ]);
  });
});

describe('canvasComparisonFromEditor', () => {
  let editor: Editor;

  beforeEach(() => {
    editor = createTemplateTestEditor();
  });

  afterEach(() => {
    editor.dispose();
  });

  function addNoteInField(templateId: TLShapeId, fieldId: string, text: string): TLShapeId {
    const template = editor.getShape(templateId);
    if (!isTemplateShape(template)) throw new Error('not a template');
    const definition = findTemplateDefinition(template.props.templateId);
    if (!definition) throw new Error('unknown template');
    const layout = layoutTemplate(instanceFromProps(template.props), definition);
    const cell = layout.cells.find(
      (candidate) => candidate.kind === 'field' && candidate.fieldId === fieldId,
    );
    if (!cell) throw new Error(`no field ${fieldId}`);
    const id = createShapeId();
    editor.createShape({
      id,
      type: 'note',
      parentId: templateId,
      x: (cell.box.minX + cell.box.maxX) / 2 - 100,
      y: (cell.box.minY + cell.box.maxY) / 2 - 100,
      props: { richText: toRichText(text) },
    });
    return id;
  }

  it('compares the concept canvases of the current page by position, and follows changes', () => {
    const second = insertTemplate(editor, conceptCanvas);
    const first = insertTemplate(editor, conceptCanvas);
    insertTemplate(editor, journeyMap);
    editor.updateShape({ id: second, type: 'kohtaamo-template', x: 2000, y: 0 });
    editor.updateShape({ id: first, type: 'kohtaamo-template', x: 0, y: 0 });
    addNoteInField(first, 'name', 'Kiosk');
    addNoteInField(second, 'solution', 'Deliver to the door');

    const live = computed('comparison', () => canvasComparisonFromEditor(editor, en));
    const before = live.get();
    expect(before.columns).toEqual([
      { shapeId: first, title: 'Kiosk', named: true },
      { shapeId: second, title: 'Concept 2', named: false },
    ]);
    expect(row(before, 'field:solution').cells).toEqual([
      [],
      [{ kind: 'text', text: 'Deliver to the door' }],
    ]);

    addNoteInField(second, 'name', 'Delivery');
    expect(live.get().columns.map((column) => column.title)).toEqual(['Kiosk', 'Delivery']);

    // Moving the first canvas to the right swaps the columns.
    editor.updateShape({ id: first, type: 'kohtaamo-template', x: 4000 });
    expect(live.get().columns.map((column) => column.title)).toEqual(['Delivery', 'Kiosk']);
  });

  it('leaves out canvases on other pages and is empty without canvases', () => {
    expect(canvasComparisonFromEditor(editor, en)).toEqual({ columns: [], rows: [] });
    const onFirstPage = insertTemplate(editor, conceptCanvas);
    editor.createPage({ name: 'Second' });
    const [, secondPage] = editor.getPages();
    if (!secondPage) throw new Error('no second page');
    editor.setCurrentPage(secondPage.id);
    expect(canvasComparisonFromEditor(editor, en).columns).toEqual([]);
    const onSecondPage = insertTemplate(editor, conceptCanvas);
    expect(canvasComparisonFromEditor(editor, en).columns.map((column) => column.shapeId)).toEqual([
      onSecondPage,
    ]);
    expect(onFirstPage).not.toBe(onSecondPage);
  });
});
