import { roomTitleMaxLength } from '@kohtaamo/shared';
import { describe, expect, it } from 'vitest';
import { nextBoardTitle, titleProblem } from './boardTitle';

describe('nextBoardTitle', () => {
  it("shows the directory's title until the document has one", () => {
    const opened = nextBoardTitle(null, { kind: 'roomInfo', title: 'Palvelupolku' });
    expect(opened).toBe('Palvelupolku');
    // Never renamed: the document has no title and the directory's stays.
    expect(nextBoardTitle(opened, { kind: 'document', title: undefined })).toBe('Palvelupolku');
  });

  it('follows a rename made on another page through the document', () => {
    const opened = nextBoardTitle(null, { kind: 'roomInfo', title: 'Palvelupolku' });
    expect(nextBoardTitle(opened, { kind: 'document', title: 'Kahvilan polku' })).toBe(
      'Kahvilan polku',
    );
  });

  it("does not let a late directory answer undo a newer title from the document or this page's rename", () => {
    const fromDocument = nextBoardTitle(null, { kind: 'document', title: 'Uusi' });
    expect(nextBoardTitle(fromDocument, { kind: 'roomInfo', title: 'Vanha' })).toBe('Uusi');
    const renamed = nextBoardTitle('Vanha', { kind: 'renamed', title: 'Oma' });
    expect(renamed).toBe('Oma');
    expect(nextBoardTitle(renamed, { kind: 'roomInfo', title: 'Vanha' })).toBe('Oma');
  });

  it('knows no title before anything told one (a legacy board without a directory entry)', () => {
    expect(nextBoardTitle(null, { kind: 'document', title: undefined })).toBeNull();
  });
});

describe('titleProblem', () => {
  it('refuses what the server refuses: blank, or longer than the limit once trimmed', () => {
    expect(titleProblem('')).toBe('empty');
    expect(titleProblem('   ')).toBe('empty');
    expect(titleProblem('x'.repeat(roomTitleMaxLength + 1))).toBe('tooLong');
    expect(titleProblem(` ${'x'.repeat(roomTitleMaxLength)} `)).toBeNull();
    expect(titleProblem('Palvelupolku')).toBeNull();
  });
});
