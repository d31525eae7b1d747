import { describe, expect, it } from 'vitest';
import { authorOf, refuseRecordEdit } from '../access/editRules.js';
import type { StoredRecord } from '../protocol/docLayout.js';
import { templateShapeType } from '../templates/templateShape.js';
import type { FacilitationResult } from './facilitationRefusals.js';
import {
  defaultPrivateMode,
  isPrivateContent,
  type PrivateModeState,
  privateModeStateSchema,
  privateRoundHistoryMax,
  revealedRecord,
  revealedRecords,
  revealPrivateRound,
  startPrivateRound,
} from './privateRound.js';

function value<T>(result: FacilitationResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.refusal.code}`);
  return result.value;
}

function code<T>(result: FacilitationResult<T>): string | undefined {
  return result.ok ? undefined : result.refusal.code;
}

const note: StoredRecord = {
  id: 'shape:note1',
  typeName: 'shape',
  type: 'note',
  props: { text: 'Jonot ovat liian pitkiä' },
  meta: { authorId: 'guest-1', authorName: 'Aino', fit: 2 },
};

describe('private rounds', () => {
  it('start, reveal and log the round', () => {
    const on = value(startPrivateRound(defaultPrivateMode(), 'r1', true, 1_000));
    expect(on).toEqual({
      status: 'on',
      roundId: 'r1',
      startedAt: 1_000,
      anonymous: true,
      history: [],
    });
    const off = value(revealPrivateRound(on, 7, 61_000));
    expect(off).toEqual({
      status: 'off',
      history: [{ roundId: 'r1', startedAt: 1_000, revealedAt: 61_000, anonymous: true, count: 7 }],
    });
    expect(privateModeStateSchema.parse(off)).toEqual(off);
  });

  it('refuse a second start and a reveal with none on', () => {
    const on = value(startPrivateRound(defaultPrivateMode(), 'r1', false, 0));
    expect(code(startPrivateRound(on, 'r2', false, 1))).toBe('private.alreadyOn');
    expect(code(revealPrivateRound(defaultPrivateMode(), 0, 1))).toBe('private.off');
  });

  it('keeps only the latest rounds in the log', () => {
    let state: PrivateModeState = defaultPrivateMode();
    for (let i = 0; i < privateRoundHistoryMax + 5; i++) {
      state = value(startPrivateRound(state, `r${i}`, false, i));
      state = value(revealPrivateRound(state, 1, i));
    }
    expect(state.history).toHaveLength(privateRoundHistoryMax);
    expect(state.history.at(-1)?.roundId).toBe(`r${privateRoundHistoryMax + 4}`);
  });
});

describe('revealedRecord', () => {
  it('keeps the author of a named round', () => {
    expect(revealedRecord(note, false)).toEqual(note);
  });

  it('removes author id and name in an anonymous round, leaving the rest and the input alone', () => {
    const revealed = revealedRecord(note, true);
    expect(revealed.meta).toEqual({ fit: 2 });
    expect(revealed.props).toEqual(note.props);
    expect(JSON.stringify(revealed)).not.toMatch(/guest-1|Aino/);
    expect(note.meta).toEqual({ authorId: 'guest-1', authorName: 'Aino', fit: 2 });
  });

  it('leaves an anonymous note without an owner, so its guest author can no longer edit it', () => {
    const revealed = revealedRecord(note, true);
    expect(authorOf(revealed)).toBeUndefined();
    const edited = { ...revealed, props: { text: 'muutettu' } };
    const guest = { role: 'guest' as const, participantId: 'guest-1' };
    expect(refuseRecordEdit(guest, revealed, edited, () => undefined)).toBeDefined();
    const participant = { role: 'participant' as const, participantId: 'p-1' };
    expect(refuseRecordEdit(participant, revealed, edited, () => undefined)).toBeUndefined();
  });
});

describe('isPrivateContent', () => {
  it('keeps content private, never structure or templates', () => {
    expect(isPrivateContent({ typeName: 'shape', type: 'note' })).toBe(true);
    expect(isPrivateContent({ typeName: 'shape', type: 'image' })).toBe(true);
    expect(isPrivateContent({ typeName: 'asset', type: 'image' })).toBe(true);
    expect(isPrivateContent({ typeName: 'binding', type: 'arrow' })).toBe(true);
    expect(isPrivateContent({ typeName: 'shape', type: templateShapeType })).toBe(false);
    expect(isPrivateContent({ typeName: 'page' })).toBe(false);
    expect(isPrivateContent({ typeName: 'user' })).toBe(false);
    expect(isPrivateContent({ typeName: 42 })).toBe(false);
  });
});

describe('revealedRecords', () => {
  const board = (ids: string[], fallbackPageId: string | undefined = 'page:first') => ({
    has: (id: string) => ids.includes(id),
    fallbackPageId,
  });
  const shape = (id: string, parentId: string): StoredRecord => ({
    ...note,
    id,
    parentId,
  });
  const arrowBinding = (id: string, fromId: string, toId: string): StoredRecord => ({
    id,
    typeName: 'binding',
    type: 'arrow',
    fromId,
    toId,
    meta: {},
    props: {},
  });

  it('keeps parents that exist on either side and moves orphans to the first page', () => {
    const records = revealedRecords(
      [
        shape('shape:on-page', 'page:p'),
        shape('shape:frame', 'page:p'),
        shape('shape:in-frame', 'shape:frame'),
        shape('shape:in-template', 'shape:template'),
        shape('shape:orphan', 'shape:deleted'),
      ],
      false,
      board(['page:p', 'shape:template']),
    );
    expect(Object.fromEntries(records.map((r) => [r.id, r.parentId]))).toEqual({
      'shape:on-page': 'page:p',
      'shape:frame': 'page:p',
      'shape:in-frame': 'shape:frame',
      'shape:in-template': 'shape:template',
      'shape:orphan': 'page:first',
    });
  });

  it('leaves out bindings to nothing and anything that is not content', () => {
    const records = revealedRecords(
      [
        shape('shape:arrow', 'page:p'),
        arrowBinding('binding:ok', 'shape:arrow', 'shape:board-note'),
        arrowBinding('binding:dangling', 'shape:arrow', 'shape:deleted'),
        { id: 'page:sneaky', typeName: 'page', name: 'x', index: 'a0', meta: {} },
      ],
      true,
      board(['page:p', 'shape:board-note']),
    );
    expect(records.map((r) => r.id)).toEqual(['shape:arrow', 'binding:ok']);
    expect(records[0]?.meta).toEqual({ fit: 2 });
  });
});
