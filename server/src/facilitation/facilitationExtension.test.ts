import {
  CloseCode,
  type ControlAction,
  controlActionTypes,
  facilitationMapName,
  type RoomRole,
  readFacilitationState,
  type StoredRecord,
  type VoteSessionConfig,
} from '@kohtaamo/shared';
import { journeyMapRecord, noteRecord, writeRecord } from '@kohtaamo/shared/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryDocumentStore } from '../persistence/MemoryDocumentStore.js';
import { Room } from '../room/Room.js';
import { ManualTimers } from '../testing/ManualTimers.js';
import { clientMessage } from '../testing/messages.js';
import { TestClient } from '../testing/TestClient.js';
import { createTestLogger } from '../testing/testLogger.js';
import { ballotDocumentId } from './BallotBox.js';
import { facilitationExtension } from './facilitationExtension.js';

const roomId = 'workshop';
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface Setup {
  room: Room;
  readonly timers: ManualTimers;
  readonly store: MemoryDocumentStore;
  clock: number;
}

function setup(store = new MemoryDocumentStore(), clock = 1_000_000): Setup {
  const timers = new ManualTimers();
  let ids = 0;
  const state: Setup = {
    room: undefined as unknown as Room,
    timers,
    store,
    clock,
  };
  state.room = new Room({
    roomId,
    store,
    logger: createTestLogger(),
    timers,
    limits: { compactAfterUpdates: 1000, compactAfterBytes: 1 << 20, maxBufferedBytes: 1 << 20 },
    extensions: [facilitationExtension({ newId: () => `id-${++ids}` })],
    clock: () => state.clock,
  });
  cleanups.push(() => {
    if (state.room.state === 'ready') state.room.closeConnections(CloseCode.goingAway, 'over');
  });
  return state;
}

interface Person {
  readonly client: TestClient;
  /** Sends a request and returns the answer to it (after the room's writes); `received` still lists it. */
  request(action: ControlAction | Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Control messages received since the last call. */
  received(): Record<string, unknown>[];
}

let nextRequestId = 1;

async function join(
  s: Setup,
  role: RoomRole | undefined,
  participantId: string | undefined,
  readsControl = true,
): Promise<Person> {
  await s.room.loaded;
  const client = new TestClient();
  cleanups.push(() => client.destroy());
  client.socket.role = role;
  client.socket.participantId = participantId;
  client.socket.readsControl = readsControl;
  client.handshake(s.room);
  await s.timers.runDeferred();
  client.drain();
  let read = 0;
  const received = () => {
    client.drain();
    const fresh = client.controls.slice(read) as Record<string, unknown>[];
    read = client.controls.length;
    return fresh;
  };
  return {
    client,
    received,
    async request(action) {
      const id = nextRequestId++;
      s.room.receive(client.socket, clientMessage.control({ id, action }));
      await s.timers.runDeferred();
      client.drain();
      const answer = (client.controls as Record<string, unknown>[]).find((m) => m.id === id);
      if (answer === undefined) throw new Error(`no answer to ${JSON.stringify(action)}`);
      return answer;
    },
  };
}

function publicState(person: Person) {
  person.client.drain();
  return readFacilitationState(person.client.doc.getMap(facilitationMapName).entries());
}

/** Puts records on the board through a facilitator's client, as the binding would. */
async function addRecords(s: Setup, author: Person, records: StoredRecord[]): Promise<void> {
  const captured: Uint8Array[] = [];
  const capture = (update: Uint8Array) => captured.push(update);
  author.client.doc.on('update', capture);
  for (const record of records) writeRecord(author.client.doc, null, record);
  author.client.doc.off('update', capture);
  for (const update of captured) s.room.receive(author.client.socket, clientMessage.update(update));
  await s.timers.runDeferred();
}

function addNotes(s: Setup, author: Person, ids: string[]): Promise<void> {
  return addRecords(
    s,
    author,
    ids.map((id) => noteRecord(id, 'author')),
  );
}

const selectionVote = (itemIds: string[], extra: Partial<VoteSessionConfig> = {}) => ({
  type: 'vote.start' as const,
  config: {
    votesPerPerson: 3,
    allowMultiplePerItem: false,
    anonymous: true,
    endsAt: null,
    scope: { kind: 'selection' as const, itemIds },
    ...extra,
  },
});

describe('facilitation: the control channel', () => {
  it('greets clients that read control frames and never sends one to a stock client', async () => {
    const s = setup();
    const facilitator = await join(s, 'facilitator', 'fac');
    const stock = await join(s, 'participant', 'stock', false);
    expect(facilitator.received()).toEqual([
      { type: 'hello', version: 1, serverTime: s.clock, role: 'facilitator' },
    ]);
    await facilitator.request({ type: 'timer.start', durationMs: 60_000 });
    await facilitator.request({ type: 'summon.once', userId: 'user:fac' });
    stock.client.drain();
    expect(stock.client.controls).toEqual([]);
    expect(stock.client.socket.closed).toBeUndefined();
  });

  it('answers the clock, refuses malformed and unknown requests, and keeps the sender connected', async () => {
    const s = setup();
    const guest = await join(s, 'guest', 'g1');
    guest.received();
    expect(await guest.request({ type: 'time.sync', clientSent: 5 })).toMatchObject({
      type: 'time',
      clientSent: 5,
      serverTime: s.clock,
    });
    expect(await guest.request({ type: 'timer.start', durationMs: -1 })).toMatchObject({
      type: 'refused',
      code: 'control.malformed',
    });
    expect(await guest.request({ type: 'confetti.rain' })).toMatchObject({
      type: 'refused',
      code: 'control.unknownAction',
    });
    guest.received();
    s.room.receive(guest.client.socket, new Uint8Array([100, 3, 0x7b, 0x7b, 0x7b]));
    await s.timers.runDeferred();
    expect(guest.received()).toEqual([{ type: 'refused', id: null, code: 'control.malformed' }]);
    expect(guest.client.socket.closed).toBeUndefined();
  });

  it('refuses every facilitator-only action from a participant, a guest and a viewer, changing nothing', async () => {
    const s = setup();
    const facilitator = await join(s, 'facilitator', 'fac');
    await addNotes(s, facilitator, ['shape:a']);
    await facilitator.request(selectionVote(['shape:a']));
    const before = JSON.stringify(publicState(facilitator));
    const sessionId = publicState(facilitator).voteSessions[0]?.id ?? '';
    const attempts: ControlAction[] = [
      { type: 'agenda.set', phases: [] },
      { type: 'agenda.addPhase', title: 'Mine' },
      { type: 'agenda.renamePhase', phaseId: 'x', title: 'y' },
      { type: 'agenda.movePhase', phaseId: 'x', toIndex: 0 },
      { type: 'agenda.removePhase', phaseId: 'x' },
      { type: 'agenda.setTimebox', phaseId: 'x', timeboxMs: null },
      { type: 'agenda.setTemplate', phaseId: 'x', templateId: null },
      { type: 'agenda.setCurrent', phaseId: null },
      { type: 'timer.start', durationMs: 60_000 },
      { type: 'timer.pause' },
      { type: 'timer.resume' },
      { type: 'timer.addTime', ms: 60_000 },
      { type: 'timer.stop' },
      selectionVote(['shape:a']),
      { type: 'vote.end', sessionId },
      { type: 'vote.reveal', sessionId },
      { type: 'private.start', anonymous: false },
      { type: 'private.reveal' },
      { type: 'summon.once', userId: 'user:x' },
      { type: 'summon.follow', userId: 'user:x' },
      { type: 'summon.stop', userId: 'user:x' },
    ];
    const facilitatorOnly = controlActionTypes.filter(
      (type) => !['time.sync', 'vote.cast', 'vote.retract'].includes(type),
    );
    expect(new Set(attempts.map((a) => a.type))).toEqual(new Set(facilitatorOnly));
    for (const role of ['participant', 'guest', 'viewer'] as const) {
      const person = await join(s, role, `${role}-1`);
      for (const action of attempts) {
        const answer = await person.request(action);
        expect(answer, `${role} ${action.type}`).toMatchObject({
          type: 'refused',
          code: role === 'viewer' ? 'control.viewerReadOnly' : 'control.facilitatorOnly',
        });
      }
      expect(person.client.socket.closed).toBeUndefined();
    }
    expect(JSON.stringify(publicState(facilitator))).toBe(before);
  });
});

describe('facilitation: agenda and timer', () => {
  it('keeps the agenda and the timer in the board, in server time', async () => {
    const s = setup();
    const facilitator = await join(s, 'facilitator', 'fac');
    const participant = await join(s, 'participant', 'p1');
    const agenda = publicState(participant).agenda;
    expect(agenda.phases.map((p) => ('key' in p.title ? p.title.key : p.title.text))).toEqual([
      'currentState',
      'customerNeeds',
      'conceptDesign',
      'pilot',
      'rollOut',
    ]);
    const needs = agenda.phases[1]?.id ?? '';
    expect(await facilitator.request({ type: 'agenda.setCurrent', phaseId: needs })).toEqual({
      type: 'ack',
      id: expect.any(Number),
    });
    expect(
      await facilitator.request({ type: 'agenda.setTimebox', phaseId: needs, timeboxMs: 600_000 }),
    ).toMatchObject({ type: 'ack' });
    expect(await facilitator.request({ type: 'timer.start', fromPhase: needs })).toMatchObject({
      type: 'ack',
    });
    let state = publicState(participant);
    expect(state.agenda.currentPhaseId).toBe(needs);
    expect(state.timer).toMatchObject({ status: 'running', endsAt: s.clock + 600_000 });

    s.clock += 100_000;
    await facilitator.request({ type: 'timer.pause' });
    await facilitator.request({ type: 'timer.addTime', ms: 60_000 });
    state = publicState(participant);
    expect(state.timer).toMatchObject({ status: 'paused', remainingMs: 560_000 });
    s.clock += 5_000;
    await facilitator.request({ type: 'timer.resume' });
    expect(publicState(participant).timer).toMatchObject({ endsAt: s.clock + 560_000 });
    expect(await facilitator.request({ type: 'timer.stop' })).toMatchObject({ type: 'ack' });
    expect(await facilitator.request({ type: 'timer.pause' })).toMatchObject({
      type: 'refused',
      code: 'timer.idle',
    });
    expect(
      await facilitator.request({ type: 'agenda.addPhase', title: '  Retro  ', index: 0 }),
    ).toMatchObject({ type: 'ack' });
    expect(publicState(participant).agenda.phases[0]).toMatchObject({
      id: 'id-1',
      title: { text: 'Retro' },
    });
  });

  it('shows the right remaining time after a restart', async () => {
    const store = new MemoryDocumentStore();
    const first = setup(store);
    const facilitator = await join(first, 'facilitator', 'fac');
    await facilitator.request({ type: 'timer.start', durationMs: 300_000 });
    first.room.closeConnections(CloseCode.goingAway, 'restart');
    expect(await first.room.unload()).toBe(true);

    const second = setup(store, first.clock + 120_000);
    const late = await join(second, 'guest', 'g');
    expect(publicState(late).timer).toMatchObject({
      status: 'running',
      endsAt: first.clock + 300_000,
    });
  });
});

describe('facilitation: dot voting', () => {
  it('counts nothing in public while running, splits results by group on reveal, and forgets anonymous voters', async () => {
    const s = setup();
    const facilitator = await join(s, 'facilitator', 'fac');
    await addNotes(s, facilitator, ['shape:a', 'shape:b', 'shape:c', 'shape:d']);
    const team = await join(s, 'participant', 'team-1');
    const customer = await join(s, 'guest', 'customer-1');
    await facilitator.request(selectionVote(['shape:a', 'shape:b', 'shape:c']));
    const sessionId = publicState(team).voteSessions[0]?.id ?? '';
    expect(team.received()).toContainEqual({
      type: 'ballot',
      sessionId,
      votes: [],
      remaining: 3,
    });

    for (const item of ['shape:a', 'shape:b', 'shape:c']) {
      expect(await team.request({ type: 'vote.cast', sessionId, itemId: item })).toMatchObject({
        type: 'ack',
      });
    }
    expect(await team.request({ type: 'vote.cast', sessionId, itemId: 'shape:a' })).toMatchObject({
      type: 'refused',
      code: 'vote.limit',
      params: { votesPerPerson: 3 },
    });
    expect(
      await customer.request({ type: 'vote.cast', sessionId, itemId: 'shape:d' }),
    ).toMatchObject({ type: 'refused', code: 'vote.unknownItem' });
    expect(
      await customer.request({ type: 'vote.cast', sessionId, itemId: 'shape:zzz' }),
    ).toMatchObject({ type: 'refused', code: 'vote.unknownItem' });
    await customer.request({ type: 'vote.cast', sessionId, itemId: 'shape:c' });
    expect(
      await customer.request({ type: 'vote.cast', sessionId, itemId: 'shape:c' }),
    ).toMatchObject({ type: 'refused', code: 'vote.oneVotePerItem' });
    await customer.request({ type: 'vote.cast', sessionId, itemId: 'shape:b' });
    await customer.request({ type: 'vote.retract', sessionId, itemId: 'shape:b' });
    expect(
      customer
        .received()
        .filter((m) => m.type === 'ballot')
        .at(-1),
    ).toEqual({
      type: 'ballot',
      sessionId,
      votes: ['shape:c'],
      remaining: 2,
    });
    // Each voter hears only their own ballot; the facilitator only how many have voted.
    expect(team.received().some((m) => m.type === 'voteProgress')).toBe(false);
    expect(
      facilitator
        .received()
        .filter((m) => m.type === 'voteProgress')
        .at(-1),
    ).toEqual({
      type: 'voteProgress',
      sessionId,
      voters: 2,
      finished: 1,
    });
    expect(JSON.stringify(publicState(team).voteSessions)).not.toMatch(/team-1|customer-1|total/);

    expect(await facilitator.request({ type: 'vote.reveal', sessionId })).toMatchObject({
      type: 'ack',
    });
    const revealed = publicState(team).voteSessions[0];
    expect(revealed?.status).toBe('revealed');
    expect(revealed?.results?.items).toEqual([
      { itemId: 'shape:c', rank: 1, total: 2, team: 1, customers: 1 },
      { itemId: 'shape:a', rank: 2, total: 1, team: 1, customers: 0 },
      { itemId: 'shape:b', rank: 2, total: 1, team: 1, customers: 0 },
    ]);
    expect(revealed?.results?.voterCounts).toEqual({ team: 1, customers: 1 });
    expect(await team.request({ type: 'vote.cast', sessionId, itemId: 'shape:a' })).toMatchObject({
      type: 'refused',
      code: 'vote.ended',
    });
    await s.room.flush();
    const docs = [roomId, ballotDocumentId(roomId)];
    for (const id of docs) {
      // The stored bytes, not the document's JSON: a deleted key would not show in the JSON.
      const stored = (await s.store.load(id)).updates;
      const bytes = stored.map((update) => Buffer.from(update).toString('latin1')).join('\n');
      expect(bytes, id).not.toMatch(/team-1|customer-1/);
    }
  });

  it('names voters in a named session, and keeps ballots across a restart', async () => {
    const store = new MemoryDocumentStore();
    const first = setup(store);
    const facilitator = await join(first, 'facilitator', 'fac');
    await addNotes(first, facilitator, ['shape:a', 'shape:b']);
    await facilitator.request(
      selectionVote(['shape:a', 'shape:b'], { anonymous: false, allowMultiplePerItem: true }),
    );
    const sessionId = publicState(facilitator).voteSessions[0]?.id ?? '';
    const voter = await join(first, 'participant', 'p1');
    await voter.request({ type: 'vote.cast', sessionId, itemId: 'shape:a' });
    await voter.request({ type: 'vote.cast', sessionId, itemId: 'shape:b' });
    first.room.closeConnections(CloseCode.goingAway, 'restart');
    expect(await first.room.unload()).toBe(true);

    const second = setup(store);
    const back = await join(second, 'participant', 'p1');
    expect(back.received()).toContainEqual({
      type: 'ballot',
      sessionId,
      votes: ['shape:a', 'shape:b'],
      remaining: 1,
    });
    await back.request({ type: 'vote.cast', sessionId, itemId: 'shape:a' });
    expect(await back.request({ type: 'vote.cast', sessionId, itemId: 'shape:b' })).toMatchObject({
      type: 'refused',
      code: 'vote.limit',
    });
    const host = await join(second, 'facilitator', 'fac');
    await host.request({ type: 'vote.reveal', sessionId });
    expect(publicState(host).voteSessions[0]?.results?.items).toEqual([
      { itemId: 'shape:a', rank: 1, total: 2, team: 2, customers: 0, voters: ['?'] },
      { itemId: 'shape:b', rank: 2, total: 1, team: 1, customers: 0, voters: ['?'] },
    ]);
  });

  // Regression: the template scope took a template definition id, so a template's shape id was refused.
  it('lets people vote on the notes inside a template, and only those', async () => {
    const s = setup();
    const facilitator = await join(s, 'facilitator', 'fac');
    await addRecords(s, facilitator, [
      journeyMapRecord('shape:map', false),
      { ...noteRecord('shape:inside', 'author'), parentId: 'shape:map' },
      noteRecord('shape:outside', 'author'),
    ]);
    const start = await facilitator.request({
      type: 'vote.start',
      config: { ...selectionVote([]).config, scope: { kind: 'template', templateId: 'shape:map' } },
    });
    expect(start).toMatchObject({ type: 'ack' });
    const sessionId = publicState(facilitator).voteSessions[0]?.id ?? '';
    const guest = await join(s, 'guest', 'g1');
    expect(
      await guest.request({ type: 'vote.cast', sessionId, itemId: 'shape:inside' }),
    ).toMatchObject({ type: 'ack' });
    expect(
      await guest.request({ type: 'vote.cast', sessionId, itemId: 'shape:outside' }),
    ).toMatchObject({ type: 'refused', code: 'vote.unknownItem' });
    expect(
      await facilitator.request({
        type: 'vote.start',
        config: {
          ...selectionVote([]).config,
          scope: { kind: 'template', templateId: 'shape:none' },
        },
      }),
    ).toMatchObject({ type: 'refused', code: 'vote.unknownItem' });
  });

  it('ends a time-limited session when its time is up', async () => {
    const s = setup();
    const facilitator = await join(s, 'facilitator', 'fac');
    await addNotes(s, facilitator, ['shape:a']);
    await facilitator.request(selectionVote(['shape:a'], { endsAt: s.clock + 30_000 }));
    const sessionId = publicState(facilitator).voteSessions[0]?.id ?? '';
    s.clock += 30_000;
    await s.timers.advance(30_000);
    expect(publicState(facilitator).voteSessions[0]).toMatchObject({
      id: sessionId,
      status: 'ended',
      endedAt: s.clock,
    });
  });
});

describe('facilitation: summon and follow', () => {
  it('sends the facilitator’s view to everyone else and keeps "follow me" for late joiners', async () => {
    const s = setup();
    const facilitator = await join(s, 'facilitator', 'fac');
    const participant = await join(s, 'participant', 'p1');
    facilitator.received();
    participant.received();
    const view = { userId: 'user:fac', pageId: 'page:1', camera: { x: 10, y: 20, z: 1 } };
    await facilitator.request({ type: 'summon.once', ...view });
    expect(participant.received()).toEqual([{ type: 'summon', mode: 'once', ...view }]);
    expect(facilitator.received().some((m) => m.type === 'summon')).toBe(false);

    await facilitator.request({ type: 'summon.follow', ...view });
    expect(participant.received()).toEqual([{ type: 'summon', mode: 'follow', ...view }]);
    const late = await join(s, 'guest', 'g1');
    expect(publicState(late).follow).toMatchObject({ status: 'on', userId: 'user:fac' });
    await facilitator.request({ type: 'summon.stop', userId: 'user:fac' });
    expect(publicState(late).follow).toEqual({ status: 'off' });
  });
});
