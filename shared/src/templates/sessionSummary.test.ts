import { describe, expect, it } from 'vitest';
import {
  workshopExportedAt as exportedAt,
  workshopFacilitationEntries,
  workshopNamedVoters,
  workshopRecords,
} from '../testing/workshopBoard.js';
import { outcomesToMarkdown } from './outcomeFormats.js';
import {
  buildSessionSummary,
  type SessionSummary,
  sessionSummarySchema,
  sessionSummaryToMarkdown,
} from './sessionSummary.js';

function summary(
  locale: 'fi' | 'en',
  title: string | undefined = 'Asiakaspalvelun työpaja',
): SessionSummary {
  return buildSessionSummary(workshopRecords(), workshopFacilitationEntries(), {
    locale,
    roomId: 'room-1',
    title,
    exportedAt,
  });
}

/** The text between a `## heading` and the next H2. */
function section(md: string, heading: string): string {
  const start = md.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`no section ${heading}`);
  const next = md.indexOf('\n## ', start + 1);
  return md.slice(start, next === -1 ? undefined : next);
}

describe('buildSessionSummary', () => {
  it('holds the outcomes with facilitation and the most-reacted items, most first', () => {
    const data = summary('en');
    expect(data).toMatchObject({
      format: 'kohtaamo-session-summary',
      version: 1,
      locale: 'en',
      roomId: 'room-1',
      title: 'Asiakaspalvelun työpaja',
      exportedAt: '2025-03-04T10:00:00.000Z',
    });
    expect(data.outcomes.facilitation?.voteSessions).toHaveLength(3);
    expect(data.topReactions).toEqual([
      {
        shapeId: 'shape:n1',
        type: 'note',
        text: 'Checkout too slow',
        templateShapeId: 'shape:journey',
        total: 4,
        reactions: { thumbsUp: 3, warning: 1 },
      },
      {
        shapeId: 'shape:n2',
        type: 'note',
        text: 'No phone support',
        templateShapeId: 'shape:journey',
        total: 1,
        reactions: { heart: 1 },
      },
    ]);
  });

  it('round-trips through JSON and its schema', () => {
    const data = summary('fi');
    expect(sessionSummarySchema.parse(JSON.parse(JSON.stringify(data)))).toEqual(data);
  });

  it('refuses a summary whose anonymous session names voters', () => {
    const data = structuredClone(summary('en'));
    const anonymous = data.outcomes.facilitation?.voteSessions[1];
    if (anonymous?.status !== 'revealed') throw new Error('expected the anonymous session');
    anonymous.items[0] = { ...anonymous.items[0], voters: ['Aino'] } as (typeof anonymous.items)[0];
    expect(sessionSummarySchema.safeParse(data).success).toBe(false);
  });
});

describe('sessionSummaryToMarkdown', () => {
  it('writes every section in English', () => {
    const md = sessionSummaryToMarkdown(summary('en'));
    expect(md.startsWith('# Asiakaspalvelun työpaja\n\nDate: 2025-03-04 10:00 UTC\n')).toBe(true);
    expect(section(md, 'Agenda')).toContain(
      '| Customer needs *(current)* | Customer journey map | 45 min | 30 min |',
    );
    const templates = section(md, 'Templates');
    expect(templates).toContain('\n### Customer journey map\n');
    expect(templates).toContain(
      '\n#### Pain points\n\n- **Purchase**\n  - Checkout too slow (Aino) 👍 3 ⚠️ 1',
    );
    expect(templates).toContain('\n### Tolvanen concept canvas\n');
    const votes = section(md, 'Vote results');
    expect(votes).toContain('### Biggest pain');
    expect(votes).toContain('| 1 | Checkout too slow | 3 | 2 | 1 | Aino, Bertta, Cecilia |');
    expect(votes).toContain('| 1 | Loyalty chat | 4 | 1 | 3 |');
    expect(votes).toContain(
      '### Still open\n\nNamed vote · page · Started 2025-03-04 09:55 UTC\n\n*Results not revealed*',
    );
    expect(section(md, 'Concepts')).toContain(
      '| ChatHelp | €1,000.00 | €1,500.00 | €500.00 (33.33 %) | 3.5 / 5 (n = 2) |',
    );
    const reactions = section(md, 'Most reactions');
    expect(reactions).toContain('| Item | Template | Total | 👍 | ❤️ | 💡 | ❓ | ⚠️ |');
    expect(reactions).toContain(
      '| Checkout too slow | Customer journey map | 4 | 3 | 0 | 0 | 0 | 1 |',
    );
  });

  it('writes every heading and label in Finnish', () => {
    const md = sessionSummaryToMarkdown(summary('fi'));
    expect(md.startsWith('# Asiakaspalvelun työpaja\n\nPäivämäärä: 2025-03-04 10:00 UTC\n')).toBe(
      true,
    );
    for (const heading of [
      'Agenda',
      'Pohjat',
      'Äänestystulokset',
      'Konseptit',
      'Eniten reaktioita saaneet',
    ]) {
      expect(md).toContain(`\n## ${heading}\n`);
    }
    expect(section(md, 'Agenda')).toContain('| Vaihe | Pohja | Aikaraja | Käytetty aika |');
    expect(section(md, 'Pohjat')).toContain('\n#### Kipupisteet\n');
    expect(section(md, 'Konseptit')).toContain(
      '| Konsepti | Kustannukset | Tuotot | Kate | Sopivuus |',
    );
    expect(section(md, 'Konseptit')).toContain('| ChatHelp | 1\u00a0000,00\u00a0€ |');
    expect(section(md, 'Eniten reaktioita saaneet')).toContain('| Kohde | Pohja | Yhteensä |');
  });

  it('renders the templates exactly as the outcomes report does, one heading level down', () => {
    const data = summary('en');
    const report = outcomesToMarkdown(data.outcomes);
    const journey = report.slice(
      report.indexOf('## Customer journey map'),
      report.indexOf('## Tolvanen'),
    );
    const demoted = journey.replace(/^#/gm, '##');
    expect(sessionSummaryToMarkdown(data)).toContain(demoted);
  });

  it('shows no counts of an unrevealed session and no names in an anonymous one', () => {
    const md = sessionSummaryToMarkdown(summary('en'));
    const votes = section(md, 'Vote results');
    const running = votes.slice(votes.indexOf('### Still open'));
    expect(running).not.toMatch(/\|/);
    const anonymous = votes.slice(votes.indexOf('### Best idea'), votes.indexOf('### Still open'));
    for (const name of workshopNamedVoters) expect(anonymous).not.toContain(name);
  });

  it('falls back to a generic title and says when nothing happened', () => {
    const empty = buildSessionSummary([], [], { locale: 'fi', exportedAt });
    const md = sessionSummaryToMarkdown(empty);
    expect(md.startsWith('# Työpajan yhteenveto\n')).toBe(true);
    expect(md).toContain('*Ei ääniä*');
    expect(md).toContain('*Ei konseptimalleja*');
    expect(md).toContain('*Ei reaktioita*');
  });
});
