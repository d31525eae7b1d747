import {
  type Agenda,
  type AgendaPhase,
  agendaMaxPhases,
  agendaMaxTimeboxMs,
  agendaMinTimeboxMs,
  agendaPhaseTitleMaxLength,
  type ControlAction,
  localize,
  phaseTitle,
  templateDefinitions,
  timeSpentPerPhase,
} from '@kohtaamo/shared';
import { type FormEvent, type JSX, useEffect, useId, useState } from 'react';
import { formatDuration } from '../i18n/formatDuration';
import type { Locale } from '../i18n/messages';
import type { Translate } from '../i18n/refusalMessage';
import { translator } from './facilitationText';

/** Props of {@link AgendaPanel}. */
export interface AgendaPanelProps {
  readonly agenda: Agenda;
  readonly locale: Locale;
  /** The facilitator edits; everyone else reads. */
  readonly canEdit: boolean;
  readonly serverNow: () => number;
  request(action: ControlAction): void;
  /** Inserts a template on the board (absent where the board cannot be edited). */
  readonly onInsertTemplate?: (templateId: string) => void;
}

/** Re-renders every `ms` while `active`, so times spent count up. */
function useTicker(active: boolean, ms: number): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const interval = setInterval(() => setTick((tick) => tick + 1), ms);
    return () => clearInterval(interval);
  }, [active, ms]);
}

/**
 * The workshop's agenda: its phases in order with the current one marked
 * and the time spent on each. The facilitator can add, rename, reorder
 * (up/down buttons), remove, timebox and attach a template to phases, make
 * one current or go to the next; everyone else sees the list.
 */
export function AgendaPanel(props: AgendaPanelProps): JSX.Element {
  const { agenda, locale, canEdit, request } = props;
  const t = translator(locale);
  useTicker(agenda.currentPhaseId !== null, 1_000);
  const spent = timeSpentPerPhase(agenda, props.serverNow());
  const currentIndex = agenda.phases.findIndex((phase) => phase.id === agenda.currentPhaseId);
  const next = agenda.phases[currentIndex + 1];
  return (
    <section className="kohtaamo-agenda" aria-label={t('facil.agenda.title')}>
      {agenda.phases.length === 0 ? (
        <p>{t('facil.agenda.empty')}</p>
      ) : (
        <ol className="kohtaamo-agenda-list">
          {agenda.phases.map((phase, index) => (
            <AgendaPhaseRow
              key={phase.id}
              phase={phase}
              index={index}
              count={agenda.phases.length}
              current={phase.id === agenda.currentPhaseId}
              spentMs={spent[phase.id] ?? 0}
              {...props}
              t={t}
            />
          ))}
        </ol>
      )}
      {canEdit && (
        <>
          <div className="kohtaamo-facil-row">
            {next && (
              <button
                type="button"
                className="kohtaamo-facil-button is-primary"
                onClick={() => request({ type: 'agenda.setCurrent', phaseId: next.id })}
              >
                {t('facil.agenda.next')}
              </button>
            )}
            {agenda.currentPhaseId !== null && (
              <button
                type="button"
                className="kohtaamo-facil-button"
                onClick={() => request({ type: 'agenda.setCurrent', phaseId: null })}
              >
                {t('facil.agenda.endPhase')}
              </button>
            )}
          </div>
          {agenda.phases.length < agendaMaxPhases && <AddPhaseForm t={t} request={request} />}
        </>
      )}
    </section>
  );
}

function AddPhaseForm(props: { t: Translate; request(action: ControlAction): void }) {
  const { t, request } = props;
  const [title, setTitle] = useState('');
  const inputId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) return;
    request({ type: 'agenda.addPhase', title: trimmed });
    setTitle('');
  };
  return (
    <form className="kohtaamo-facil-row" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        {t('facil.agenda.newTitle')}
      </label>
      <input
        id={inputId}
        className="kohtaamo-facil-input"
        value={title}
        maxLength={agendaPhaseTitleMaxLength}
        placeholder={t('facil.agenda.newTitle')}
        onChange={(event) => setTitle(event.target.value)}
      />
      <button type="submit" className="kohtaamo-facil-button">
        {t('facil.agenda.add')}
      </button>
    </form>
  );
}

interface AgendaPhaseRowProps extends AgendaPanelProps {
  readonly phase: AgendaPhase;
  readonly index: number;
  readonly count: number;
  readonly current: boolean;
  readonly spentMs: number;
  readonly t: Translate;
}

function AgendaPhaseRow(props: AgendaPhaseRowProps): JSX.Element {
  const { phase, index, count, current, spentMs, t, locale, canEdit, request } = props;
  const title = phaseTitle(phase, locale);
  const template = phase.templateId
    ? templateDefinitions.find((definition) => definition.id === phase.templateId)
    : undefined;
  return (
    <li
      className={`kohtaamo-agenda-phase${current ? ' is-current' : ''}`}
      aria-current={current ? 'step' : undefined}
      data-phase-id={phase.id}
    >
      <div className="kohtaamo-agenda-phase-head">
        {current && <span className="kohtaamo-agenda-now">{t('facil.agenda.current')}</span>}
        <span className="kohtaamo-agenda-title">{title}</span>
        <span className="kohtaamo-agenda-meta">
          {phase.timeboxMs !== undefined && <span>{formatDuration(phase.timeboxMs)}</span>}
          {template && <span>{localize(template.title, locale)}</span>}
          {spentMs > 0 && <span>{t('facil.agenda.spent', { time: formatDuration(spentMs) })}</span>}
        </span>
      </div>
      {canEdit && (
        <div className="kohtaamo-agenda-edit">
          <PhaseTitleInput phase={phase} title={title} t={t} request={request} />
          <PhaseTimeboxInput phase={phase} title={title} t={t} request={request} />
          <select
            className="kohtaamo-facil-input"
            aria-label={t('facil.agenda.templateLabel', { phase: title })}
            value={phase.templateId ?? ''}
            onChange={(event) =>
              request({
                type: 'agenda.setTemplate',
                phaseId: phase.id,
                templateId: event.target.value || null,
              })
            }
          >
            <option value="">{t('facil.agenda.noTemplate')}</option>
            {templateDefinitions.map((definition) => (
              <option key={definition.id} value={definition.id}>
                {localize(definition.title, locale)}
              </option>
            ))}
          </select>
          <div className="kohtaamo-facil-row">
            {!current && (
              <button
                type="button"
                className="kohtaamo-facil-button"
                aria-label={t('facil.agenda.makeCurrentLabel', { phase: title })}
                onClick={() => request({ type: 'agenda.setCurrent', phaseId: phase.id })}
              >
                {t('facil.agenda.makeCurrent')}
              </button>
            )}
            {template && props.onInsertTemplate && (
              <button
                type="button"
                className="kohtaamo-facil-button"
                aria-label={t('facil.agenda.insertTemplateLabel', { phase: title })}
                onClick={() => props.onInsertTemplate?.(template.id)}
              >
                {t('facil.agenda.insertTemplate')}
              </button>
            )}
            <button
              type="button"
              className="kohtaamo-facil-button is-icon"
              aria-label={t('facil.agenda.moveUp', { phase: title })}
              disabled={index === 0}
              onClick={() =>
                request({ type: 'agenda.movePhase', phaseId: phase.id, toIndex: index - 1 })
              }
            >
              ↑
            </button>
            <button
              type="button"
              className="kohtaamo-facil-button is-icon"
              aria-label={t('facil.agenda.moveDown', { phase: title })}
              disabled={index === count - 1}
              onClick={() =>
                request({ type: 'agenda.movePhase', phaseId: phase.id, toIndex: index + 1 })
              }
            >
              ↓
            </button>
            <button
              type="button"
              className="kohtaamo-facil-button is-danger"
              aria-label={t('facil.agenda.remove', { phase: title })}
              onClick={() => request({ type: 'agenda.removePhase', phaseId: phase.id })}
            >
              ✕
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

interface PhaseFieldProps {
  readonly phase: AgendaPhase;
  readonly title: string;
  readonly t: Translate;
  request(action: ControlAction): void;
}

/** Renames on Enter or leaving the field, only when the text changed. */
function PhaseTitleInput(props: PhaseFieldProps): JSX.Element {
  const { phase, title, t, request } = props;
  const [draft, setDraft] = useState(title);
  useEffect(() => setDraft(title), [title]);
  const commit = () => {
    const trimmed = draft.trim();
    if (!trimmed || trimmed === title) {
      setDraft(title);
      return;
    }
    request({ type: 'agenda.renamePhase', phaseId: phase.id, title: trimmed });
  };
  return (
    <input
      className="kohtaamo-facil-input"
      aria-label={t('facil.agenda.titleLabel', { phase: title })}
      value={draft}
      maxLength={agendaPhaseTitleMaxLength}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape') setDraft(title);
      }}
    />
  );
}

/** Minutes; empty clears the timebox. Sent on Enter or leaving the field. */
function PhaseTimeboxInput(props: PhaseFieldProps): JSX.Element {
  const { phase, title, t, request } = props;
  const shown = phase.timeboxMs === undefined ? '' : String(Math.round(phase.timeboxMs / 60_000));
  const [draft, setDraft] = useState(shown);
  useEffect(() => setDraft(shown), [shown]);
  const commit = () => {
    if (draft === shown) return;
    if (draft.trim() === '') {
      request({ type: 'agenda.setTimebox', phaseId: phase.id, timeboxMs: null });
      return;
    }
    const minutes = Number(draft.replace(',', '.'));
    if (!Number.isFinite(minutes)) {
      setDraft(shown);
      return;
    }
    const timeboxMs = Math.min(
      agendaMaxTimeboxMs,
      Math.max(agendaMinTimeboxMs, Math.round(minutes) * 60_000),
    );
    request({ type: 'agenda.setTimebox', phaseId: phase.id, timeboxMs });
  };
  return (
    <input
      className="kohtaamo-facil-input kohtaamo-facil-minutes"
      type="number"
      inputMode="numeric"
      min={1}
      max={agendaMaxTimeboxMs / 60_000}
      step={1}
      placeholder={t('facil.agenda.timebox')}
      aria-label={t('facil.agenda.timeboxLabel', { phase: title })}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
    />
  );
}
