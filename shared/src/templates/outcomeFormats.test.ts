import { describe, expect, it } from 'vitest';
import { outcomesToCsv, outcomesToJson, outcomesToMarkdown } from './outcomeFormats.js';
import type {
  BoardOutcomes,
  CanvasTemplateOutcome,
  GridTemplateOutcome,
  OutcomeItem,
} from './outcomes.js';

// Outcomes written by hand, as extractBoardOutcomes would produce them.

function item(shapeId: string, text: string, extra: Partial<OutcomeItem> = {}): OutcomeItem {
  return { shapeId, type: 'note', text, ...extra };
}

function journey(overrides: Partial<GridTemplateOutcome> = {}): GridTemplateOutcome {
  return {
    kind: 'grid',
    shapeId: 'shape:journey',
    templateId: 'journeyMap',
    title: 'Customer journey map',
    w: 2000,
    h: 1200,
    stages: [
      { id: 'impulse', label: 'Impulse' },
      { id: 'purchase', label: 'Checkout, online' },
    ],
    lanes: [
      { id: 'personaScenario', kind: 'header', label: 'Persona & scenario' },
      { id: 'thoughts', kind: 'notes', label: 'Thoughts' },
      { id: 'feelings', kind: 'feelings', label: 'Feelings' },
    ],
    lines: [],
    cells: [
      { kind: 'lane', laneId: 'personaScenario', items: [item('shape:p', 'Maija, 34')] },
      {
        kind: 'cell',
        stageId: 'impulse',
        laneId: 'thoughts',
        items: [
          item('shape:a', 'Saw an ad', { authorId: 'u1', authorName: 'Alice' }),
          item('shape:b', 'Is it "cheap", really?'),
        ],
      },
      { kind: 'cell', stageId: 'purchase', laneId: 'thoughts', items: [] },
      { kind: 'cell', stageId: 'impulse', laneId: 'feelings', items: [] },
      { kind: 'cell', stageId: 'purchase', laneId: 'feelings', items: [] },
    ],
    unplaced: [],
    feelings: {
      laneId: 'feelings',
      stages: [
        { stageId: 'impulse', mean: 1.5, min: 1, max: 2, count: 2 },
        { stageId: 'purchase', count: 0 },
      ],
    },
    ...overrides,
  };
}

function canvas(overrides: Partial<CanvasTemplateOutcome> = {}): CanvasTemplateOutcome {
  return {
    kind: 'canvas',
    shapeId: 'shape:canvas',
    templateId: 'conceptCanvas',
    title: 'Tolvanen concept canvas',
    w: 1200,
    h: 1400,
    fields: [
      { id: 'name', kind: 'text', label: 'Name' },
      { id: 'costs', kind: 'costs', label: 'Costs' },
    ],
    cells: [
      { kind: 'field', fieldId: 'name', items: [item('shape:n', 'QueueFree')] },
      { kind: 'field', fieldId: 'costs', items: [] },
    ],
    unplaced: [],
    costs: {
      table: {
        costs: [{ id: 'staff', label: 'Staff', amountCents: 150_000, quantity: 2 }],
        revenues: [{ id: 'sales', label: 'Sales', amountCents: 400_000 }],
      },
      totalCostCents: 300_000,
      totalRevenueCents: 400_000,
      marginCents: 100_000,
      marginPercent: 25,
    },
    ...overrides,
  };
}

const fitFields: CanvasTemplateOutcome['fields'] = [
  { id: 'name', kind: 'text', label: 'Name' },
  { id: 'fit', kind: 'fit', label: 'Fit' },
  { id: 'costs', kind: 'costs', label: 'Costs' },
];

const fit: CanvasTemplateOutcome['fit'] = {
  statement: '=Quick help\nwherever you are',
  rating: { n: 2, mean: 3.5, min: 3, max: 4 },
  ratings: { aino: 4, bertta: 3 },
};

function board(
  templates: BoardOutcomes['templates'],
  locale: BoardOutcomes['locale'] = 'en',
): BoardOutcomes {
  return {
    format: 'kohtaamo-outcomes',
    version: 2,
    locale,
    roomId: 'room-1',
    exportedAt: '2025-03-04T10:20:30.000Z',
    templates,
  };
}

function csvLines(csv: string): string[] {
  return csv.replace(/^\uFEFF/, '').split('\r\n');
}

describe('outcomesToJson', () => {
  it('writes pretty JSON that parses back to the same data', () => {
    const data = board([journey(), canvas()]);
    const json = outcomesToJson(data);
    expect(json).toContain('\n  "format": "kohtaamo-outcomes",\n');
    expect(json.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(data);
  });

  it('refuses data that does not match the schema', () => {
    const broken = board([journey({ stages: [] })]);
    expect(() => outcomesToJson(broken)).toThrow();
  });
});

/** The eight empty reaction and vote columns of a row without either. */
const noVotes = ',,,,,,,,';

describe('outcomesToCsv', () => {
  it('starts with a BOM and localized headers, one CRLF row per item', () => {
    const csv = outcomesToCsv(board([journey()], 'fi'));
    expect(csv.startsWith('\uFEFFPohja,Kaista,Vaihe / kenttä,Tyyppi,Teksti,Tekijä,Linkki,')).toBe(
      true,
    );
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const lines = csvLines(csv);
    expect(lines).toHaveLength(1 + 3 + 1);
    expect(lines[1]).toBe(`Customer journey map,Persona & scenario,,note,"Maija, 34",,${noVotes}`);
    expect(lines[2]).toBe(`Customer journey map,Thoughts,Impulse,note,Saw an ad,Alice,${noVotes}`);
  });

  it('uses English headers and can leave the BOM out', () => {
    const csv = outcomesToCsv(board([journey()]), { bom: false });
    expect(csv.startsWith('Template,Lane,Stage / field,Type,Text,Author,Link,')).toBe(true);
  });

  it('quotes fields with commas, quotes and line breaks, doubling quotes', () => {
    const cells = journey().cells.map((cell) =>
      cell.kind === 'cell' && cell.stageId === 'purchase' && cell.laneId === 'thoughts'
        ? { ...cell, items: [item('shape:m', 'line one\nline "two"')] }
        : cell,
    );
    const lines = csvLines(outcomesToCsv(board([journey({ cells })])));
    expect(lines[3]).toBe(
      `Customer journey map,Thoughts,Impulse,note,"Is it ""cheap"", really?",,${noVotes}`,
    );
    // The line break stays inside the quoted field: only CRLF ends a record.
    expect(lines[4]).toBe(
      `Customer journey map,Thoughts,"Checkout, online",note,"line one\nline ""two""",,${noVotes}`,
    );
    expect(lines).toHaveLength(1 + 4 + 1);
  });

  it('keeps a CR inside a field quoted rather than ending the row', () => {
    const cells = [{ kind: 'field' as const, fieldId: 'name', items: [item('shape:r', 'a\rb')] }];
    const csv = outcomesToCsv(board([canvas({ cells, costs: undefined })]), { bom: false });
    expect(csv).toContain(',"a\rb",');
  });

  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1+1', "'+1+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['a = b', 'a = b'],
  ])('guards %j against formula injection', (text, expected) => {
    const cells = [{ kind: 'field' as const, fieldId: 'name', items: [item('shape:x', text)] }];
    const lines = csvLines(outcomesToCsv(board([canvas({ cells })]), { bom: false }));
    expect(lines[1]).toBe(`Tolvanen concept canvas,,Name,note,${expected},,${noVotes}`);
  });

  it('guards author names and custom labels too', () => {
    const cells = [
      {
        kind: 'field' as const,
        fieldId: 'name',
        items: [item('shape:x', 'ok', { authorName: '=cmd' })],
      },
    ];
    const fields = [
      { id: 'name', kind: 'text' as const, label: '-Name' },
      { id: 'costs', kind: 'costs' as const, label: 'Costs' },
    ];
    const lines = csvLines(outcomesToCsv(board([canvas({ cells, fields })]), { bom: false }));
    expect(lines[1]).toBe(`Tolvanen concept canvas,,'-Name,note,ok,'=cmd,${noVotes}`);
  });

  it('adds the fit statement and rating as rows of the Fit field, guarded and localized', () => {
    const en = csvLines(outcomesToCsv(board([canvas({ fields: fitFields, fit })]), { bom: false }));
    expect(en.slice(2, 4)).toEqual([
      `Tolvanen concept canvas,,Fit,Value proposition,"'=Quick help\nwherever you are",,${noVotes}`,
      `Tolvanen concept canvas,,Fit,Fit rating,3.5 / 5 (n = 2; range 3–4),,${noVotes}`,
    ]);
    const fi = csvLines(
      outcomesToCsv(board([canvas({ fields: fitFields, fit: { rating: fit?.rating } })], 'fi'), {
        bom: false,
      }),
    );
    expect(fi[2]).toBe(
      `Tolvanen concept canvas,,Fit,Sopivuusarvio,"3,5 / 5 (n = 2; vaihteluväli 3–4)",,${noVotes}`,
    );
    expect(fi).toHaveLength(1 + 1 + 1 + 1);
  });

  it('numbers templates that share a title and lists unplaced items and links', () => {
    const bookmark = item('shape:u', 'Docs', { type: 'bookmark', url: 'https://example.fi' });
    const lines = csvLines(
      outcomesToCsv(board([canvas(), canvas({ shapeId: 'shape:c2', unplaced: [bookmark] })]), {
        bom: false,
      }),
    );
    expect(lines[1]?.startsWith('Tolvanen concept canvas 1,,Name,')).toBe(true);
    expect(lines[2]?.startsWith('Tolvanen concept canvas 2,,Name,')).toBe(true);
    expect(lines[3]).toBe(
      `Tolvanen concept canvas 2,,,bookmark,Docs,,https://example.fi${noVotes}`,
    );
  });
});

describe('outcomesToMarkdown', () => {
  it('writes the board, templates, lanes, stages and items with authors', () => {
    const md = outcomesToMarkdown(board([journey()]));
    expect(md.startsWith('# Workshop outcomes\n\nExported: 2025\\-03\\-04T10:20:30.000Z')).toBe(
      true,
    );
    expect(md).toContain('Room: room\\-1');
    expect(md).toContain('\n## Customer journey map\n');
    expect(md).toContain('\n### Persona \\& scenario\n\n- Maija, 34\n');
    expect(md).toContain('\n### Thoughts\n\n- **Impulse**\n  - Saw an ad (Alice)\n');
    // The empty purchase stage is left out.
    expect(md).not.toContain('**Checkout, online**');
    expect(md.endsWith('\n')).toBe(true);
    expect(md.endsWith('\n\n')).toBe(false);
  });

  it('shows the emotion curve as a table with mean, range and n', () => {
    const md = outcomesToMarkdown(board([journey()], 'fi'));
    expect(md).toContain('| Vaihe | Keskiarvo | Vaihteluväli | n |\n| --- | --- | --- | ---: |');
    expect(md).toContain('| Impulse | 1,5 | +1 … +2 | 2 |');
    expect(md).toContain('| Checkout, online | – | – | 0 |');
  });

  it('shows costs as a table with totals and margin, under the costs field', () => {
    const md = outcomesToMarkdown(board([canvas()]));
    const costsSection = md.slice(md.indexOf('### Costs'));
    expect(costsSection).toContain('| Staff | Cost | €1,500.00 | 2 | €3,000.00 |');
    expect(costsSection).toContain('| Sales | Revenue | €4,000.00 | 1 | €4,000.00 |');
    expect(costsSection).toContain('| **Total costs** |  |  |  | **€3,000.00** |');
    expect(costsSection).toContain('| **Margin** |  |  |  | **€1,000.00 (25 %)** |');
    const fi = outcomesToMarkdown(board([canvas()], 'fi'));
    expect(fi).toContain('**Kate** |  |  |  | **1\u00a0000,00\u00a0€ (25 %)**');
  });

  it('shows the value proposition and the fit rating under the Fit field', () => {
    const md = outcomesToMarkdown(board([canvas({ fields: fitFields, fit })]));
    const fitSection = md.slice(md.indexOf('### Fit'), md.indexOf('### Costs'));
    expect(fitSection).toBe(
      [
        '### Fit',
        '',
        '**Value proposition:** \\=Quick help  ',
        'wherever you are',
        '',
        '**Fit rating:** 3.5 / 5 (n = 2; range 3–4)',
        '',
        '',
      ].join('\n'),
    );
    const fi = outcomesToMarkdown(board([canvas({ fields: fitFields, fit })], 'fi'));
    expect(fi).toContain('**Sopivuusarvio:** 3,5 / 5 (n = 2; vaihteluväli 3–4)');
    expect(fi).toContain('**Arvolupaus:** ');
  });

  it('says the Fit field is empty without fit data, and adds a Fit heading for a canvas without the field', () => {
    const empty = outcomesToMarkdown(board([canvas({ fields: fitFields })]));
    expect(empty).toContain('### Fit\n\n*No content*');
    const noField = outcomesToMarkdown(board([canvas({ fit: { statement: 'Fast' } })]));
    expect(noField).toContain('### Fit\n\n**Value proposition:** Fast\n');
  });

  it('escapes user text so it cannot add headings, links, HTML or list items', () => {
    const hostile = [
      '# Heading',
      '[click](javascript:alert(1))',
      '<img src=x onerror=alert(1)>',
      '1. ordered',
      '> quote',
      '===',
      '    code block',
    ].join('\n');
    const cells = [
      {
        kind: 'field' as const,
        fieldId: 'name',
        items: [item('shape:h', hostile, { authorName: '**Eve** | x' })],
      },
    ];
    const md = outcomesToMarkdown(board([canvas({ cells, costs: undefined })]));
    const bullet = md.slice(md.indexOf('- \\# Heading'));
    expect(bullet).toContain(
      [
        '- \\# Heading',
        '  \\[click\\]\\(javascript:alert\\(1\\)\\)',
        '  \\<img src\\=x onerror\\=alert\\(1\\)\\>',
        '  1\\. ordered',
        '  \\> quote',
        '  \\=\\=\\=',
        '  code block (\\*\\*Eve\\*\\* \\| x)',
      ].join('\n'),
    );
    expect(md).not.toMatch(/^#+ Heading/m);
    expect(md).not.toContain('](');
    expect(md).not.toMatch(/(?<!\\)<img/);
  });

  it('escapes renamed labels in headings and table cells', () => {
    const md = outcomesToMarkdown(
      board([
        journey({
          lanes: [
            { id: 'personaScenario', kind: 'header', label: 'Persona & scenario' },
            { id: 'thoughts', kind: 'notes', label: '[Thoughts](http://x)' },
            { id: 'feelings', kind: 'feelings', label: 'Feelings' },
          ],
          stages: [
            { id: 'impulse', label: 'a | b' },
            { id: 'purchase', label: 'Purchase' },
          ],
        }),
      ]),
    );
    expect(md).toContain('### \\[Thoughts\\]\\(http://x\\)');
    expect(md).toContain('| a \\| b | 1.5 |');
  });

  it('links only http(s) URLs and lists unplaced items under their own heading', () => {
    const unplaced = [
      item('shape:l1', 'Research', { type: 'bookmark', url: 'https://example.fi/a' }),
      item('shape:l2', '', { type: 'embed', url: 'javascript:alert(1)' }),
    ];
    const md = outcomesToMarkdown(board([canvas({ unplaced, costs: undefined })]));
    expect(md).toContain('### Outside the cells\n\n- Research <https://example.fi/a>\n');
    expect(md).toContain('- *embed* javascript:alert\\(1\\)\n');
  });

  it('draws blueprint lines between lanes and says when a lane is empty', () => {
    const outcome = journey({
      lines: [{ id: 'lineOfInteraction', label: 'Line of interaction', aboveLaneId: 'thoughts' }],
      feelings: undefined,
    });
    const md = outcomesToMarkdown(board([outcome]));
    expect(md).toContain('*— Line of interaction —*\n\n### Feelings\n\n*No content*');
  });
});
