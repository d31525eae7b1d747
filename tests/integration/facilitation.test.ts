import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  CloseCode,
  type ControlAction,
  controlActionRoles,
  controlActionTypes,
  documentScopeParam,
  type FacilitationState,
  facilitationMapName,
  MessageType,
  participantIdFromKey,
  participantKeyFromBytes,
  privateDocumentScope,
  type RoomRole,
  readFacilitationState,
  readRecords,
  type VoteSessionConfig,
} from '@kohtaamo/shared';
import { noteRecord, recordIn, writeRecord } from '@kohtaamo/shared/testing';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  boardQuery,
  type ControlClient,
  connectControl,
  controlFrameOfText,
} from '../helpers/controlClient.js';
import { createRoom, linkToken } from '../helpers/rooms.js';
import { type RunningServer, repoRoot, useRestartableServers } from '../helpers/server.js';
import {
  createClientTracker,
  expectUpgradeRefused,
  waitUntil,
  withTimeout,
} from '../helpers/yjsClients.js';

/**
 * The facilitator toolkit from outside: a real server process, clients on
 * real sockets (raw y-websocket clients that announce `?ctl=1`, the stock
 * `WebsocketProvider` that does not), rooms made through `POST /api/rooms`.
 * What the unit test of the extension shows with fake sockets must hold
 * through the HTTP upgrade, the role tokens, SQLite and a kill -9.
 */

const env = { TOKEN_SECRET: 'integration-secret-of-at-least-32-bytes!' };

interface Person {
  readonly key: string;
  readonly id: string;
}

function person(): Person {
  const key = participantKeyFromBytes(randomBytes(32));
  return { key, id: participantIdFromKey(key) };
}

function facilitationOf(doc: Y.Doc): FacilitationState {
  return readFacilitationState(doc.getMap(facilitationMapName).entries());
}

/** The map as JSON text, to compare before and after. */
function facilitationJson(doc: Y.Doc): string {
  return JSON.stringify(doc.getMap(facilitationMapName).toJSON());
}

function selectionVote(itemIds: string[], extra: Partial<VoteSessionConfig> = {}): ControlAction {
  return {
    type: 'vote.start',
    config: {
      votesPerPerson: 2,
      allowMultiplePerItem: false,
      anonymous: true,
      endsAt: null,
      scope: { kind: 'selection', itemIds },
      ...extra,
    },
  };
}

/** Whether `frame` holds `text` anywhere in its bytes (ids are ASCII, so UTF-8 text and JSON both show it). */
function holds(frame: Uint8Array, text: string): boolean {
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).includes(text, 0, 'utf8');
}

/** The part of better-sqlite3 this test uses. */
interface ReadOnlyDatabase {
  prepare(sql: string): { pluck(): { all(): Uint8Array[] } };
  close(): void;
}

/**
 * Every stored document row (snapshots and log entries of every document)
 * in the server's database, read with the server's own SQLite driver.
 */
function storedRows(dataDir: string): Uint8Array[] {
  const requireFromServer = createRequire(join(repoRoot, 'server', 'package.json'));
  const Database = requireFromServer('better-sqlite3') as new (
    file: string,
    options: { readonly: boolean },
  ) => ReadOnlyDatabase;
  const db = new Database(join(dataDir, 'kohtaamo.db'), { readonly: true });
  try {
    return db
      .prepare('select data from room_snapshots union all select data from room_log')
      .pluck()
      .all();
  } finally {
    db.close();
  }
}

/** A stock provider whose socket records every frame it receives, from the first one on. */
interface RecordedProvider {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** Every message the provider's sockets received; `binary` false for a text frame. */
  readonly frames: { readonly binary: boolean; readonly bytes: Uint8Array }[];
  /** How many sockets the provider opened (1 unless it had to reconnect). */
  sockets(): number;
  /** Server- or network-initiated closes. */
  readonly closes: number[];
  destroy(): void;
}

function recordedProvider(
  server: RunningServer,
  roomId: string,
  params: Record<string, string>,
): RecordedProvider {
  const frames: { binary: boolean; bytes: Uint8Array }[] = [];
  let sockets = 0;
  class RecordingWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      sockets += 1;
      this.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
        const bytes = Array.isArray(data)
          ? new Uint8Array(Buffer.concat(data))
          : new Uint8Array(data instanceof ArrayBuffer ? data : Uint8Array.from(data));
        frames.push({ binary: isBinary, bytes });
      });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.wsUrl, roomId, doc, {
    WebSocketPolyfill: RecordingWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params,
  });
  const closes: number[] = [];
  provider.on('connection-close', (event) => {
    if (event !== null) closes.push(event.code);
  });
  provider.on('connection-error', () => {});
  return {
    doc,
    provider,
    frames,
    sockets: () => sockets,
    closes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

describe('facilitation over real sockets', () => {
  const clients = createClientTracker();
  const providers: RecordedProvider[] = [];
  const { start } = useRestartableServers(() => {
    for (const provider of providers.splice(0)) provider.destroy();
    clients.closeAll();
  });

  /** A server, a room made through the API, and a facilitator on the control channel. */
  async function workshop() {
    const server = await start({ env });
    const room = await createRoom(server.url, 'Fasilitointi');
    const token = (role: RoomRole) => linkToken(room.links[role]);
    const host = person();
    const connect = (role: RoomRole, who: Person | undefined = person()) =>
      connectControl(clients, server.wsUrl, room.roomId, { token: token(role), key: who?.key });
    const facilitator = await connect('facilitator', host);
    /** A raw client that did not announce `?ctl=1`. */
    const plain = async (role: RoomRole, who: Person | undefined = person()) => {
      const raw = clients.raw(
        `${server.wsUrl}/${room.roomId}${boardQuery({ token: token(role), key: who?.key, control: false })}`,
      );
      await withTimeout(raw.synced, 10_000, `plain ${role} did not sync`);
      return raw;
    };
    const stock = async (role: RoomRole, who: Person = person()) => {
      const recorded = recordedProvider(server, room.roomId, { t: token(role), k: who.key });
      providers.push(recorded);
      await withTimeout(
        new Promise<void>((resolve) => {
          if (recorded.provider.synced) resolve();
          recorded.provider.on('sync', (synced: boolean) => synced && resolve());
        }),
        10_000,
        'stock provider did not sync',
      );
      return recorded;
    };
    /** Puts notes by the facilitator on the board; resolves once the server has them. */
    const addNotes = async (ids: string[], seenBy: Y.Doc) => {
      for (const id of ids) writeRecord(facilitator.raw.doc, null, noteRecord(id, host.id));
      // The server broadcasts only what it has stored, so another client's copy means stored.
      await waitUntil(() => ids.every((id) => recordIn(seenBy, id) !== undefined), {
        message: `notes ${ids.join(', ')} did not arrive`,
      });
    };
    return { server, room, token, host, facilitator, connect, plain, stock, addNotes };
  }

  async function acked(client: ControlClient, action: ControlAction): Promise<void> {
    expect(await client.request(action), action.type).toEqual({
      type: 'ack',
      id: expect.any(Number),
    });
  }

  it('refuses every facilitator-only action from a participant, a guest and a viewer, changing nothing, and carries out the facilitator’s', async () => {
    const { facilitator, connect, plain, addNotes, host } = await workshop();
    const witness = await plain('viewer');
    await addNotes(['shape:a'], witness.doc);
    await acked(facilitator, { type: 'agenda.addPhase', title: 'Retro' });
    await acked(facilitator, selectionVote(['shape:a']));
    await waitUntil(() => facilitationOf(facilitator.raw.doc).voteSessions.length === 1);
    const state = facilitationOf(facilitator.raw.doc);
    const phaseId = state.agenda.phases.find(
      (phase) => 'text' in phase.title && phase.title.text === 'Retro',
    )?.id;
    const sessionId = state.voteSessions[0]?.id;
    if (phaseId === undefined || sessionId === undefined) throw new Error('setup failed');
    const view = { userId: `user:${host.id}`, pageId: 'page:page', camera: { x: 1, y: 2, z: 1 } };
    // Each would change the board if allowed; in this order the facilitator's are all valid.
    const attempts: ControlAction[] = [
      { type: 'agenda.set', phases: [...state.agenda.phases].reverse() },
      { type: 'agenda.addPhase', title: 'Extra', index: 0 },
      { type: 'agenda.renamePhase', phaseId, title: 'Retro 2' },
      { type: 'agenda.movePhase', phaseId, toIndex: 0 },
      { type: 'agenda.setTimebox', phaseId, timeboxMs: 300_000 },
      { type: 'agenda.setTemplate', phaseId, templateId: null },
      { type: 'agenda.setCurrent', phaseId },
      { type: 'timer.start', fromPhase: phaseId },
      { type: 'timer.pause' },
      { type: 'timer.resume' },
      { type: 'timer.addTime', ms: 60_000 },
      { type: 'timer.stop' },
      { type: 'vote.end', sessionId },
      { type: 'vote.reveal', sessionId },
      selectionVote(['shape:a']),
      { type: 'private.start', anonymous: false },
      { type: 'private.reveal' },
      { type: 'summon.once', ...view },
      { type: 'summon.follow', ...view },
      { type: 'summon.stop', ...view },
      { type: 'agenda.removePhase', phaseId },
    ];
    const facilitatorOnly = controlActionTypes.filter((type) =>
      controlActionRoles[type].every((role) => role === 'facilitator'),
    );
    // A new facilitator-only action must be added here, or this fails.
    expect(attempts.map((action) => action.type).sort()).toEqual([...facilitatorOnly].sort());

    const before = facilitationJson(facilitator.raw.doc);
    const others: ControlClient[] = [];
    for (const role of ['participant', 'guest', 'viewer'] as const) {
      const other = await connect(role);
      others.push(other);
      const code = role === 'viewer' ? 'control.viewerReadOnly' : 'control.facilitatorOnly';
      for (const action of attempts) {
        expect(await other.request(action), `${role} ${action.type}`).toEqual({
          type: 'refused',
          id: expect.any(Number),
          code,
        });
      }
      expect(other.messagesOf('ack')).toEqual([]);
    }
    for (const other of others) expect(other.raw.isOpen()).toBe(true);
    expect(facilitationJson(facilitator.raw.doc)).toBe(before);
    // A late joiner syncs the server's own copy: unchanged there too.
    const late = await plain('viewer');
    expect(facilitationJson(late.doc)).toBe(before);

    for (const action of attempts) {
      expect(await facilitator.request(action), action.type).toEqual({
        type: 'ack',
        id: expect.any(Number),
      });
    }
    await waitUntil(() => facilitationOf(late.doc).voteSessions.length === 2);
    const after = facilitationOf(late.doc);
    expect(after.voteSessions.map((session) => session.status)).toEqual(['revealed', 'running']);
    expect(after.agenda.phases.some((phase) => phase.id === phaseId)).toBe(false);
    expect(after.timer).toEqual({ status: 'idle' });
    expect(after.follow).toEqual({ status: 'off' });
    expect(after.privateMode).toMatchObject({ status: 'off', history: [{ count: 0 }] });
  });

  it('refuses bad control input with a code, and its sender stays connected and can still edit', async () => {
    const { facilitator, connect, stock, addNotes, token, server, room } = await workshop();
    const observer = await stock('participant');
    await addNotes(['shape:a', 'shape:b', 'shape:c'], observer.doc);
    await acked(facilitator, selectionVote(['shape:a', 'shape:b']));
    await waitUntil(() => facilitationOf(facilitator.raw.doc).voteSessions.length === 1);
    const sessionId = facilitationOf(facilitator.raw.doc).voteSessions[0]?.id ?? '';
    const voterPerson = person();
    const voter = await connect('participant', voterPerson);

    // The existing rule: a text frame closes its sender.
    const texter = clients.raw(`${server.wsUrl}/${room.roomId}?t=${token('participant')}&ctl=1`);
    await withTimeout(texter.synced, 10_000, 'texter did not sync');
    texter.send('{"id":1,"action":{"type":"time.sync","clientSent":1}}');
    expect((await withTimeout(texter.closed, 5000, 'text frame not closed')).code).toBe(
      CloseCode.unsupportedData,
    );

    voter.raw.send(controlFrameOfText('{"id": 1, "action": {'));
    expect(
      await voter.waitFor((m) => m.type === 'refused' && m.id === null, 'refusal of bad JSON'),
    ).toEqual({ type: 'refused', id: null, code: 'control.malformed' });
    expect(await voter.request({ type: 'confetti.rain' })).toEqual({
      type: 'refused',
      id: expect.any(Number),
      code: 'control.unknownAction',
    });
    expect(await voter.request({ type: 'vote.cast', sessionId })).toMatchObject({
      type: 'refused',
      code: 'control.malformed',
    });
    for (const itemId of ['shape:nowhere', 'shape:c']) {
      expect(await voter.request({ type: 'vote.cast', sessionId, itemId }), itemId).toMatchObject({
        type: 'refused',
        code: 'vote.unknownItem',
      });
    }
    await acked(voter, { type: 'vote.cast', sessionId, itemId: 'shape:a' });
    await acked(voter, { type: 'vote.cast', sessionId, itemId: 'shape:b' });
    expect(await voter.request({ type: 'vote.cast', sessionId, itemId: 'shape:a' })).toEqual({
      type: 'refused',
      id: expect.any(Number),
      code: 'vote.limit',
      params: { votesPerPerson: 2 },
    });
    expect(
      voter.messagesOf('ballot').at(-1),
      'the refused vote took nothing from the ballot',
    ).toEqual({ type: 'ballot', sessionId, votes: ['shape:a', 'shape:b'], remaining: 0 });
    await acked(facilitator, { type: 'vote.end', sessionId });
    for (const type of ['vote.retract', 'vote.cast'] as const) {
      expect(await voter.request({ type, sessionId, itemId: 'shape:a' }), type).toMatchObject({
        type: 'refused',
        code: 'vote.ended',
      });
    }
    for (const type of ['vote.reveal', 'vote.end'] as const) {
      expect(await facilitator.request({ type, sessionId: 'no-such-session' }), type).toEqual({
        type: 'refused',
        id: expect.any(Number),
        code: 'vote.noSession',
      });
    }

    expect(voter.raw.isOpen()).toBe(true);
    expect(facilitator.raw.isOpen()).toBe(true);
    writeRecord(voter.raw.doc, null, noteRecord('shape:from-voter', voterPerson.id));
    writeRecord(facilitator.raw.doc, null, noteRecord('shape:from-facilitator', 'host'));
    await waitUntil(
      () =>
        recordIn(observer.doc, 'shape:from-voter') !== undefined &&
        recordIn(observer.doc, 'shape:from-facilitator') !== undefined,
      { message: 'edits after the refusals did not arrive' },
    );
    expect(observer.closes).toEqual([]);
  });

  it('sends no control frame to clients without ?ctl=1, and the stock provider still sees the timer', async () => {
    const { facilitator, connect, plain, stock, addNotes, host } = await workshop();
    const stockClient = await stock('participant');
    const plainClient = await plain('guest');
    const readerPerson = person();
    const reader = await connect('participant', readerPerson);
    await addNotes(['shape:a', 'shape:b'], stockClient.doc);

    await acked(facilitator, { type: 'timer.start', durationMs: 600_000, label: 'Ideointi' });
    const view = { userId: `user:${host.id}`, pageId: 'page:page' };
    await acked(facilitator, { type: 'summon.once', ...view });
    await acked(facilitator, { type: 'summon.follow', ...view });
    await acked(facilitator, selectionVote(['shape:a', 'shape:b'], { anonymous: false }));
    await waitUntil(() => facilitationOf(facilitator.raw.doc).voteSessions.length === 1);
    const sessionId = facilitationOf(facilitator.raw.doc).voteSessions[0]?.id ?? '';
    await acked(reader, { type: 'vote.cast', sessionId, itemId: 'shape:b' });
    await acked(facilitator, { type: 'vote.reveal', sessionId });
    await acked(facilitator, { type: 'summon.stop', ...view });

    const timer = facilitationOf(facilitator.raw.doc).timer;
    expect(timer).toMatchObject({ status: 'running', durationMs: 600_000, label: 'Ideointi' });
    await waitUntil(
      () =>
        facilitationOf(stockClient.doc).voteSessions[0]?.status === 'revealed' &&
        facilitationOf(plainClient.doc).voteSessions[0]?.status === 'revealed',
      { message: 'the reveal did not reach the clients without ?ctl=1' },
    );
    expect(facilitationOf(stockClient.doc).timer).toEqual(timer);
    expect(facilitationOf(stockClient.doc).voteSessions[0]?.results?.items).toEqual([
      { itemId: 'shape:b', rank: 1, total: 1, team: 1, customers: 0, voters: ['?'] },
    ]);
    // The same notices did go out, to the client that asked for them.
    expect(reader.messagesOf('summon').map((m) => m.mode)).toEqual(['once', 'follow', 'stop']);
    expect(reader.messagesOf('ballot').length).toBeGreaterThan(0);

    const controlFrames = (frames: readonly Uint8Array[]) =>
      frames.filter((frame) => frame[0] === MessageType.control).length;
    expect(stockClient.frames.length).toBeGreaterThan(5);
    expect(stockClient.frames.filter((frame) => !frame.binary)).toEqual([]);
    expect(controlFrames(stockClient.frames.map((frame) => frame.bytes))).toBe(0);
    expect(stockClient.sockets()).toBe(1);
    expect(stockClient.closes).toEqual([]);
    expect(plainClient.received.length).toBeGreaterThan(5);
    expect(controlFrames(plainClient.received)).toBe(0);
    expect(plainClient.isOpen()).toBe(true);

    // And the stock client still edits the board as before.
    writeRecord(stockClient.doc, null, noteRecord('shape:stock', 'stock'));
    await waitUntil(() => recordIn(facilitator.raw.doc, 'shape:stock') !== undefined);
  });

  it('leaks no voter of an anonymous session to other clients, the export or the document', async () => {
    const { server, room, token, facilitator, connect, plain, stock, addNotes, host } =
      await workshop();
    const teamPerson = person();
    const customerPerson = person();
    const team = await connect('participant', teamPerson);
    const customer = await connect('guest', customerPerson);
    const bystander = await connect('participant');
    const stockClient = await stock('participant');
    const viewer = await plain('viewer');
    const notes = ['shape:n1', 'shape:n2', 'shape:n3'];
    await addNotes(notes, viewer.doc);

    await acked(facilitator, selectionVote(notes, { title: 'Mitä seuraavaksi?' }));
    await waitUntil(() => facilitationOf(team.raw.doc).voteSessions.length === 1);
    const sessionId = facilitationOf(team.raw.doc).voteSessions[0]?.id ?? '';
    await acked(team, { type: 'vote.cast', sessionId, itemId: 'shape:n1' });
    await acked(team, { type: 'vote.cast', sessionId, itemId: 'shape:n2' });
    await acked(customer, { type: 'vote.cast', sessionId, itemId: 'shape:n1' });
    expect(
      await facilitator.waitFor(
        (m) => m.type === 'voteProgress' && m.voters === 2,
        'progress with both voters',
      ),
    ).toEqual({ type: 'voteProgress', sessionId, voters: 2, finished: 1 });
    await acked(facilitator, { type: 'vote.reveal', sessionId });

    const everyDoc = [facilitator, team, customer, bystander].map((c) => c.raw.doc);
    everyDoc.push(stockClient.doc, viewer.doc);
    await waitUntil(
      () => everyDoc.every((doc) => facilitationOf(doc).voteSessions[0]?.status === 'revealed'),
      { message: 'not every client saw the reveal' },
    );
    const results = facilitationOf(viewer.doc).voteSessions[0]?.results;
    expect(results).toEqual({
      items: [
        { itemId: 'shape:n1', rank: 1, total: 2, team: 1, customers: 1 },
        { itemId: 'shape:n2', rank: 2, total: 1, team: 1, customers: 0 },
      ],
      voterCounts: { team: 1, customers: 1 },
    });

    const voters = [teamPerson.id, customerPerson.id];
    const leaks = (frames: readonly Uint8Array[], ids: readonly string[]) =>
      ids.flatMap((id) => frames.filter((frame) => holds(frame, id)).map(() => id));
    // The search finds what is there: the notes carry their author's id to everyone.
    expect(
      leaks(
        stockClient.frames.map((f) => f.bytes),
        [host.id],
      ).length,
    ).toBeGreaterThan(0);
    const traffic: [string, readonly Uint8Array[], readonly string[]][] = [
      ['facilitator', facilitator.raw.received, voters],
      ['bystander', bystander.raw.received, voters],
      ['viewer', viewer.received, voters],
      ['stock provider', stockClient.frames.map((f) => f.bytes), voters],
      ['team voter', team.raw.received, [customerPerson.id]],
      ['customer voter', customer.raw.received, [teamPerson.id]],
    ];
    for (const [who, frames, ids] of traffic) {
      expect(frames.length, who).toBeGreaterThan(0);
      expect(leaks(frames, ids), who).toEqual([]);
    }

    const exported = await fetch(
      `${server.url}/api/rooms/${room.roomId}/export?format=json&t=${token('viewer')}`,
    );
    expect(exported.status).toBe(200);
    const exportText = await exported.text();
    for (const id of voters) expect(exportText).not.toContain(id);

    const late = await plain('viewer');
    const stateBytes = Y.encodeStateAsUpdate(late.doc);
    const json = `${facilitationJson(late.doc)}${JSON.stringify([...readRecords(late.doc).records])}`;
    expect(json).toContain(sessionId);
    expect(json).toContain(host.id);
    for (const id of voters) {
      expect(json).not.toContain(id);
      expect(holds(stateBytes, id)).toBe(false);
    }

    // Storage: once the server has stopped, no stored row (board or ballots) names a voter.
    await server.stop();
    const rows = storedRows(server.dataDir);
    expect(rows.some((row) => holds(row, host.id))).toBe(true);
    for (const id of voters) expect(rows.filter((row) => holds(row, id)).length, id).toBe(0);
  });

  it('keeps ballots, the vote limit and the timer through a kill -9 and restart', async () => {
    const first = await workshop();
    const { facilitator, connect, addNotes, room, token } = first;
    const teamPerson = person();
    const customerPerson = person();
    const team = await connect('participant', teamPerson);
    const customer = await connect('guest', customerPerson);
    const notes = ['shape:n1', 'shape:n2', 'shape:n3'];
    await addNotes(notes, team.raw.doc);
    await acked(facilitator, { type: 'timer.start', durationMs: 900_000 });
    await acked(facilitator, selectionVote(notes));
    await waitUntil(() => facilitationOf(team.raw.doc).voteSessions.length === 1);
    const sessionId = facilitationOf(team.raw.doc).voteSessions[0]?.id ?? '';
    const timerBefore = facilitationOf(facilitator.raw.doc).timer;
    expect(timerBefore.status).toBe('running');
    await acked(team, { type: 'vote.cast', sessionId, itemId: 'shape:n1' });
    await acked(customer, { type: 'vote.cast', sessionId, itemId: 'shape:n1' });
    await acked(customer, { type: 'vote.cast', sessionId, itemId: 'shape:n3' });

    await first.server.kill();
    clients.closeAll();
    const second = await start({ env });
    const again = (role: RoomRole, who: Person) =>
      connectControl(clients, second.wsUrl, room.roomId, { token: token(role), key: who.key });
    const teamBack = await again('participant', teamPerson);
    expect(
      await teamBack.waitFor((m) => m.type === 'ballot', 'the team voter’s ballot on join'),
    ).toEqual({ type: 'ballot', sessionId, votes: ['shape:n1'], remaining: 1 });
    const customerBack = await again('guest', customerPerson);
    expect(
      await customerBack.waitFor((m) => m.type === 'ballot', 'the customer’s ballot on join'),
    ).toEqual({ type: 'ballot', sessionId, votes: ['shape:n1', 'shape:n3'], remaining: 0 });
    expect(facilitationOf(teamBack.raw.doc).timer).toEqual(timerBefore);

    expect(
      await customerBack.request({ type: 'vote.cast', sessionId, itemId: 'shape:n2' }),
    ).toMatchObject({ type: 'refused', code: 'vote.limit' });
    await acked(teamBack, { type: 'vote.cast', sessionId, itemId: 'shape:n3' });
    expect(
      await teamBack.request({ type: 'vote.cast', sessionId, itemId: 'shape:n2' }),
    ).toMatchObject({ type: 'refused', code: 'vote.limit' });

    const hostBack = await again('facilitator', first.host);
    expect(await hostBack.waitFor((m) => m.type === 'voteProgress', 'progress on join')).toEqual({
      type: 'voteProgress',
      sessionId,
      voters: 2,
      finished: 2,
    });
    await acked(hostBack, { type: 'vote.reveal', sessionId });
    await waitUntil(() => facilitationOf(teamBack.raw.doc).voteSessions[0]?.status === 'revealed');
    expect(facilitationOf(teamBack.raw.doc).voteSessions[0]?.results).toEqual({
      items: [
        { itemId: 'shape:n1', rank: 1, total: 2, team: 1, customers: 1 },
        { itemId: 'shape:n3', rank: 1, total: 2, team: 1, customers: 1 },
      ],
      voterCounts: { team: 1, customers: 1 },
    });
    expect(facilitationOf(teamBack.raw.doc).timer).toEqual(timerBefore);
  });

  it('answers time.sync with the server clock, and greets with it', async () => {
    const { connect } = await workshop();
    const before = Date.now();
    const guest = await connect('guest');
    const afterJoin = Date.now();
    const hello = await guest.waitFor((m) => m.type === 'hello', 'hello');
    expect(hello).toMatchObject({ type: 'hello', version: 1, role: 'guest' });
    expect(hello.serverTime).toBeGreaterThanOrEqual(before - 1000);
    expect(hello.serverTime).toBeLessThanOrEqual(afterJoin + 1000);

    const sent = Date.now();
    const answer = await guest.request({ type: 'time.sync', clientSent: sent });
    const received = Date.now();
    expect(answer).toEqual({
      type: 'time',
      id: expect.any(Number),
      clientSent: sent,
      serverTime: expect.any(Number),
    });
    // Same machine, same clock: the server's time falls inside the round trip, give or take a little.
    const serverTime = answer.serverTime as number;
    expect(serverTime).toBeGreaterThanOrEqual(sent - 250);
    expect(serverTime).toBeLessThanOrEqual(received + 250);
    expect(received - sent).toBeLessThan(5000);
  });

  /** A stock provider on `who`'s private document (`?doc=private`), synced. */
  async function privateDesk(server: RunningServer, roomId: string, token: string, who: Person) {
    const desk = recordedProvider(server, roomId, {
      t: token,
      k: who.key,
      [documentScopeParam]: privateDocumentScope,
    });
    providers.push(desk);
    await withTimeout(
      new Promise<void>((resolve) => {
        if (desk.provider.synced) resolve();
        desk.provider.on('sync', (synced: boolean) => synced && resolve());
      }),
      10_000,
      'private desk did not sync',
    );
    return desk;
  }

  /** A note whose text is `marker`, written by `authorId`. */
  function markedNote(id: string, authorId: string, marker: string) {
    return {
      ...noteRecord(id, authorId),
      props: {
        ...(noteRecord(id, authorId).props as Record<string, unknown>),
        richText: {
          type: 'doc',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: marker }] }],
        },
      },
    };
  }

  it('keeps private notes off every other socket until the reveal, then shows them to all', async () => {
    const { server, room, token, facilitator, stock } = await workshop();
    const aino = person();
    const bertil = person();
    // Bertil records every frame of his board socket and of his own private socket.
    const bertilBoard = await stock('participant', bertil);
    const bertilDesk = await privateDesk(server, room.roomId, token('participant'), bertil);
    await acked(facilitator, { type: 'private.start', anonymous: false });
    await waitUntil(() => facilitationOf(bertilBoard.doc).privateMode.status === 'on');

    const ainoDesk = await privateDesk(server, room.roomId, token('participant'), aino);
    const marker = `hidden-${randomBytes(8).toString('hex')}`;
    writeRecord(ainoDesk.doc, null, markedNote('shape:hidden', aino.id, marker));
    // Stored and served to its owner: a second tab of Aino's gets it from the server.
    const ainoSecondTab = await privateDesk(server, room.roomId, token('participant'), aino);
    await waitUntil(() => recordIn(ainoSecondTab.doc, 'shape:hidden') !== undefined, {
      message: 'the private note did not reach its author’s second tab',
    });
    // A guest writes one too, from a phone.
    const guest = person();
    const guestDesk = await privateDesk(server, room.roomId, token('guest'), guest);
    writeRecord(guestDesk.doc, null, markedNote('shape:guest-hidden', guest.id, `${marker}-g`));
    const guestSecondTab = await privateDesk(server, room.roomId, token('guest'), guest);
    await waitUntil(() => recordIn(guestSecondTab.doc, 'shape:guest-hidden') !== undefined);

    const everyFrame = [
      ...bertilBoard.frames.map((frame) => frame.bytes),
      ...bertilDesk.frames.map((frame) => frame.bytes),
      ...facilitator.raw.received,
    ];
    expect(everyFrame.filter((frame) => holds(frame, marker))).toEqual([]);
    expect(recordIn(bertilBoard.doc, 'shape:hidden')).toBeUndefined();
    expect(recordIn(facilitator.raw.doc, 'shape:hidden')).toBeUndefined();

    await acked(facilitator, { type: 'private.reveal' });
    await waitUntil(
      () =>
        recordIn(bertilBoard.doc, 'shape:hidden') !== undefined &&
        recordIn(bertilBoard.doc, 'shape:guest-hidden') !== undefined,
      { message: 'the revealed notes did not reach the board' },
    );
    expect(bertilBoard.frames.some((frame) => holds(frame.bytes, marker))).toBe(true);
    expect(recordIn(facilitator.raw.doc, 'shape:hidden')?.meta).toMatchObject({
      authorId: aino.id,
    });
    expect(facilitationOf(bertilBoard.doc).privateMode).toMatchObject({
      status: 'off',
      history: [{ anonymous: false, count: 2 }],
    });
    // The authors' private documents are emptied, in every tab.
    await waitUntil(() => readRecords(ainoDesk.doc).records.size === 0);
    await waitUntil(() => readRecords(ainoSecondTab.doc).records.size === 0);
    await waitUntil(() => readRecords(guestDesk.doc).records.size === 0);
    expect(recordIn(ainoDesk.doc, 'shape:hidden')).toBeUndefined();
  });

  it('refuses a private socket to a viewer, without a key, or for an unknown document', async () => {
    const { server, room, token } = await workshop();
    const base = `${server.wsUrl}/${room.roomId}`;
    const viewer = clients.raw(
      `${base}?t=${token('viewer')}&k=${person().key}&${documentScopeParam}=${privateDocumentScope}`,
    );
    expect((await viewer.closed).code).toBe(CloseCode.forbidden);
    const keyless = clients.raw(
      `${base}?t=${token('participant')}&${documentScopeParam}=${privateDocumentScope}`,
    );
    expect((await keyless.closed).code).toBe(CloseCode.unauthorized);
    const unknown = await expectUpgradeRefused(
      `${base}?t=${token('participant')}&k=${person().key}&${documentScopeParam}=board2`,
    );
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: 'invalid_scope' } });
  });

  it('keeps a private round and its notes through a kill -9 and restart, then reveals them anonymously', async () => {
    const first = await workshop();
    const { room, token } = first;
    const aino = person();
    await acked(first.facilitator, { type: 'private.start', anonymous: true });
    const desk = await privateDesk(first.server, room.roomId, token('participant'), aino);
    const marker = `kept-${randomBytes(8).toString('hex')}`;
    writeRecord(desk.doc, null, markedNote('shape:kept', aino.id, marker));
    const check = await privateDesk(first.server, room.roomId, token('participant'), aino);
    await waitUntil(() => recordIn(check.doc, 'shape:kept') !== undefined);

    await first.server.kill();
    for (const provider of providers.splice(0)) provider.destroy();
    clients.closeAll();
    const second = await start({ env });
    const facilitator = await connectControl(clients, second.wsUrl, room.roomId, {
      token: token('facilitator'),
      key: first.host.key,
    });
    expect(facilitationOf(facilitator.raw.doc).privateMode.status).toBe('on');
    const back = await privateDesk(second, room.roomId, token('participant'), aino);
    await waitUntil(() => recordIn(back.doc, 'shape:kept') !== undefined, {
      message: 'the private note did not survive the restart',
    });
    await acked(facilitator, { type: 'private.reveal' });
    await waitUntil(() => recordIn(facilitator.raw.doc, 'shape:kept') !== undefined);
    expect(JSON.stringify(facilitator.raw.doc.toJSON())).not.toContain(aino.id);
    await waitUntil(() => readRecords(back.doc).records.size === 0);
  });
});
