import {
  type Agenda,
  addPhase,
  addTimerTime,
  type Ballot,
  type ControlAction,
  castVote,
  controlFrameMaxBytes,
  controlProtocolVersion,
  encodeControlFrame,
  endVoteSession,
  type FacilitationResult,
  type FacilitationState,
  facilitationKeys,
  facilitationMapName,
  findVoteSession,
  followOff,
  getRecordsArray,
  isJsonObject,
  isVoteSessionOpen,
  jsonEqual,
  movePhase,
  newBallot,
  type PrivateModeState,
  parseControlRequest,
  parseFieldKey,
  pauseTimer,
  phaseTimebox,
  type RevealTarget,
  readFacilitationState,
  readRecords,
  refusal,
  refuseControlAction,
  refusedMessage,
  remainingVotes,
  removePhase,
  renamePhase,
  replaceRecords,
  resumeTimer,
  retractVote,
  revealedRecords,
  revealPrivateRound,
  revealVoteSession,
  type ServerControlMessage,
  type StoredRecord,
  setAgendaPhases,
  setCurrentPhase,
  setPhaseTemplate,
  setPhaseTimebox,
  startPrivateRound,
  startTimer,
  startVoteSession,
  stopTimer,
  type TimerState,
  templateShapeType,
  type VoteScope,
  type VoteSession,
  voteGroupOfRole,
  voteProgress,
  voteSessionKey,
} from '@kohtaamo/shared';
import type * as Y from 'yjs';
import type { Connection } from '../room/Connection.js';
import { RecordIndex } from '../room/RecordIndex.js';
import type { RoomContext, RoomExtension, RoomExtensionFactory } from '../room/RoomExtension.js';
import type { RoomHold } from '../room/RoomRegistry.js';
import type { TimerHandle } from '../room/Timers.js';
import { BallotBox } from './BallotBox.js';
import type { PrivateDocuments } from './PrivateDocuments.js';

/** What the facilitator toolkit needs beyond the room. */
export interface FacilitationOptions {
  /** Ids for new phases, vote sessions and private rounds; random UUIDs by default. */
  readonly newId?: () => string;
  /**
   * Where people's private notes live during a private round; without it
   * private rounds are refused (`private.unavailable`).
   */
  readonly privateDocuments?: Pick<PrivateDocuments, 'authors' | 'hold' | 'onWrite'>;
}

/** Longest a single timer may wait; a later time limit is re-armed when it fires. */
const maxTimerDelayMs = 24 * 60 * 60_000;

/** Deepest parent chain followed to find a shape's page. */
const maxShapeDepth = 64;

type Result = FacilitationResult<unknown>;
const ok: Result = { ok: true, value: undefined };

/**
 * The facilitator toolkit on the server: agenda, timer, dot voting and
 * summon/follow, served over the control channel (`MessageType.control`).
 *
 * Every request is parsed with the shared contract, checked against the
 * sender's role, run through the shared state machines and answered with
 * `ack` or `refused` (a code the client translates); a wrong request never
 * closes its sender. Public state (agenda, timer, vote sessions and their
 * revealed results, follow) is written by the server into the board's
 * `facilitation` map, so it is stored, synced to late joiners and survives
 * restarts like any other change, and clients cannot write it (the record
 * guard refuses anything outside the records). Ballots are secret: they
 * live in a {@link BallotBox} only the server reads; each voter hears only
 * their own ballot and facilitators only how many have voted. Stock
 * clients, which did not announce `?ctl=1`, never receive a control frame.
 */
export function facilitationExtension(options: FacilitationOptions = {}): RoomExtensionFactory {
  const newId = options.newId ?? (() => globalThis.crypto.randomUUID());
  return (room) => new Facilitation(room, newId, options.privateDocuments);
}

class Facilitation implements RoomExtension {
  readonly name = 'facilitation';
  readonly #room: RoomContext;
  readonly #newId: () => string;
  readonly #ballots: BallotBox;
  /** Shapes by id, for vote scopes; made when a vote first needs it. */
  #records: RecordIndex | undefined;
  /** Time limits of running vote sessions, by session id. */
  readonly #deadlines = new Map<string, TimerHandle>();
  readonly #private: FacilitationOptions['privateDocuments'];
  /** Private round work (start, reveal, late reveals), one at a time. */
  #privateWork: Promise<unknown> = Promise.resolve();
  #stopPrivateWrites: (() => void) | undefined;

  constructor(
    room: RoomContext,
    newId: () => string,
    privateDocuments: FacilitationOptions['privateDocuments'],
  ) {
    this.#room = room;
    this.#newId = newId;
    this.#private = privateDocuments;
    this.#ballots = new BallotBox({
      roomId: room.roomId,
      store: room.store,
      logger: room.logger,
      timers: room.timers,
    });
  }

  async onLoad(): Promise<void> {
    await this.#ballots.load();
    for (const session of this.#state().voteSessions) this.#armDeadline(session);
    this.#stopPrivateWrites = this.#private?.onWrite(this.#room.roomId, (participantId) => {
      void this.#privately(() => this.#lateReveal(participantId)).catch((error: unknown) => {
        this.#room.logger.error({ err: error }, 'late reveal of private notes failed');
      });
    });
  }

  onConnect(connection: Connection): void {
    if (!connection.socket.readsControl) return;
    this.#send(connection, {
      type: 'hello',
      version: controlProtocolVersion,
      serverTime: this.#room.clock(),
      role: connection.role ?? null,
    });
    for (const session of this.#state().voteSessions) {
      if (session.status !== 'running') continue;
      const voterKey = connection.participantId;
      if (voterKey !== undefined && this.#mayVote(connection)) {
        this.#send(
          connection,
          this.#ballotMessage(session, this.#ballots.ballot(session.id, voterKey)),
        );
      }
      if (isFacilitator(connection)) this.#send(connection, this.#progressMessage(session));
    }
  }

  onControl({ connection, body }: { connection: Connection; body: string }): boolean {
    if (body.length > controlFrameMaxBytes) {
      this.#refuse(connection, null, refusal('control.malformed', 'control message too large'));
      return true;
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      this.#refuse(connection, null, refusal('control.malformed', 'control message is not JSON'));
      return true;
    }
    const request = parseControlRequest(json);
    if (!request.ok) {
      this.#refuse(connection, request.id, request.refusal);
      return true;
    }
    const { id, action } = request.value;
    const forbidden = refuseControlAction(connection.role, action);
    if (forbidden !== undefined) {
      this.#refuse(connection, id, forbidden);
      return true;
    }
    if (action.type === 'time.sync') {
      this.#send(connection, {
        type: 'time',
        id,
        clientSent: action.clientSent,
        serverTime: this.#room.clock(),
      });
      return true;
    }
    void this.#perform(connection, action).then(
      (result) => {
        if (result.ok) this.#send(connection, { type: 'ack', id });
        else this.#refuse(connection, id, result.refusal);
      },
      (error: unknown) => {
        this.#room.logger.error({ err: error, action: action.type }, 'control action failed');
        this.#refuse(connection, id, refusal('control.malformed', 'the action failed'));
      },
    );
    return true;
  }

  async flush(): Promise<void> {
    await this.#privateWork.catch(() => {});
    await this.#ballots.flush();
  }

  onDestroy(): void {
    this.#stopPrivateWrites?.();
    this.#stopPrivateWrites = undefined;
    for (const handle of this.#deadlines.values()) this.#room.timers.clearTimeout(handle);
    this.#deadlines.clear();
    this.#records?.dispose();
    this.#records = undefined;
    this.#ballots.destroy();
  }

  async #perform(connection: Connection, action: ControlAction): Promise<Result> {
    const now = this.#room.clock();
    const state = this.#state();
    switch (action.type) {
      case 'time.sync':
        return ok;
      case 'agenda.set':
        return this.#writeAgenda(setAgendaPhases(state.agenda, action.phases, now));
      case 'agenda.addPhase':
        return this.#writeAgenda(
          addPhase(state.agenda, {
            id: this.#newId(),
            title: action.title,
            ...(action.index === undefined ? {} : { index: action.index }),
            ...(action.templateId === undefined ? {} : { templateId: action.templateId }),
            ...(action.timeboxMs === undefined ? {} : { timeboxMs: action.timeboxMs }),
          }),
        );
      case 'agenda.renamePhase':
        return this.#writeAgenda(renamePhase(state.agenda, action.phaseId, action.title));
      case 'agenda.movePhase':
        return this.#writeAgenda(movePhase(state.agenda, action.phaseId, action.toIndex));
      case 'agenda.removePhase':
        return this.#writeAgenda(removePhase(state.agenda, action.phaseId));
      case 'agenda.setTimebox':
        return this.#writeAgenda(setPhaseTimebox(state.agenda, action.phaseId, action.timeboxMs));
      case 'agenda.setTemplate':
        return this.#writeAgenda(setPhaseTemplate(state.agenda, action.phaseId, action.templateId));
      case 'agenda.setCurrent':
        return this.#writeAgenda(setCurrentPhase(state.agenda, action.phaseId, now));
      case 'timer.start': {
        let duration = action.durationMs;
        if (action.fromPhase !== undefined) {
          const timebox = phaseTimebox(state.agenda, action.fromPhase);
          if (!timebox.ok) return timebox;
          duration = timebox.value;
        }
        return this.#writeTimer(
          startTimer(duration ?? 0, now, {
            ...(action.fromPhase === undefined ? {} : { phaseId: action.fromPhase }),
            ...(action.label === undefined ? {} : { label: action.label }),
          }),
        );
      }
      case 'timer.pause':
        return this.#writeTimer(pauseTimer(state.timer, now));
      case 'timer.resume':
        return this.#writeTimer(resumeTimer(state.timer, now));
      case 'timer.addTime':
        return this.#writeTimer(addTimerTime(state.timer, action.ms, now));
      case 'timer.stop':
        return this.#writeTimer(stopTimer(state.timer));
      case 'vote.start':
        return this.#startVote(action.config, state, now);
      case 'vote.cast':
      case 'vote.retract':
        return this.#vote(connection, action, state, now);
      case 'vote.end': {
        const found = findVoteSession(state.voteSessions, action.sessionId);
        if (!found.ok) return found;
        return this.#writeSession(endVoteSession(found.value, now));
      }
      case 'vote.reveal':
        return this.#reveal(action.sessionId, state, now);
      case 'private.start':
        return this.#privately(() => this.#startPrivate(action.anonymous));
      case 'private.reveal':
        return this.#privately(() => this.#revealPrivate());
      case 'summon.once':
      case 'summon.follow':
      case 'summon.stop':
        return this.#summon(connection, action, now);
    }
  }

  #state(): FacilitationState {
    return readFacilitationState(this.#map().entries());
  }

  #map() {
    return this.#room.doc.getMap<unknown>(facilitationMapName);
  }

  async #write(key: string, value: unknown): Promise<void> {
    await this.#room.change(() => this.#map().set(key, value));
  }

  async #writeAgenda(result: FacilitationResult<Agenda>): Promise<Result> {
    if (!result.ok) return result;
    await this.#write(facilitationKeys.agenda, result.value);
    return ok;
  }

  async #writeTimer(result: FacilitationResult<TimerState>): Promise<Result> {
    if (!result.ok) return result;
    await this.#write(facilitationKeys.timer, result.value);
    return ok;
  }

  async #writeSession(result: FacilitationResult<VoteSession>): Promise<Result> {
    if (!result.ok) return result;
    const session = result.value;
    await this.#write(voteSessionKey(session.id), session);
    this.#armDeadline(session);
    return ok;
  }

  async #startVote(
    config: VoteSession['config'],
    state: FacilitationState,
    now: number,
  ): Promise<Result> {
    const scopeRefusal = this.#checkScope(config.scope);
    if (scopeRefusal !== undefined) return scopeRefusal;
    const started = startVoteSession(this.#newId(), config, now, state.voteSessions);
    if (!started.ok) return started;
    const result = await this.#writeSession(started);
    for (const connection of this.#room.connections()) {
      if (this.#mayVote(connection) && connection.participantId !== undefined) {
        this.#send(connection, this.#ballotMessage(started.value, undefined));
      }
      if (isFacilitator(connection)) this.#send(connection, this.#progressMessage(started.value));
    }
    return result;
  }

  async #vote(
    connection: Connection,
    action: Extract<ControlAction, { type: 'vote.cast' | 'vote.retract' }>,
    state: FacilitationState,
    now: number,
  ): Promise<Result> {
    const found = findVoteSession(state.voteSessions, action.sessionId);
    if (!found.ok) return found;
    const session = found.value;
    const voterKey = connection.participantId;
    if (voterKey === undefined) {
      return {
        ok: false,
        refusal: refusal('vote.noIdentity', 'votes need a participant key'),
      };
    }
    const group = connection.role === undefined ? 'team' : voteGroupOfRole(connection.role);
    if (group === undefined) {
      return { ok: false, refusal: refusal('control.viewerReadOnly', 'a viewer cannot vote') };
    }
    const current = this.#ballots.ballot(session.id, voterKey);
    const next =
      action.type === 'vote.cast'
        ? castVote(
            session,
            current ?? newBallot(voterKey, group),
            action.itemId,
            (itemId) => this.#eligible(session.config.scope, itemId),
            now,
          )
        : retractVote(session, current, action.itemId, now);
    if (!next.ok) return next;
    await this.#ballots.put(session.id, next.value);
    const ballot = this.#ballotMessage(session, next.value);
    const progress = this.#progressMessage(session);
    for (const other of this.#room.connections()) {
      if (other.participantId === voterKey) this.#send(other, ballot);
      if (isFacilitator(other)) this.#send(other, progress);
    }
    return ok;
  }

  async #reveal(sessionId: string, state: FacilitationState, now: number): Promise<Result> {
    const found = findVoteSession(state.voteSessions, sessionId);
    if (!found.ok) return found;
    const revealed = revealVoteSession(
      found.value,
      this.#ballots.ballots(sessionId),
      now,
      (voterKey) => this.#nameOf(voterKey),
    );
    const result = await this.#writeSession(revealed);
    // The results are in the document now; who voted for what goes with the ballots.
    if (result.ok) await this.#ballots.erase(sessionId);
    return result;
  }

  /** Runs private round work after the work before it, so a reveal never overlaps another. */
  #privately<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#privateWork.catch(() => {}).then(work);
    this.#privateWork = run;
    return run;
  }

  async #startPrivate(anonymous: boolean): Promise<Result> {
    if (this.#private === undefined) return privateUnavailable;
    const started = startPrivateRound(
      this.#state().privateMode,
      this.#newId(),
      anonymous,
      this.#room.clock(),
    );
    if (!started.ok) return started;
    await this.#write(facilitationKeys.privateMode, started.value);
    return ok;
  }

  /**
   * Ends the round: every private document's records go onto the board in
   * one change, written and broadcast together with the round's end, and
   * only then are the private documents cleared, so a crash in between
   * leaves the notes in both places (the next load of a private document
   * puts them on the board again: same ids, nothing doubled), never in
   * neither.
   */
  async #revealPrivate(): Promise<Result> {
    const privateDocuments = this.#private;
    if (privateDocuments === undefined) return privateUnavailable;
    if (this.#state().privateMode.status === 'off') {
      return revealPrivateRound(this.#state().privateMode, 0, this.#room.clock());
    }
    const authors = await privateDocuments.authors(this.#room.roomId);
    const holds = await holdAll(authors.map((id) => privateDocuments.hold(this.#room.roomId, id)));
    try {
      const taken = holds.map((hold) => hold.room.read((doc) => readRecords(doc).records));
      const state = this.#state().privateMode;
      if (state.status === 'off') return revealPrivateRound(state, 0, this.#room.clock());
      let result: Result = ok;
      await this.#room.change((doc) => {
        const records = revealedRecords(
          taken.flatMap((records) => [...(records?.values() ?? [])]),
          state.anonymous,
          revealTarget(doc, this.#index()),
        );
        const count = records.filter((record) => record.typeName === 'shape').length;
        const ended = revealPrivateRound(state, count, this.#room.clock());
        if (!ended.ok) {
          result = ended;
          return;
        }
        replaceRecords(doc, records);
        this.#map().set(facilitationKeys.privateMode, ended.value);
      });
      if (!result.ok) return result;
      await Promise.all(
        holds.map((hold, i) => this.#clearPrivate(hold, taken[i] ?? new Map(), state.anonymous)),
      );
      return ok;
    } finally {
      for (const hold of holds) hold.release();
    }
  }

  /**
   * Records that reached a private document while no round is on (an
   * offline author's notes arriving after the reveal, or a reveal cut short
   * by a crash) go onto the board at once, as the last round would have
   * put them.
   */
  async #lateReveal(participantId: string): Promise<void> {
    const privateDocuments = this.#private;
    const mode = this.#state().privateMode;
    if (privateDocuments === undefined || mode.status === 'on') return;
    const hold = await privateDocuments.hold(this.#room.roomId, participantId);
    try {
      const records = hold.room.read((doc) => readRecords(doc).records);
      if (records === undefined || records.size === 0) return;
      const anonymous = lastRoundAnonymous(mode);
      await this.#room.change((doc) =>
        replaceRecords(
          doc,
          revealedRecords(records.values(), anonymous, revealTarget(doc, this.#index())),
        ),
      );
      this.#room.logger.info(
        { participantId, records: records.size },
        'late private notes revealed',
      );
      await this.#clearPrivate(hold, records, anonymous);
    } finally {
      hold.release();
    }
  }

  /**
   * Empties a private document whose records `revealed` went onto the
   * board. Whatever its author changed or added since the records were
   * read is found in the same synchronous step and put on the board too,
   * so nothing written during the reveal is lost.
   */
  async #clearPrivate(
    hold: RoomHold,
    revealed: ReadonlyMap<string, StoredRecord>,
    anonymous: boolean,
  ): Promise<void> {
    const changed: StoredRecord[] = [];
    const cleared = hold.room.change((doc) => {
      for (const [id, record] of readRecords(doc).records) {
        const before = revealed.get(id);
        if (before === undefined || !jsonEqual(before, record)) changed.push(record);
      }
      const entries = getRecordsArray(doc);
      if (entries.length > 0) entries.delete(0, entries.length);
    });
    const moved =
      changed.length === 0
        ? undefined
        : this.#room.change((doc) =>
            replaceRecords(
              doc,
              revealedRecords(changed, anonymous, revealTarget(doc, this.#index())),
            ),
          );
    await Promise.all([cleared, moved]);
  }

  async #summon(
    connection: Connection,
    action: Extract<ControlAction, { type: 'summon.once' | 'summon.follow' | 'summon.stop' }>,
    now: number,
  ): Promise<Result> {
    const { type, ...view } = action;
    const mode = type === 'summon.once' ? 'once' : type === 'summon.follow' ? 'follow' : 'stop';
    if (mode === 'follow') {
      await this.#write(facilitationKeys.follow, { status: 'on', startedAt: now, ...view });
    } else if (mode === 'stop') {
      await this.#write(facilitationKeys.follow, followOff);
    }
    const message: ServerControlMessage = { type: 'summon', mode, ...view };
    for (const other of this.#room.connections()) {
      if (other !== connection) this.#send(other, message);
    }
    return ok;
  }

  /** Ends a time-limited session when its limit passes, so everyone sees it closed. */
  #armDeadline(session: VoteSession): void {
    const existing = this.#deadlines.get(session.id);
    if (existing !== undefined) this.#room.timers.clearTimeout(existing);
    this.#deadlines.delete(session.id);
    const endsAt = session.config.endsAt;
    if (session.status !== 'running' || endsAt === null) return;
    const delay = Math.min(Math.max(0, endsAt - this.#room.clock()), maxTimerDelayMs);
    const handle = this.#room.timers.setTimeout(() => {
      this.#deadlines.delete(session.id);
      const current = this.#state().voteSessions.find((s) => s.id === session.id);
      if (current === undefined || current.status !== 'running') return;
      const now = this.#room.clock();
      if (isVoteSessionOpen(current, now)) {
        this.#armDeadline(current);
        return;
      }
      void this.#writeSession(endVoteSession(current, now));
    }, delay);
    this.#deadlines.set(session.id, handle);
  }

  #checkScope(scope: VoteScope): Result | undefined {
    const unknown = (what: string): Result => ({
      ok: false,
      refusal: refusal('vote.unknownItem', `${what} is not on the board`),
    });
    switch (scope.kind) {
      case 'selection':
        for (const itemId of scope.itemIds) {
          if (this.#shape(itemId) === undefined) return unknown(`item ${JSON.stringify(itemId)}`);
        }
        return undefined;
      case 'template':
        return this.#shape(scope.templateId)?.type === templateShapeType
          ? undefined
          : unknown('the template');
      case 'page':
        return this.#index().record(scope.pageId)?.typeName === 'page'
          ? undefined
          : unknown('the page');
    }
  }

  /** Whether `itemId` is a shape on the board that the session lets people vote on. */
  #eligible(scope: VoteScope, itemId: string): boolean {
    const shape = this.#shape(itemId);
    if (shape === undefined) return false;
    switch (scope.kind) {
      case 'selection':
        return scope.itemIds.includes(itemId);
      case 'template':
        return shape.parentId === scope.templateId;
      case 'page':
        return shape.type !== templateShapeType && this.#pageOf(shape) === scope.pageId;
    }
  }

  #pageOf(shape: StoredRecord): string | undefined {
    let current: StoredRecord | undefined = shape;
    for (let depth = 0; current !== undefined && depth < maxShapeDepth; depth++) {
      const parentId: unknown = current.parentId;
      if (typeof parentId !== 'string') return undefined;
      if (parentId.startsWith('page:')) return parentId;
      current = this.#shape(parentId);
    }
    return undefined;
  }

  #shape(id: string): StoredRecord | undefined {
    const record = this.#index().record(id);
    return record?.typeName === 'shape' ? record : undefined;
  }

  #index(): RecordIndex {
    this.#records ??= new RecordIndex(this.#room.doc);
    return this.#records;
  }

  /** A voter's display name for named results: their user record, else their presence. */
  #nameOf(voterKey: string): string {
    const user = this.#index().record(`user:${voterKey}`);
    if (typeof user?.name === 'string' && user.name.trim() !== '') return user.name.trim();
    for (const connection of this.#room.connections()) {
      if (connection.participantId !== voterKey) continue;
      for (const clientId of connection.awarenessClients) {
        const state = this.#room.awareness.getStates().get(clientId);
        const presence = isJsonObject(state) ? state.presence : undefined;
        const name = isJsonObject(presence) ? presence.userName : undefined;
        if (typeof name === 'string' && name.trim() !== '') return name.trim();
      }
    }
    return '?';
  }

  #mayVote(connection: Connection): boolean {
    return connection.role === undefined || voteGroupOfRole(connection.role) !== undefined;
  }

  #ballotMessage(session: VoteSession, ballot: Ballot | undefined): ServerControlMessage {
    return {
      type: 'ballot',
      sessionId: session.id,
      votes: ballot?.votes ?? [],
      remaining: remainingVotes(session.config, ballot),
    };
  }

  #progressMessage(session: VoteSession): ServerControlMessage {
    return {
      type: 'voteProgress',
      sessionId: session.id,
      ...voteProgress(this.#ballots.ballots(session.id), session.config.votesPerPerson),
    };
  }

  #refuse(connection: Connection, id: number | null, why: ReturnType<typeof refusal>): void {
    this.#room.logger.debug(
      { code: why.code, reason: why.reason, role: connection.role },
      'control action refused',
    );
    this.#send(connection, refusedMessage(id, why));
  }

  #send(connection: Connection, message: ServerControlMessage): void {
    if (connection.socket.readsControl) this.#room.send(connection, encodeControlFrame(message));
  }
}

function isFacilitator(connection: Connection): boolean {
  return connection.role === undefined || connection.role === 'facilitator';
}

const privateUnavailable: Result = {
  ok: false,
  refusal: refusal('private.unavailable', 'this server keeps no private documents'),
};

/** Whether the last finished round was anonymous; late notes follow it. */
function lastRoundAnonymous(mode: PrivateModeState): boolean {
  return mode.history.at(-1)?.anonymous ?? false;
}

/** Holds every room, or none: a failed load releases those already held. */
async function holdAll(pending: readonly Promise<RoomHold>[]): Promise<RoomHold[]> {
  const settled = await Promise.allSettled(pending);
  const held = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed === undefined) return held;
  for (const hold of held) hold.release();
  throw failed.reason;
}

/** The board as a reveal sees it: which ids exist, and its first page. */
function revealTarget(doc: Y.Doc, index: RecordIndex): RevealTarget {
  return {
    has: (id) => index.record(id) !== undefined,
    get fallbackPageId() {
      const pages: StoredRecord[] = [];
      for (const entry of getRecordsArray(doc)) {
        const key = parseFieldKey(entry.key);
        if (key?.field !== 'typeName' || key.subKey !== null || entry.val !== 'page') continue;
        const page = index.record(key.recordId);
        if (page !== undefined) pages.push(page);
      }
      // Fractional indexes order by code unit, as tldraw compares them.
      const order = (page: StoredRecord) => String(page.index ?? '');
      pages.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
      return pages[0]?.id;
    },
  };
}
