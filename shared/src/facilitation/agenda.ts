import { z } from 'zod';
import type { Locale, LocalizedText } from '../schema/localizedText.js';
import { templateItemIdSchema } from '../schema/templateDefinition.js';
import { findTemplateDefinition } from '../templates/registry.js';
import {
  accepted,
  epochMsSchema,
  type FacilitationResult,
  facilitationIdSchema,
  refused,
} from './facilitationRefusals.js';

/**
 * A workshop's agenda: its phases in order, which one is on now, and when
 * each was on (so the facilitator sees the time spent per phase). It lives
 * in the board's public document and only the server writes it. Pure: the
 * server passes `now` from its own clock.
 */

/** The five workshop phases of the method, in the order a workshop runs them. */
export const agendaPhaseKeys = [
  'currentState',
  'customerNeeds',
  'conceptDesign',
  'pilot',
  'rollOut',
] as const;

/** One of {@link agendaPhaseKeys}. */
export const agendaPhaseKeySchema = z.enum(agendaPhaseKeys);

/** A default workshop phase. */
export type AgendaPhaseKey = z.infer<typeof agendaPhaseKeySchema>;

/** The fi/en label of each default phase (DOMAIN.md, "The work a workshop does"). */
export const agendaPhaseLabels: Readonly<Record<AgendaPhaseKey, LocalizedText>> = Object.freeze({
  currentState: { fi: 'Nykytila', en: 'Current state' },
  customerNeeds: { fi: 'Asiakastarpeet', en: 'Customer needs' },
  conceptDesign: { fi: 'Konseptin suunnittelu', en: 'Concept design' },
  pilot: { fi: 'Pilotointi', en: 'Pilot' },
  rollOut: { fi: 'Käyttöönotto', en: 'Roll-out' },
});

/** Most phases an agenda may have. */
export const agendaMaxPhases = 30;

/** Longest phase title, after trimming. */
export const agendaPhaseTitleMaxLength = 120;

/** Shortest timebox of a phase: one minute. */
export const agendaMinTimeboxMs = 60_000;

/** Longest timebox of a phase: eight hours (a full workshop day). */
export const agendaMaxTimeboxMs = 8 * 60 * 60_000;

/**
 * Most time spans kept. Each phase change adds one; a workshop makes a few
 * dozen, so reaching this means something toggles phases in a loop, and
 * dropping the oldest spans (and the time they counted) keeps the
 * document from growing without bound.
 */
export const agendaMaxSpans = 500;

/** A phase title as a person types it: trimmed, 1–120 characters. */
export const agendaPhaseTitleTextSchema = z
  .string()
  .trim()
  .min(1, 'title must not be empty')
  .max(agendaPhaseTitleMaxLength, `title must be at most ${agendaPhaseTitleMaxLength} characters`);

/**
 * A phase's title: a default phase keeps its key, so every reader sees the
 * label in their own UI language until someone renames it; a renamed phase
 * keeps the text as typed.
 */
export const agendaPhaseTitleSchema = z.union([
  z.strictObject({ key: agendaPhaseKeySchema }),
  z.strictObject({ text: agendaPhaseTitleTextSchema }),
]);

/** A validated phase title. */
export type AgendaPhaseTitle = z.infer<typeof agendaPhaseTitleSchema>;

/** A phase timebox in milliseconds: one minute to eight hours. */
export const agendaTimeboxSchema = z.number().int().min(agendaMinTimeboxMs).max(agendaMaxTimeboxMs);

/** One phase of the agenda. */
export const agendaPhaseSchema = z.strictObject({
  id: facilitationIdSchema,
  title: agendaPhaseTitleSchema,
  /** Template the phase works with, by registry id (a newer build's id is kept as is). */
  templateId: templateItemIdSchema.optional(),
  /** Planned length; `timer.start` from the phase uses it. */
  timeboxMs: agendaTimeboxSchema.optional(),
});

/** A validated agenda phase. */
export type AgendaPhase = z.infer<typeof agendaPhaseSchema>;

/** A time the phase was on; `endedAt` is null while it still is. */
export const agendaSpanSchema = z.strictObject({
  phaseId: facilitationIdSchema,
  startedAt: epochMsSchema,
  endedAt: epochMsSchema.nullable(),
});

/** A validated agenda span. */
export type AgendaSpan = z.infer<typeof agendaSpanSchema>;

/**
 * The agenda as stored: phase ids unique, the current phase one of them,
 * spans only of existing phases, and at most the last span open (the one
 * of the current phase).
 */
export const agendaSchema = z
  .strictObject({
    phases: z.array(agendaPhaseSchema).max(agendaMaxPhases),
    currentPhaseId: facilitationIdSchema.nullable(),
    spans: z.array(agendaSpanSchema).max(agendaMaxSpans),
  })
  .superRefine((agenda, context) => {
    const ids = new Set(agenda.phases.map((phase) => phase.id));
    if (ids.size !== agenda.phases.length) {
      context.addIssue({ code: 'custom', message: 'phase ids must be unique' });
    }
    if (agenda.currentPhaseId !== null && !ids.has(agenda.currentPhaseId)) {
      context.addIssue({ code: 'custom', message: 'current phase must be a phase' });
    }
    agenda.spans.forEach((span, index) => {
      if (!ids.has(span.phaseId)) {
        context.addIssue({ code: 'custom', message: 'span of an unknown phase' });
      }
      if (span.endedAt !== null && span.endedAt < span.startedAt) {
        context.addIssue({ code: 'custom', message: 'span ends before it starts' });
      }
      const open = span.endedAt === null;
      const mayBeOpen = index === agenda.spans.length - 1 && span.phaseId === agenda.currentPhaseId;
      if (open && !mayBeOpen) {
        context.addIssue({ code: 'custom', message: 'only the current phase span may be open' });
      }
    });
  });

/** A validated agenda. */
export type Agenda = z.infer<typeof agendaSchema>;

/** The agenda of a new board: the five phases of the method, none on yet. */
export function defaultAgenda(): Agenda {
  return {
    phases: agendaPhaseKeys.map((key) => ({ id: key, title: { key } })),
    currentPhaseId: null,
    spans: [],
  };
}

/** The title a reader sees: a default phase's label in `locale`, or the typed text. */
export function phaseTitle(phase: AgendaPhase, locale: Locale): string {
  return 'key' in phase.title ? agendaPhaseLabels[phase.title.key][locale] : phase.title.text;
}

/** The phase with `phaseId`, if the agenda has one. */
export function findAgendaPhase(agenda: Agenda, phaseId: string): AgendaPhase | undefined {
  return agenda.phases.find((phase) => phase.id === phaseId);
}

/**
 * The timebox of `phaseId`, for `timer.start` from a phase. Refused when
 * the phase is unknown or has no timebox.
 */
export function phaseTimebox(agenda: Agenda, phaseId: string): FacilitationResult<number> {
  const phase = findAgendaPhase(agenda, phaseId);
  if (!phase) return unknownPhase(phaseId);
  if (phase.timeboxMs === undefined) {
    return refused('agenda.noTimebox', `phase ${JSON.stringify(phaseId)} has no timebox`);
  }
  return accepted(phase.timeboxMs);
}

/** What {@link addPhase} needs; the server picks the id. */
export interface NewAgendaPhase {
  readonly id: string;
  readonly title: string;
  /** Position in the list; past the end (or left out) appends. */
  readonly index?: number;
  readonly templateId?: string;
  readonly timeboxMs?: number;
}

function titleText(title: string): FacilitationResult<string> {
  const parsed = agendaPhaseTitleTextSchema.safeParse(title);
  return parsed.success
    ? accepted(parsed.data)
    : refused('agenda.invalidTitle', 'phase title is empty or too long', {
        maxLength: agendaPhaseTitleMaxLength,
      });
}

function checkTimebox(timeboxMs: number | undefined): FacilitationResult<number | undefined> {
  if (timeboxMs === undefined || agendaTimeboxSchema.safeParse(timeboxMs).success) {
    return accepted(timeboxMs);
  }
  return refused('agenda.invalidTimebox', 'timebox out of range', {
    minMs: agendaMinTimeboxMs,
    maxMs: agendaMaxTimeboxMs,
  });
}

function checkTemplate(templateId: string | undefined): FacilitationResult<string | undefined> {
  if (templateId === undefined || findTemplateDefinition(templateId) !== undefined) {
    return accepted(templateId);
  }
  return refused('agenda.unknownTemplate', `no template ${JSON.stringify(templateId)}`);
}

function clampIndex(index: number | undefined, length: number): number {
  if (index === undefined || !Number.isFinite(index)) return length;
  return Math.min(Math.max(Math.trunc(index), 0), length);
}

function unknownPhase<T>(phaseId: string): FacilitationResult<T> {
  return refused('agenda.unknownPhase', `no phase ${JSON.stringify(phaseId)}`);
}

/** Without `undefined` members, so a stored phase never holds keys JSON would drop anyway. */
function phaseOf(
  id: string,
  title: AgendaPhaseTitle,
  templateId: string | undefined,
  timeboxMs: number | undefined,
): AgendaPhase {
  return {
    id,
    title,
    ...(templateId === undefined ? {} : { templateId }),
    ...(timeboxMs === undefined ? {} : { timeboxMs }),
  };
}

/** Adds a phase at `index` (clamped to the list). */
export function addPhase(agenda: Agenda, phase: NewAgendaPhase): FacilitationResult<Agenda> {
  if (agenda.phases.length >= agendaMaxPhases) {
    return refused('agenda.tooManyPhases', 'agenda is full', { maxPhases: agendaMaxPhases });
  }
  if (!facilitationIdSchema.safeParse(phase.id).success || findAgendaPhase(agenda, phase.id)) {
    return refused('agenda.duplicatePhase', `phase id ${JSON.stringify(phase.id)} is taken`);
  }
  const text = titleText(phase.title);
  if (!text.ok) return text;
  const timebox = checkTimebox(phase.timeboxMs);
  if (!timebox.ok) return timebox;
  const template = checkTemplate(phase.templateId);
  if (!template.ok) return template;
  const phases = [...agenda.phases];
  phases.splice(
    clampIndex(phase.index, phases.length),
    0,
    phaseOf(phase.id, { text: text.value }, template.value, timebox.value),
  );
  return accepted({ ...agenda, phases });
}

function updatePhase(
  agenda: Agenda,
  phaseId: string,
  update: (phase: AgendaPhase) => AgendaPhase,
): FacilitationResult<Agenda> {
  if (!findAgendaPhase(agenda, phaseId)) return unknownPhase(phaseId);
  return accepted({
    ...agenda,
    phases: agenda.phases.map((phase) => (phase.id === phaseId ? update(phase) : phase)),
  });
}

/** Gives a phase a typed title; a default phase stops following the UI language. */
export function renamePhase(
  agenda: Agenda,
  phaseId: string,
  title: string,
): FacilitationResult<Agenda> {
  const text = titleText(title);
  if (!text.ok) return text;
  return updatePhase(agenda, phaseId, (phase) => ({ ...phase, title: { text: text.value } }));
}

/** Moves a phase to `toIndex` (clamped) of the list without it. */
export function movePhase(
  agenda: Agenda,
  phaseId: string,
  toIndex: number,
): FacilitationResult<Agenda> {
  const phase = findAgendaPhase(agenda, phaseId);
  if (!phase) return unknownPhase(phaseId);
  const phases = agenda.phases.filter((other) => other.id !== phaseId);
  phases.splice(clampIndex(toIndex, phases.length), 0, phase);
  return accepted({ ...agenda, phases });
}

/**
 * Removes a phase and its spans (time spent is reported only for phases
 * that exist). Removing the current phase leaves no phase current.
 */
export function removePhase(agenda: Agenda, phaseId: string): FacilitationResult<Agenda> {
  if (!findAgendaPhase(agenda, phaseId)) return unknownPhase(phaseId);
  return accepted({
    phases: agenda.phases.filter((phase) => phase.id !== phaseId),
    currentPhaseId: agenda.currentPhaseId === phaseId ? null : agenda.currentPhaseId,
    spans: agenda.spans.filter((span) => span.phaseId !== phaseId),
  });
}

/** Sets (1 min–8 h) or clears (`null`) a phase's timebox. */
export function setPhaseTimebox(
  agenda: Agenda,
  phaseId: string,
  timeboxMs: number | null,
): FacilitationResult<Agenda> {
  const timebox = checkTimebox(timeboxMs ?? undefined);
  if (!timebox.ok) return timebox;
  return updatePhase(agenda, phaseId, (phase) =>
    phaseOf(phase.id, phase.title, phase.templateId, timebox.value),
  );
}

/** Sets (a registry id) or clears (`null`) the template a phase works with. */
export function setPhaseTemplate(
  agenda: Agenda,
  phaseId: string,
  templateId: string | null,
): FacilitationResult<Agenda> {
  const template = checkTemplate(templateId ?? undefined);
  if (!template.ok) return template;
  return updatePhase(agenda, phaseId, (phase) =>
    phaseOf(phase.id, phase.title, template.value, phase.timeboxMs),
  );
}

function closeOpenSpan(spans: readonly AgendaSpan[], now: number): AgendaSpan[] {
  return spans.map((span) =>
    span.endedAt === null ? { ...span, endedAt: Math.max(now, span.startedAt) } : span,
  );
}

/**
 * Makes `phaseId` the current phase (or none, for `null`) at `now`: the
 * open span closes and the new phase's opens. Setting the phase that is
 * already current changes nothing, so a double click does not split spans.
 */
export function setCurrentPhase(
  agenda: Agenda,
  phaseId: string | null,
  now: number,
): FacilitationResult<Agenda> {
  if (phaseId !== null && !findAgendaPhase(agenda, phaseId)) return unknownPhase(phaseId);
  if (phaseId === agenda.currentPhaseId) return accepted(agenda);
  const spans = closeOpenSpan(agenda.spans, now);
  if (phaseId !== null) spans.push({ phaseId, startedAt: now, endedAt: null });
  return accepted({
    ...agenda,
    currentPhaseId: phaseId,
    spans: spans.slice(-agendaMaxSpans),
  });
}

/**
 * Replaces the phases as a whole (a reset to the default, or an agenda
 * from another board). The current phase stays current if it is still
 * there; if not, its span closes at `now` and none is current.
 */
export function setAgendaPhases(
  agenda: Agenda,
  phases: readonly AgendaPhase[],
  now: number,
): FacilitationResult<Agenda> {
  if (phases.length > agendaMaxPhases) {
    return refused('agenda.tooManyPhases', 'agenda is full', { maxPhases: agendaMaxPhases });
  }
  const parsed = z.array(agendaPhaseSchema).safeParse(phases);
  const ids = new Set(phases.map((phase) => phase.id));
  if (!parsed.success || ids.size !== phases.length) {
    return refused('agenda.invalid', 'agenda phases are malformed or repeat an id');
  }
  const keepCurrent = agenda.currentPhaseId !== null && ids.has(agenda.currentPhaseId);
  const spans = (keepCurrent ? agenda.spans : closeOpenSpan(agenda.spans, now)).filter((span) =>
    ids.has(span.phaseId),
  );
  return accepted({
    phases: parsed.data,
    currentPhaseId: keepCurrent ? agenda.currentPhaseId : null,
    spans,
  });
}

/**
 * Milliseconds each phase has been current, by phase id (0 for phases
 * never on): the sum of its spans, the open one counted up to `now`.
 */
export function timeSpentPerPhase(agenda: Agenda, now: number): Record<string, number> {
  // A Map, not an object literal: a phase id such as `constructor` must not meet Object.prototype.
  const spent = new Map(agenda.phases.map((phase) => [phase.id, 0]));
  for (const span of agenda.spans) {
    const sum = spent.get(span.phaseId);
    if (sum === undefined) continue;
    const end = span.endedAt ?? Math.max(now, span.startedAt);
    spent.set(span.phaseId, sum + (end - span.startedAt));
  }
  return Object.fromEntries(spent);
}
