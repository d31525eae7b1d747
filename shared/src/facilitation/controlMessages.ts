import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { z } from 'zod';
import { MessageType } from '../protocol/messageTypes.js';
import { type Refusal, refusal } from '../protocol/refusals.js';
import { type RoomRole, roomRoleSchema } from '../schema/roomAccess.js';
import { templateItemIdSchema } from '../schema/templateDefinition.js';
import { agendaMaxPhases, agendaPhaseSchema, agendaTimeboxSchema } from './agenda.js';
import {
  accepted,
  epochMsSchema,
  type FacilitationRefusal,
  type FacilitationResult,
  facilitationIdSchema,
  refused,
} from './facilitationRefusals.js';
import { timerDurationSchema, timerLabelMaxLength, timerMaxDurationMs } from './timer.js';
import { voteMaxVotesPerPerson, voteSessionConfigSchema } from './voting.js';

/**
 * The facilitation control channel: JSON requests from a client and the
 * server's answers and notices, carried in y-websocket frames of type
 * {@link MessageType.control}. The frame is `varUint(100) varString(json)`;
 * everything in the JSON is checked with the zod schemas below before any
 * reducer sees it. Requests carry an id the answer echoes (`ack`,
 * `refused` or `time`), so a client can match answers to its requests.
 */

/** Version of this contract, announced in `hello`; bumped on breaking changes. */
export const controlProtocolVersion = 1;

/**
 * Largest control frame accepted. The biggest legitimate request is a
 * `vote.start` over a 500-item selection (about 16 kB of tldraw ids).
 */
export const controlFrameMaxBytes = 64 * 1024;

/** Longest raw title in a request; the reducer trims it and applies the real limit. */
const rawTitleMaxLength = 1_000;

/**
 * `varUint(control) varString(JSON.stringify(message))`, a frame to send
 * on the board socket.
 */
export function encodeControlFrame(message: unknown): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.control);
  encoding.writeVarString(encoder, JSON.stringify(message));
  return encoding.toUint8Array(encoder);
}

/**
 * The JSON of a control frame, not yet validated. Refused as
 * `control.malformed` when the frame is too big, is not a control frame,
 * has bytes after its string, or holds text that is not JSON.
 */
export function decodeControlFrame(bytes: Uint8Array): FacilitationResult<unknown> {
  if (bytes.byteLength > controlFrameMaxBytes) {
    return refused('control.malformed', `control frame over ${controlFrameMaxBytes} bytes`);
  }
  try {
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarUint(decoder) !== MessageType.control) {
      return refused('control.malformed', 'not a control frame');
    }
    const text = decoding.readVarString(decoder);
    if (decoding.hasContent(decoder)) {
      return refused('control.malformed', 'bytes after the control message');
    }
    return accepted(JSON.parse(text) as unknown);
  } catch {
    return refused('control.malformed', 'undecodable control frame');
  }
}

/** A camera position in tldraw terms: page point at the top left, and zoom. */
export const cameraSchema = z.strictObject({
  x: z.number().min(-1e9).max(1e9),
  y: z.number().min(-1e9).max(1e9),
  z: z.number().positive().max(100),
});

/** A validated camera. */
export type Camera = z.infer<typeof cameraSchema>;

const summonFields = {
  /** The facilitator's tldraw user id, whose view the others follow. */
  userId: facilitationIdSchema,
  pageId: facilitationIdSchema.optional(),
  camera: cameraSchema.optional(),
};

const sessionAction = <T extends string>(type: T) =>
  z.strictObject({ type: z.literal(type), sessionId: facilitationIdSchema });

const voteItemAction = <T extends string>(type: T) =>
  z.strictObject({
    type: z.literal(type),
    sessionId: facilitationIdSchema,
    itemId: facilitationIdSchema,
  });

const bare = <T extends string>(type: T) => z.strictObject({ type: z.literal(type) });

/** Every request a client may make, by `type`. */
export const controlActionSchema = z.discriminatedUnion('type', [
  /** Ask for the server's clock; answered with `time`. */
  z.strictObject({
    type: z.literal('time.sync'),
    clientSent: z.number().min(0).max(Number.MAX_SAFE_INTEGER),
  }),
  /** Replace the phases (reset to default, import); the current phase stays if kept. */
  z.strictObject({
    type: z.literal('agenda.set'),
    phases: z.array(agendaPhaseSchema).max(agendaMaxPhases),
  }),
  z.strictObject({
    type: z.literal('agenda.addPhase'),
    title: z.string().max(rawTitleMaxLength),
    index: z.number().int().min(0).max(agendaMaxPhases).optional(),
    templateId: templateItemIdSchema.optional(),
    timeboxMs: agendaTimeboxSchema.optional(),
  }),
  z.strictObject({
    type: z.literal('agenda.renamePhase'),
    phaseId: facilitationIdSchema,
    title: z.string().max(rawTitleMaxLength),
  }),
  z.strictObject({
    type: z.literal('agenda.movePhase'),
    phaseId: facilitationIdSchema,
    toIndex: z.number().int().min(0).max(agendaMaxPhases),
  }),
  z.strictObject({ type: z.literal('agenda.removePhase'), phaseId: facilitationIdSchema }),
  z.strictObject({
    type: z.literal('agenda.setTimebox'),
    phaseId: facilitationIdSchema,
    timeboxMs: agendaTimeboxSchema.nullable(),
  }),
  z.strictObject({
    type: z.literal('agenda.setTemplate'),
    phaseId: facilitationIdSchema,
    templateId: templateItemIdSchema.nullable(),
  }),
  z.strictObject({
    type: z.literal('agenda.setCurrent'),
    phaseId: facilitationIdSchema.nullable(),
  }),
  /** Start from a duration, or from a phase's timebox (`fromPhase`): exactly one of the two. */
  z
    .strictObject({
      type: z.literal('timer.start'),
      durationMs: timerDurationSchema.optional(),
      fromPhase: facilitationIdSchema.optional(),
      label: z.string().max(timerLabelMaxLength).optional(),
    })
    .refine((action) => (action.durationMs === undefined) !== (action.fromPhase === undefined), {
      message: 'give exactly one of durationMs and fromPhase',
    }),
  bare('timer.pause'),
  bare('timer.resume'),
  /** Add (or, negative, take off) time; e.g. +60 000 for "one more minute". */
  z.strictObject({
    type: z.literal('timer.addTime'),
    ms: z
      .number()
      .int()
      .min(-timerMaxDurationMs)
      .max(timerMaxDurationMs)
      .refine((ms) => ms !== 0, 'added time must not be zero'),
  }),
  bare('timer.stop'),
  z.strictObject({ type: z.literal('vote.start'), config: voteSessionConfigSchema }),
  voteItemAction('vote.cast'),
  voteItemAction('vote.retract'),
  sessionAction('vote.end'),
  sessionAction('vote.reveal'),
  z.strictObject({ type: z.literal('private.start'), anonymous: z.boolean() }),
  bare('private.reveal'),
  /** Bring everyone to the facilitator's view once. */
  z.strictObject({ type: z.literal('summon.once'), ...summonFields }),
  /** Everyone follows the facilitator's view until `summon.stop`. */
  z.strictObject({ type: z.literal('summon.follow'), ...summonFields }),
  z.strictObject({ type: z.literal('summon.stop'), ...summonFields }),
]);

/** A validated control action. */
export type ControlAction = z.infer<typeof controlActionSchema>;

/** The `type` of a control action. */
export type ControlActionType = ControlAction['type'];

/** A client's request: an id it chooses (echoed in the answer) and the action. */
export const controlRequestSchema = z.strictObject({
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  action: controlActionSchema,
});

/** A validated control request. */
export type ControlRequest = z.infer<typeof controlRequestSchema>;

const facilitatorOnly: readonly RoomRole[] = Object.freeze(['facilitator']);
const voters: readonly RoomRole[] = Object.freeze(['facilitator', 'participant', 'guest']);
const everyone: readonly RoomRole[] = Object.freeze([
  'facilitator',
  'participant',
  'guest',
  'viewer',
]);

/**
 * Which roles may perform each action. Running the workshop is the
 * facilitator's (users of tools where anyone can stop the timer or end
 * private mode complain); voting is for everyone who may add content;
 * anyone may read the clock.
 */
export const controlActionRoles: Readonly<Record<ControlActionType, readonly RoomRole[]>> =
  Object.freeze({
    'time.sync': everyone,
    'agenda.set': facilitatorOnly,
    'agenda.addPhase': facilitatorOnly,
    'agenda.renamePhase': facilitatorOnly,
    'agenda.movePhase': facilitatorOnly,
    'agenda.removePhase': facilitatorOnly,
    'agenda.setTimebox': facilitatorOnly,
    'agenda.setTemplate': facilitatorOnly,
    'agenda.setCurrent': facilitatorOnly,
    'timer.start': facilitatorOnly,
    'timer.pause': facilitatorOnly,
    'timer.resume': facilitatorOnly,
    'timer.addTime': facilitatorOnly,
    'timer.stop': facilitatorOnly,
    'vote.start': facilitatorOnly,
    'vote.cast': voters,
    'vote.retract': voters,
    'vote.end': facilitatorOnly,
    'vote.reveal': facilitatorOnly,
    'private.start': facilitatorOnly,
    'private.reveal': facilitatorOnly,
    'summon.once': facilitatorOnly,
    'summon.follow': facilitatorOnly,
    'summon.stop': facilitatorOnly,
  });

/** Every action type, for telling an unknown action from a malformed one. */
export const controlActionTypes: readonly ControlActionType[] = Object.freeze(
  Object.keys(controlActionRoles) as ControlActionType[],
);

/**
 * Why `role` may not perform `action`, or `undefined` if it may. No role
 * is a legacy open room, where everyone may do everything.
 */
export function refuseControlAction(
  role: RoomRole | undefined,
  action: ControlAction,
): FacilitationRefusal | undefined {
  if (role === undefined || controlActionRoles[action.type].includes(role)) return undefined;
  if (role === 'viewer') {
    return refusal('control.viewerReadOnly', `a viewer cannot ${action.type}`);
  }
  return refusal('control.facilitatorOnly', `only a facilitator can ${action.type}`);
}

/** A request that failed validation, with its id when it had a readable one. */
export interface RejectedControlRequest {
  readonly ok: false;
  readonly id: number | null;
  readonly refusal: FacilitationRefusal;
}

/**
 * Validates a decoded request. An action whose `type` this build does not
 * know is `control.unknownAction` (a newer client; it may degrade), any
 * other mismatch `control.malformed`. The request id is kept when it can
 * be read, so the refusal still reaches the right request.
 */
export function parseControlRequest(
  json: unknown,
): { readonly ok: true; readonly value: ControlRequest } | RejectedControlRequest {
  const parsed = controlRequestSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const candidate =
    typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const idParse = controlRequestSchema.shape.id.safeParse(candidate.id);
  const id = idParse.success ? idParse.data : null;
  const action = candidate.action;
  const type =
    typeof action === 'object' && action !== null
      ? (action as Record<string, unknown>).type
      : undefined;
  if (typeof type === 'string' && !(controlActionTypes as readonly string[]).includes(type)) {
    return {
      ok: false,
      id,
      refusal: refusal(
        'control.unknownAction',
        `unknown control action ${JSON.stringify(type.slice(0, 100))}`,
      ),
    };
  }
  return { ok: false, id, refusal: refusal('control.malformed', 'malformed control request') };
}

/**
 * A refusal code on the wire. Checked for shape, not against this build's
 * list: a newer server may refuse for a reason this client does not know
 * yet, and the client then shows a generic message instead of dropping the
 * answer.
 */
const wireRefusalCodeSchema = z
  .string()
  .max(100)
  .regex(/^[A-Za-z]+(\.[A-Za-z]+)+$/, 'a refusal code is dotted words');

/** Everything the server sends on the control channel, by `type`. */
export const serverControlMessageSchema = z.discriminatedUnion('type', [
  /** First message after joining: the server's clock and the joiner's role (null: open room). */
  z.strictObject({
    type: z.literal('hello'),
    version: z.number().int().min(1),
    serverTime: epochMsSchema,
    role: roomRoleSchema.nullable(),
  }),
  /** The request with this id was carried out. */
  z.strictObject({ type: z.literal('ack'), id: controlRequestSchema.shape.id }),
  /** The request was refused; id null when the request had no readable id. */
  z.strictObject({
    type: z.literal('refused'),
    id: controlRequestSchema.shape.id.nullable(),
    code: wireRefusalCodeSchema,
    params: z.record(z.string().max(100), z.union([z.string().max(1_000), z.number()])).optional(),
  }),
  /** Answer to `time.sync`: the client's own send time back, and the server's clock. */
  z.strictObject({
    type: z.literal('time'),
    id: controlRequestSchema.shape.id,
    clientSent: z.number().min(0).max(Number.MAX_SAFE_INTEGER),
    serverTime: epochMsSchema,
  }),
  /** A voter's own ballot in a session, sent only to that voter. */
  z.strictObject({
    type: z.literal('ballot'),
    sessionId: facilitationIdSchema,
    votes: z.array(facilitationIdSchema).max(voteMaxVotesPerPerson),
    remaining: z.number().int().min(0).max(voteMaxVotesPerPerson),
  }),
  /** How many have voted / used every vote, sent only to facilitators while a session runs. */
  z.strictObject({
    type: z.literal('voteProgress'),
    sessionId: facilitationIdSchema,
    voters: z.number().int().min(0),
    finished: z.number().int().min(0),
  }),
  /** Go to (once), keep following (follow) or stop following the facilitator's view. */
  z.strictObject({
    type: z.literal('summon'),
    mode: z.enum(['once', 'follow', 'stop']),
    ...summonFields,
  }),
]);

/** A validated server control message. */
export type ServerControlMessage = z.infer<typeof serverControlMessageSchema>;

/**
 * The `refused` answer for a refusal: code and params only. The English
 * reason stays in the server's log; the client translates the code.
 */
export function refusedMessage(
  id: number | null,
  why: Refusal,
): Extract<ServerControlMessage, { type: 'refused' }> {
  return {
    type: 'refused',
    id,
    code: why.code,
    ...(why.params === undefined ? {} : { params: { ...why.params } }),
  };
}
