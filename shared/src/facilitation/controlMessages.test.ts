import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { MessageType } from '../protocol/messageTypes.js';
import { refusal } from '../protocol/refusals.js';
import {
  type ControlAction,
  type ControlActionType,
  controlActionRoles,
  controlActionTypes,
  controlFrameMaxBytes,
  decodeControlFrame,
  encodeControlFrame,
  parseControlRequest,
  refuseControlAction,
  refusedMessage,
  type ServerControlMessage,
  serverControlMessageSchema,
} from './controlMessages.js';
import type { VoteSessionConfig } from './voting.js';

const config: VoteSessionConfig = {
  votesPerPerson: 5,
  allowMultiplePerItem: true,
  anonymous: true,
  endsAt: null,
  scope: { kind: 'selection', itemIds: ['shape:a'] },
};

/** One valid example of every action. */
const examples: Record<ControlActionType, ControlAction> = {
  'time.sync': { type: 'time.sync', clientSent: 123.5 },
  'agenda.set': { type: 'agenda.set', phases: [{ id: 'p', title: { key: 'pilot' } }] },
  'agenda.addPhase': { type: 'agenda.addPhase', title: 'Lämmittely', index: 0, timeboxMs: 600_000 },
  'agenda.renamePhase': { type: 'agenda.renamePhase', phaseId: 'p', title: 'Kokeilu' },
  'agenda.movePhase': { type: 'agenda.movePhase', phaseId: 'p', toIndex: 2 },
  'agenda.removePhase': { type: 'agenda.removePhase', phaseId: 'p' },
  'agenda.setTimebox': { type: 'agenda.setTimebox', phaseId: 'p', timeboxMs: null },
  'agenda.setTemplate': { type: 'agenda.setTemplate', phaseId: 'p', templateId: 'journeyMap' },
  'agenda.setCurrent': { type: 'agenda.setCurrent', phaseId: null },
  'timer.start': { type: 'timer.start', fromPhase: 'p' },
  'timer.pause': { type: 'timer.pause' },
  'timer.resume': { type: 'timer.resume' },
  'timer.addTime': { type: 'timer.addTime', ms: 60_000 },
  'timer.stop': { type: 'timer.stop' },
  'vote.start': { type: 'vote.start', config },
  'vote.cast': { type: 'vote.cast', sessionId: 'v1', itemId: 'shape:a' },
  'vote.retract': { type: 'vote.retract', sessionId: 'v1', itemId: 'shape:a' },
  'vote.end': { type: 'vote.end', sessionId: 'v1' },
  'vote.reveal': { type: 'vote.reveal', sessionId: 'v1' },
  'private.start': { type: 'private.start', anonymous: false },
  'private.reveal': { type: 'private.reveal' },
  'summon.once': {
    type: 'summon.once',
    userId: 'user:abc',
    pageId: 'page:1',
    camera: { x: -10, y: 20.5, z: 1 },
  },
  'summon.follow': { type: 'summon.follow', userId: 'user:abc' },
  'summon.stop': { type: 'summon.stop', userId: 'user:abc' },
};

function parse(action: unknown, id: unknown = 7) {
  return parseControlRequest({ id, action });
}

function codeOf(action: unknown, id: unknown = 7): string | undefined {
  const result = parse(action, id);
  return result.ok ? undefined : result.refusal.code;
}

describe('control frames', () => {
  it('round-trip JSON behind the control message type', () => {
    const message = { id: 1, action: { type: 'timer.stop' }, text: 'Käyttöönotto ✓' };
    const frame = encodeControlFrame(message);
    expect(frame[0]).toBe(MessageType.control);
    expect(decodeControlFrame(frame)).toEqual({ ok: true, value: message });
  });

  it('refuse other frame types, trailing bytes, broken JSON, truncation and oversize', () => {
    const malformed = (bytes: Uint8Array) => {
      const result = decodeControlFrame(bytes);
      return result.ok ? undefined : result.refusal.code;
    };
    const sync = encoding.createEncoder();
    encoding.writeVarUint(sync, MessageType.sync);
    encoding.writeVarString(sync, '{}');
    expect(malformed(encoding.toUint8Array(sync))).toBe('control.malformed');

    const frame = encodeControlFrame({ a: 1 });
    expect(malformed(new Uint8Array([...frame, 0]))).toBe('control.malformed');
    expect(malformed(frame.subarray(0, frame.length - 2))).toBe('control.malformed');
    expect(malformed(new Uint8Array())).toBe('control.malformed');

    const notJson = encoding.createEncoder();
    encoding.writeVarUint(notJson, MessageType.control);
    encoding.writeVarString(notJson, '{nope');
    expect(malformed(encoding.toUint8Array(notJson))).toBe('control.malformed');

    expect(malformed(encodeControlFrame('x'.repeat(controlFrameMaxBytes)))).toBe(
      'control.malformed',
    );
  });
});

describe('control requests', () => {
  it('has an example of every action, and each round-trips through a frame', () => {
    expect(Object.keys(examples).sort()).toEqual([...controlActionTypes].sort());
    for (const action of Object.values(examples)) {
      const decoded = decodeControlFrame(encodeControlFrame({ id: 3, action }));
      expect(decoded.ok).toBe(true);
      const parsed = parseControlRequest(decoded.ok ? decoded.value : undefined);
      expect(parsed, action.type).toEqual({ ok: true, value: { id: 3, action } });
    }
  });

  it('tells an unknown action from a malformed one, keeping the id', () => {
    expect(parse({ type: 'timer.explode' })).toMatchObject({
      ok: false,
      id: 7,
      refusal: { code: 'control.unknownAction' },
    });
    expect(parse({ type: 'timer.addTime', ms: 'lots' })).toMatchObject({
      ok: false,
      id: 7,
      refusal: { code: 'control.malformed' },
    });
    expect(parseControlRequest('hello')).toMatchObject({
      id: null,
      refusal: { code: 'control.malformed' },
    });
    expect(parse({ type: 'timer.stop' }, -1)).toMatchObject({ id: null });
    expect(parse({ type: 'timer.stop' }, 1.5)).toMatchObject({ id: null });
  });

  it('rejects extra keys, on the request and on the action', () => {
    expect(parseControlRequest({ id: 1, action: { type: 'timer.stop' }, extra: 1 }).ok).toBe(false);
    expect(codeOf({ type: 'timer.stop', force: true })).toBe('control.malformed');
    expect(codeOf({ ...examples['vote.start'], config: { ...config, weight: 2 } })).toBe(
      'control.malformed',
    );
  });

  it('rejects out-of-range numbers', () => {
    expect(codeOf({ type: 'timer.start', durationMs: 999 })).toBe('control.malformed');
    expect(codeOf({ type: 'timer.start', durationMs: 24 * 3_600_000 + 1 })).toBe(
      'control.malformed',
    );
    expect(codeOf({ type: 'timer.addTime', ms: 0 })).toBe('control.malformed');
    expect(codeOf({ type: 'timer.addTime', ms: 1.5 })).toBe('control.malformed');
    expect(codeOf({ type: 'agenda.setTimebox', phaseId: 'p', timeboxMs: 59_999 })).toBe(
      'control.malformed',
    );
    expect(codeOf({ type: 'agenda.movePhase', phaseId: 'p', toIndex: -1 })).toBe(
      'control.malformed',
    );
    expect(codeOf({ type: 'vote.start', config: { ...config, votesPerPerson: 100 } })).toBe(
      'control.malformed',
    );
    expect(codeOf({ type: 'vote.start', config: { ...config, votesPerPerson: 0 } })).toBe(
      'control.malformed',
    );
    expect(codeOf({ type: 'time.sync', clientSent: -1 })).toBe('control.malformed');
    expect(codeOf({ type: 'summon.once', userId: 'u', camera: { x: 0, y: 0, z: 0 } })).toBe(
      'control.malformed',
    );
  });

  it('rejects oversize and control-character strings', () => {
    const long = 'x'.repeat(201);
    expect(codeOf({ type: 'vote.cast', sessionId: 'v1', itemId: long })).toBe('control.malformed');
    expect(codeOf({ type: 'vote.cast', sessionId: long, itemId: 'a' })).toBe('control.malformed');
    expect(codeOf({ type: 'vote.cast', sessionId: 'v1', itemId: 'a\nb' })).toBe(
      'control.malformed',
    );
    expect(codeOf({ type: 'agenda.renamePhase', phaseId: 'p', title: 'x'.repeat(1_001) })).toBe(
      'control.malformed',
    );
    expect(codeOf({ type: 'summon.follow', userId: long })).toBe('control.malformed');
  });

  it('wants exactly one of durationMs and fromPhase to start the timer', () => {
    expect(codeOf({ type: 'timer.start' })).toBe('control.malformed');
    expect(codeOf({ type: 'timer.start', durationMs: 60_000, fromPhase: 'p' })).toBe(
      'control.malformed',
    );
    expect(codeOf({ type: 'timer.start', durationMs: 60_000, label: 'Ideointi' })).toBeUndefined();
  });
});

describe('refuseControlAction', () => {
  const facilitatorActions = controlActionTypes.filter(
    (type) => !['time.sync', 'vote.cast', 'vote.retract'].includes(type),
  );

  it('lets a facilitator and a legacy open room do everything', () => {
    for (const action of Object.values(examples)) {
      expect(refuseControlAction('facilitator', action)).toBeUndefined();
      expect(refuseControlAction(undefined, action)).toBeUndefined();
    }
  });

  it('lets participants and guests vote and sync the clock, nothing else', () => {
    for (const role of ['participant', 'guest'] as const) {
      expect(refuseControlAction(role, examples['vote.cast'])).toBeUndefined();
      expect(refuseControlAction(role, examples['vote.retract'])).toBeUndefined();
      expect(refuseControlAction(role, examples['time.sync'])).toBeUndefined();
      for (const type of facilitatorActions) {
        expect(refuseControlAction(role, examples[type])?.code, `${role} ${type}`).toBe(
          'control.facilitatorOnly',
        );
      }
    }
  });

  it('lets a viewer only sync the clock', () => {
    expect(refuseControlAction('viewer', examples['time.sync'])).toBeUndefined();
    for (const type of controlActionTypes.filter((t) => t !== 'time.sync')) {
      expect(refuseControlAction('viewer', examples[type])?.code).toBe('control.viewerReadOnly');
    }
    expect(controlActionRoles['time.sync']).toContain('viewer');
  });
});

describe('server control messages', () => {
  const messages: ServerControlMessage[] = [
    { type: 'hello', version: 1, serverTime: 1_700_000_000_000, role: 'guest' },
    { type: 'hello', version: 1, serverTime: 0, role: null },
    { type: 'ack', id: 4 },
    { type: 'refused', id: null, code: 'control.malformed' },
    { type: 'refused', id: 2, code: 'vote.limit', params: { votesPerPerson: 3 } },
    { type: 'time', id: 5, clientSent: 12.25, serverTime: 99 },
    { type: 'ballot', sessionId: 'v1', votes: ['shape:a', 'shape:a'], remaining: 1 },
    { type: 'voteProgress', sessionId: 'v1', voters: 4, finished: 2 },
    {
      type: 'summon',
      mode: 'follow',
      userId: 'user:f',
      pageId: 'page:1',
      camera: { x: 0, y: 0, z: 2 },
    },
    { type: 'summon', mode: 'stop', userId: 'user:f' },
  ];

  it('round-trip through a frame', () => {
    for (const message of messages) {
      const decoded = decodeControlFrame(encodeControlFrame(message));
      expect(serverControlMessageSchema.parse(decoded.ok ? decoded.value : undefined)).toEqual(
        message,
      );
    }
  });

  it('reject unknown types, extra keys and bad numbers', () => {
    expect(serverControlMessageSchema.safeParse({ type: 'welcome' }).success).toBe(false);
    expect(serverControlMessageSchema.safeParse({ type: 'ack', id: 1, x: 1 }).success).toBe(false);
    expect(
      serverControlMessageSchema.safeParse({
        type: 'ballot',
        sessionId: 'v',
        votes: [],
        remaining: -1,
      }).success,
    ).toBe(false);
    expect(
      serverControlMessageSchema.safeParse({ type: 'refused', id: 1, code: 'not a code' }).success,
    ).toBe(false);
  });

  it('send a refusal without its English reason', () => {
    const message = refusedMessage(
      9,
      refusal('vote.limit', 'no votes left', { votesPerPerson: 3 }),
    );
    expect(message).toEqual({
      type: 'refused',
      id: 9,
      code: 'vote.limit',
      params: { votesPerPerson: 3 },
    });
    expect(serverControlMessageSchema.parse(message)).toEqual(message);
    expect(
      JSON.stringify(refusedMessage(null, refusal('private.off', 'private mode is off'))),
    ).not.toContain('private mode');
  });
});
