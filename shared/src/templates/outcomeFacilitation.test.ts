import { describe, expect, it } from 'vitest';
import { readFacilitationState } from '../facilitation/facilitationState.js';
import {
  workshopExportedAt as exportedAt,
  workshopFacilitationEntries,
  workshopNamedVoters,
  workshopRecords,
} from '../testing/workshopBoard.js';
import { readOutcomeReactions } from './outcomeFacilitation.js';
import { outcomesToCsv, outcomesToJson, outcomesToMarkdown } from './outcomeFormats.js';
import { parseBoardOutcomes } from './outcomeImport.js';
import { type BoardOutcomes, extractBoardOutcomes, type OutcomeItem } from './outcomes.js';

function exportBoard(locale: 'fi' | 'en' = 'en'): BoardOutcomes {
  return extractBoardOutcomes(workshopRecords(), {
    locale,
    roomId: 'room-1',
    exportedAt,
    facilitation: workshopFacilitationEntries(),
  });
}

function allItems(board: BoardOutcomes): OutcomeItem[] {
  return board.templates.flatMap((template) => [
    ...(template.cells as readonly { items: OutcomeItem[] }[]).flatMap((cell) => cell.items),
    ...template.unplaced,
  ]);
}

function csvRows(csv: string): string[][] {
  // The fixture has no quoted fields with commas in the rows this reads.
  return csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => line.split(','));
}

describe('extractBoardOutcomes with facilitation', () => {
  it('leaves facilitation out when the caller does not pass it', () => {
    const board = extractBoardOutcomes(workshopRecords(), { locale: 'en', exportedAt });
    expect(board).not.toHaveProperty('facilitation');
    expect(board.version).toBe(2);
  });

  it('lists the agenda in order with titles in the locale, time spent and the current phase', () => {
    const { facilitation } = exportBoard('fi');
    expect(facilitation?.agenda).toEqual([
      {
        id: 'currentState',
        title: 'Nykytila',
        timeboxMs: 30 * 60_000,
        spentMs: 20 * 60_000,
        current: false,
      },
      {
        id: 'customerNeeds',
        title: 'Asiakastarpeet',
        templateId: 'journeyMap',
        timeboxMs: 45 * 60_000,
        // On since 09:30, exported at 10:00.
        spentMs: 30 * 60_000,
        current: true,
      },
      { id: 'conceptDesign', title: 'Konseptin suunnittelu', spentMs: 0, current: false },
      { id: 'pilot', title: 'Pilotointi', spentMs: 0, current: false },
      { id: 'wrapUp', title: 'Wrap-up', spentMs: 0, current: false },
    ]);
  });

  it('accepts the state already read as well as the map entries', () => {
    const fromState = extractBoardOutcomes(workshopRecords(), {
      locale: 'en',
      roomId: 'room-1',
      exportedAt,
      facilitation: readFacilitationState(workshopFacilitationEntries()),
    });
    expect(fromState).toEqual(exportBoard());
  });

  it('exports revealed sessions ranked with the team/customer split and the voted texts', () => {
    const sessions = exportBoard().facilitation?.voteSessions ?? [];
    expect(sessions.map((session) => [session.id, session.status])).toEqual([
      ['vote-named', 'revealed'],
      ['vote-anon', 'revealed'],
      ['vote-running', 'notRevealed'],
    ]);
    expect(sessions[0]).toEqual({
      status: 'revealed',
      id: 'vote-named',
      title: 'Biggest pain',
      scope: 'template',
      anonymous: false,
      votesPerPerson: 2,
      startedAt: '2025-03-04T09:35:00.000Z',
      endedAt: '2025-03-04T09:40:00.000Z',
      voterCounts: { team: 2, customers: 1 },
      items: [
        {
          itemId: 'shape:n1',
          rank: 1,
          total: 3,
          team: 2,
          customers: 1,
          type: 'note',
          text: 'Checkout too slow',
          voters: ['Aino', 'Bertta', 'Cecilia'],
        },
        {
          itemId: 'shape:n2',
          rank: 2,
          total: 1,
          team: 1,
          customers: 0,
          type: 'note',
          text: 'No phone support',
          voters: ['Aino'],
        },
      ],
    });
  });

  it('lists an unrevealed session with no counts and no voters', () => {
    const running = exportBoard().facilitation?.voteSessions[2];
    expect(running).toEqual({
      status: 'notRevealed',
      id: 'vote-running',
      title: 'Still open',
      scope: 'page',
      anonymous: false,
      startedAt: '2025-03-04T09:55:00.000Z',
    });
  });

  it('names no voters in an anonymous session', () => {
    const anonymous = exportBoard().facilitation?.voteSessions[1];
    expect(anonymous?.status).toBe('revealed');
    if (anonymous?.status !== 'revealed') return;
    expect(anonymous.items.every((item) => !('voters' in item))).toBe(true);
    expect(anonymous.items[0]).toMatchObject({ text: 'Loyalty chat', total: 4, customers: 3 });
  });

  it('names a voted shape without text by its type, and a deleted one by nothing', () => {
    const records = workshopRecords().map((record) =>
      record.id === 'shape:n3' ? { ...record, type: 'geo', props: { w: 10, h: 10 } } : record,
    );
    const entries = workshopFacilitationEntries().filter(([key]) => key !== 'vote:vote-named');
    const board = extractBoardOutcomes(
      records.filter((record) => record.id !== 'shape:n2'),
      { locale: 'en', exportedAt, facilitation: entries },
    );
    const session = board.facilitation?.voteSessions[0];
    if (session?.status !== 'revealed') throw new Error('expected a revealed session');
    expect(session.items.map((item) => [item.type, item.text])).toEqual([
      ['geo', 'geo'],
      [undefined, ''],
    ]);
  });

  it('adds the reaction counts of each note, only kinds with a count', () => {
    const items = new Map(allItems(exportBoard()).map((item) => [item.shapeId, item]));
    expect(items.get('shape:n1')?.reactions).toEqual({ thumbsUp: 3, warning: 1 });
    expect(items.get('shape:n2')?.reactions).toEqual({ heart: 1 });
    expect(items.get('shape:n3')).not.toHaveProperty('reactions');
  });

  it('reads reactions only from well-formed true keys', () => {
    expect(
      readOutcomeReactions({
        'reaction:idea:a': true,
        'reaction:idea:b': false,
        'reaction:nope:a': true,
        authorId: 'x',
      }),
    ).toEqual({ idea: 1 });
    expect(readOutcomeReactions({})).toBeUndefined();
  });

  it('writes JSON that validates and imports again unchanged', () => {
    const board = exportBoard();
    const parsed = parseBoardOutcomes(outcomesToJson(board));
    expect(parsed).toEqual({ success: true, board });
  });
});

describe('facilitation in CSV', () => {
  it('adds reaction and vote columns, with votes from the latest revealed session', () => {
    const [header, ...rows] = csvRows(outcomesToCsv(exportBoard(), { bom: false }));
    expect(header?.slice(7)).toEqual([
      'Thumbs up 👍',
      'Heart ❤️',
      'Idea 💡',
      'Question ❓',
      'Warning ⚠️',
      'Votes',
      'Votes (team)',
      'Votes (customers)',
    ]);
    const row = (text: string) => rows.find((fields) => fields[4] === text)?.slice(7);
    // The anonymous session is the latest revealed one; the running one has no counts to show.
    expect(row('Checkout too slow')).toEqual(['3', '', '', '', '1', '', '', '']);
    expect(row('No phone support')).toEqual(['', '1', '', '', '', '2', '2', '0']);
    expect(row('Loyalty chat')).toEqual(['', '', '', '', '', '4', '1', '3']);
  });

  it('labels the columns in Finnish', () => {
    const [header] = csvRows(outcomesToCsv(exportBoard('fi'), { bom: false }));
    expect(header?.slice(7)).toEqual([
      'Peukku 👍',
      'Sydän ❤️',
      'Idea 💡',
      'Kysymys ❓',
      'Varoitus ⚠️',
      'Äänet',
      'Äänet (tiimi)',
      'Äänet (asiakkaat)',
    ]);
  });

  it('leaves the vote columns empty when no session was revealed', () => {
    const entries = workshopFacilitationEntries().filter(([key]) => key === 'vote:vote-running');
    const board = extractBoardOutcomes(workshopRecords(), {
      locale: 'en',
      exportedAt,
      facilitation: entries,
    });
    const rows = csvRows(outcomesToCsv(board, { bom: false })).slice(1);
    expect(rows.every((fields) => fields.slice(12).every((field) => field === ''))).toBe(true);
  });
});

describe('facilitation in Markdown', () => {
  it('writes the agenda and a ranked table per revealed session in English', () => {
    const md = outcomesToMarkdown(exportBoard('en'));
    expect(md).toContain(
      '## Agenda\n\n| Phase | Template | Timebox | Time spent |\n| --- | --- | ---: | ---: |\n',
    );
    expect(md).toContain('| Current state |  | 30 min | 20 min |');
    expect(md).toContain('| Customer needs *(current)* | Customer journey map | 45 min | 30 min |');
    expect(md).toContain('| Wrap\\-up |  |  | 0 min |');
    expect(md).toContain('\n## Votes\n\n### Biggest pain\n');
    expect(md).toContain('| Rank | Item | Total | Team | Customers | Voters |');
    expect(md).toContain('| 1 | Checkout too slow | 3 | 2 | 1 | Aino, Bertta, Cecilia |');
    expect(md).toContain('Voters: team 2, customers 1');
    expect(md).toContain('- Checkout too slow (Aino) 👍 3 ⚠️ 1');
  });

  it('writes the same sections in Finnish', () => {
    const md = outcomesToMarkdown(exportBoard('fi'));
    expect(md).toContain('## Agenda\n\n| Vaihe | Pohja | Aikaraja | Käytetty aika |');
    expect(md).toContain('| Asiakastarpeet *(meneillään)* | Asiakaspolku');
    expect(md).toContain('\n## Äänestykset\n\n### Biggest pain\n');
    expect(md).toContain('| Sija | Kohde | Yhteensä | Tiimi | Asiakkaat | Äänestäjät |');
    expect(md).toContain('Äänestäneitä: tiimi 2, asiakkaat 1');
    expect(md).toContain('### Still open\n\nNimellinen äänestys · sivu');
    expect(md).toContain('*Tuloksia ei ole julkaistu*');
  });

  it('shows an unrevealed session without a table, and an anonymous one without voters', () => {
    const md = outcomesToMarkdown(exportBoard('en'));
    const section = (title: string) => {
      const start = md.indexOf(`### ${title}\n`);
      const next = md.indexOf('\n#', start + 1);
      return md.slice(start, next === -1 ? undefined : next);
    };
    const running = section('Still open');
    expect(running).toContain('*Results not revealed*');
    expect(running).not.toMatch(/\|/);
    expect(running).not.toMatch(/\d+ votes per person/);
    const anonymous = section('Best idea');
    expect(anonymous).toContain('| Rank | Item | Total | Team | Customers |\n');
    expect(anonymous).toContain('| 1 | Loyalty chat | 4 | 1 | 3 |');
    for (const name of workshopNamedVoters) expect(anonymous).not.toContain(name);
  });
});
