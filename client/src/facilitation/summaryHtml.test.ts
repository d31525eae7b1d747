import { buildSessionSummary, type Locale, type StoredRecord } from '@kohtaamo/shared';
import {
  workshopExportedAt,
  workshopFacilitationEntries,
  workshopRecords,
} from '@kohtaamo/shared/testing';
import { describe, expect, it } from 'vitest';
import { sessionSummaryToHtml } from './summaryHtml';

const hostile = '<script>alert("pwned")</script> "quoted" & \'single\'';

/** The workshop fixture with a hostile note text in place of "Checkout too slow" (the most-voted, most-reacted note). */
function hostileRecords(): StoredRecord[] {
  return workshopRecords().map((record) =>
    record.id === 'shape:n1'
      ? (JSON.parse(
          JSON.stringify(record).replace('"Checkout too slow"', () => JSON.stringify(hostile)),
        ) as StoredRecord)
      : record,
  );
}

function summaryHtml(locale: Locale, title?: string): string {
  const summary = buildSessionSummary(hostileRecords(), workshopFacilitationEntries(), {
    locale,
    roomId: 'room-abc',
    title,
    exportedAt: workshopExportedAt,
  });
  return sessionSummaryToHtml(summary);
}

function parse(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

describe('sessionSummaryToHtml', () => {
  it('renders a note with markup and quotes as text, never as an element', () => {
    const html = summaryHtml('en', '<img src=x onerror="alert(1)">');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');

    const doc = parse(html);
    expect(doc.querySelectorAll('script, img')).toHaveLength(0);
    expect(doc.querySelector('h1')?.textContent).toBe('<img src=x onerror="alert(1)">');
    expect(doc.title).toBe('<img src=x onerror="alert(1)">');
    // The note is in the template content, the vote results and the reactions, each time as text.
    const cells = [...doc.querySelectorAll('td, li')].filter((el) => el.textContent === hostile);
    expect(cells.length).toBeGreaterThanOrEqual(3);
  });

  it('has the agenda, vote results and concepts sections in English', () => {
    const doc = parse(summaryHtml('en'));
    expect(doc.documentElement.lang).toBe('en');
    expect(doc.querySelector('h1')?.textContent).toBe('Workshop summary');
    const headings = [...doc.querySelectorAll('h2')].map((h) => h.textContent);
    expect(headings).toEqual(['Agenda', 'Templates', 'Vote results', 'Concepts', 'Most reactions']);
    const text = doc.body.textContent ?? '';
    expect(text).toContain('Wrap-up');
    expect(text).toContain('Biggest pain');
    expect(text).toContain('Voters: team 2, customers 1');
    expect(text).toContain('Results not revealed');
    expect(text).toContain('ChatHelp');
    expect(text).toContain('Loyalty chat');
    // Named session lists voters; the anonymous one names nobody.
    expect(text).toContain('Aino, Bertta, Cecilia');
  });

  it('has the same sections in Finnish', () => {
    const doc = parse(summaryHtml('fi', 'Asiakaspolku-työpaja'));
    expect(doc.documentElement.lang).toBe('fi');
    expect(doc.querySelector('h1')?.textContent).toBe('Asiakaspolku-työpaja');
    const headings = [...doc.querySelectorAll('h2')].map((h) => h.textContent);
    expect(headings).toEqual([
      'Agenda',
      'Pohjat',
      'Äänestystulokset',
      'Konseptit',
      'Eniten reaktioita saaneet',
    ]);
    const text = doc.body.textContent ?? '';
    expect(text).toContain('Äänestäneitä: tiimi 2, asiakkaat 1');
    expect(text).toContain('Tuloksia ei ole julkaistu');
    expect(text).toContain('Käytetty aika');
    expect(text).toContain('ChatHelp');
  });

  it('says so when the board has no agenda phases, votes, concepts or reactions', () => {
    const summary = buildSessionSummary([], [], {
      locale: 'en',
      exportedAt: workshopExportedAt,
    });
    const text = parse(sessionSummaryToHtml(summary)).body.textContent ?? '';
    expect(text).toContain('No votes');
    expect(text).toContain('No concept canvases');
    expect(text).toContain('No reactions');
  });
});
