import { describe, expect, it } from 'vitest';
import {
  type Agenda,
  addPhase,
  agendaMaxPhases,
  agendaSchema,
  defaultAgenda,
  movePhase,
  phaseTimebox,
  phaseTitle,
  removePhase,
  renamePhase,
  setAgendaPhases,
  setCurrentPhase,
  setPhaseTemplate,
  setPhaseTimebox,
  timeSpentPerPhase,
} from './agenda.js';
import type { FacilitationResult } from './facilitationRefusals.js';

function value<T>(result: FacilitationResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.refusal.code}`);
  return result.value;
}

function code<T>(result: FacilitationResult<T>): string | undefined {
  return result.ok ? undefined : result.refusal.code;
}

const ids = (agenda: Agenda) => agenda.phases.map((phase) => phase.id);

describe('defaultAgenda', () => {
  it('has the five phases of the method, labelled in fi and en, none current', () => {
    const agenda = defaultAgenda();
    expect(agendaSchema.parse(agenda)).toEqual(agenda);
    expect(agenda.phases.map((phase) => phaseTitle(phase, 'fi'))).toEqual([
      'Nykytila',
      'Asiakastarpeet',
      'Konseptin suunnittelu',
      'Pilotointi',
      'Käyttöönotto',
    ]);
    expect(agenda.phases.map((phase) => phaseTitle(phase, 'en'))).toEqual([
      'Current state',
      'Customer needs',
      'Concept design',
      'Pilot',
      'Roll-out',
    ]);
    expect(agenda.currentPhaseId).toBeNull();
  });
});

describe('addPhase', () => {
  it('inserts at the index with a trimmed title, template and timebox', () => {
    const agenda = value(
      addPhase(defaultAgenda(), {
        id: 'p1',
        title: '  Warm-up ',
        index: 0,
        templateId: 'journeyMap',
        timeboxMs: 15 * 60_000,
      }),
    );
    expect(agenda.phases[0]).toEqual({
      id: 'p1',
      title: { text: 'Warm-up' },
      templateId: 'journeyMap',
      timeboxMs: 900_000,
    });
    expect(agendaSchema.safeParse(agenda).success).toBe(true);
  });

  it('appends when the index is missing or past the end', () => {
    expect(ids(value(addPhase(defaultAgenda(), { id: 'a', title: 'A' }))).at(-1)).toBe('a');
    expect(ids(value(addPhase(defaultAgenda(), { id: 'a', title: 'A', index: 99 }))).at(-1)).toBe(
      'a',
    );
  });

  it('refuses a bad title, a taken id, a bad timebox and an unknown template', () => {
    const agenda = defaultAgenda();
    expect(code(addPhase(agenda, { id: 'x', title: '   ' }))).toBe('agenda.invalidTitle');
    const long = addPhase(agenda, { id: 'x', title: 'a'.repeat(121) });
    expect(long.ok ? undefined : long.refusal.params).toEqual({ maxLength: 120 });
    expect(code(addPhase(agenda, { id: 'x', title: 'a'.repeat(120) }))).toBeUndefined();
    expect(code(addPhase(agenda, { id: 'pilot', title: 'Again' }))).toBe('agenda.duplicatePhase');
    expect(code(addPhase(agenda, { id: 'x', title: 'X', timeboxMs: 59_999 }))).toBe(
      'agenda.invalidTimebox',
    );
    expect(code(addPhase(agenda, { id: 'x', title: 'X', timeboxMs: 8 * 3_600_000 + 1 }))).toBe(
      'agenda.invalidTimebox',
    );
    expect(code(addPhase(agenda, { id: 'x', title: 'X', templateId: 'nope' }))).toBe(
      'agenda.unknownTemplate',
    );
  });

  it('refuses a phase beyond the cap', () => {
    let agenda: Agenda = { phases: [], currentPhaseId: null, spans: [] };
    for (let i = 0; i < agendaMaxPhases; i++) {
      agenda = value(addPhase(agenda, { id: `p${i}`, title: `P${i}` }));
    }
    const full = addPhase(agenda, { id: 'more', title: 'More' });
    expect(code(full)).toBe('agenda.tooManyPhases');
    expect(full.ok ? undefined : full.refusal.params).toEqual({ maxPhases: agendaMaxPhases });
  });
});

describe('renamePhase', () => {
  it('turns a default label into the typed text, in every language', () => {
    const agenda = value(renamePhase(defaultAgenda(), 'pilot', ' Kokeilu '));
    const pilot = agenda.phases.find((phase) => phase.id === 'pilot');
    expect(pilot && phaseTitle(pilot, 'en')).toBe('Kokeilu');
  });

  it('refuses an unknown phase and a bad title', () => {
    expect(code(renamePhase(defaultAgenda(), 'nope', 'X'))).toBe('agenda.unknownPhase');
    expect(code(renamePhase(defaultAgenda(), 'pilot', ''))).toBe('agenda.invalidTitle');
  });
});

describe('movePhase', () => {
  it('reorders, clamping the target index', () => {
    expect(ids(value(movePhase(defaultAgenda(), 'rollOut', 0)))).toEqual([
      'rollOut',
      'currentState',
      'customerNeeds',
      'conceptDesign',
      'pilot',
    ]);
    expect(ids(value(movePhase(defaultAgenda(), 'currentState', 42))).at(-1)).toBe('currentState');
    expect(ids(value(movePhase(defaultAgenda(), 'pilot', -3)))[0]).toBe('pilot');
  });

  it('refuses an unknown phase', () => {
    expect(code(movePhase(defaultAgenda(), 'nope', 0))).toBe('agenda.unknownPhase');
  });
});

describe('removePhase', () => {
  it('removing the current phase clears current and drops its spans', () => {
    let agenda = value(setCurrentPhase(defaultAgenda(), 'pilot', 1_000));
    agenda = value(removePhase(agenda, 'pilot'));
    expect(agenda.currentPhaseId).toBeNull();
    expect(agenda.spans).toEqual([]);
    expect(ids(agenda)).not.toContain('pilot');
    expect(agendaSchema.safeParse(agenda).success).toBe(true);
  });

  it('keeps the current phase when another is removed', () => {
    let agenda = value(setCurrentPhase(defaultAgenda(), 'pilot', 1_000));
    agenda = value(removePhase(agenda, 'rollOut'));
    expect(agenda.currentPhaseId).toBe('pilot');
    expect(agenda.spans).toHaveLength(1);
  });

  it('refuses an unknown phase', () => {
    expect(code(removePhase(defaultAgenda(), 'nope'))).toBe('agenda.unknownPhase');
  });
});

describe('setPhaseTimebox and setPhaseTemplate', () => {
  it('set and clear', () => {
    let agenda = value(setPhaseTimebox(defaultAgenda(), 'pilot', 60_000));
    agenda = value(setPhaseTemplate(agenda, 'pilot', 'serviceBlueprint'));
    expect(agenda.phases[3]).toEqual({
      id: 'pilot',
      title: { key: 'pilot' },
      timeboxMs: 60_000,
      templateId: 'serviceBlueprint',
    });
    agenda = value(setPhaseTimebox(agenda, 'pilot', null));
    agenda = value(setPhaseTemplate(agenda, 'pilot', null));
    expect(agenda.phases[3]).toEqual({ id: 'pilot', title: { key: 'pilot' } });
  });

  it('refuse out-of-range timeboxes, unknown templates and unknown phases', () => {
    expect(code(setPhaseTimebox(defaultAgenda(), 'pilot', 1_000))).toBe('agenda.invalidTimebox');
    expect(code(setPhaseTimebox(defaultAgenda(), 'pilot', 1.5 * 60_000 + 0.5))).toBe(
      'agenda.invalidTimebox',
    );
    expect(code(setPhaseTimebox(defaultAgenda(), 'nope', 60_000))).toBe('agenda.unknownPhase');
    expect(code(setPhaseTemplate(defaultAgenda(), 'pilot', 'nope'))).toBe('agenda.unknownTemplate');
    expect(code(setPhaseTemplate(defaultAgenda(), 'nope', 'persona'))).toBe('agenda.unknownPhase');
  });
});

describe('setCurrentPhase and timeSpentPerPhase', () => {
  it('closes the open span and opens the next; the open span counts up to now', () => {
    let agenda = value(setCurrentPhase(defaultAgenda(), 'currentState', 1_000));
    agenda = value(setCurrentPhase(agenda, 'customerNeeds', 61_000));
    agenda = value(setCurrentPhase(agenda, 'currentState', 121_000));
    expect(agendaSchema.safeParse(agenda).success).toBe(true);
    expect(timeSpentPerPhase(agenda, 151_000)).toEqual({
      currentState: 90_000,
      customerNeeds: 60_000,
      conceptDesign: 0,
      pilot: 0,
      rollOut: 0,
    });
    agenda = value(setCurrentPhase(agenda, null, 181_000));
    expect(agenda.currentPhaseId).toBeNull();
    expect(agenda.spans.every((span) => span.endedAt !== null)).toBe(true);
    expect(timeSpentPerPhase(agenda, 10_000_000).currentState).toBe(120_000);
  });

  it('does not split the span when the current phase is set again', () => {
    const once = value(setCurrentPhase(defaultAgenda(), 'pilot', 1_000));
    expect(value(setCurrentPhase(once, 'pilot', 5_000))).toBe(once);
  });

  it('refuses an unknown phase', () => {
    expect(code(setCurrentPhase(defaultAgenda(), 'nope', 0))).toBe('agenda.unknownPhase');
  });

  it('counts only phases that exist, even a phase named like an Object.prototype member', () => {
    const agenda = value(addPhase(defaultAgenda(), { id: 'constructor', title: 'C' }));
    const on = value(setCurrentPhase(agenda, 'constructor', 0));
    expect(timeSpentPerPhase(on, 5).constructor).toBe(5);
  });
});

describe('setAgendaPhases', () => {
  it('keeps the current phase when it stays', () => {
    const on = value(setCurrentPhase(defaultAgenda(), 'pilot', 0));
    const next = value(setAgendaPhases(on, [{ id: 'pilot', title: { text: 'Pilot' } }], 10));
    expect(next.currentPhaseId).toBe('pilot');
    expect(next.spans).toEqual([{ phaseId: 'pilot', startedAt: 0, endedAt: null }]);
  });

  it('clears the current phase and its spans when it goes', () => {
    const on = value(setCurrentPhase(defaultAgenda(), 'pilot', 0));
    const next = value(setAgendaPhases(on, [{ id: 'x', title: { text: 'X' } }], 10));
    expect(next).toEqual({
      phases: [{ id: 'x', title: { text: 'X' } }],
      currentPhaseId: null,
      spans: [],
    });
  });

  it('refuses repeated ids, malformed phases and too many', () => {
    const twice = [
      { id: 'a', title: { text: 'A' } },
      { id: 'a', title: { text: 'B' } },
    ];
    expect(code(setAgendaPhases(defaultAgenda(), twice, 0))).toBe('agenda.invalid');
    expect(code(setAgendaPhases(defaultAgenda(), [{ id: 'a', title: { text: '' } }], 0))).toBe(
      'agenda.invalid',
    );
    const many = Array.from({ length: agendaMaxPhases + 1 }, (_, i) => ({
      id: `p${i}`,
      title: { text: 'P' },
    }));
    expect(code(setAgendaPhases(defaultAgenda(), many, 0))).toBe('agenda.tooManyPhases');
  });
});

describe('agendaSchema', () => {
  it('rejects a current phase that is not a phase and an open span that is not current', () => {
    expect(agendaSchema.safeParse({ ...defaultAgenda(), currentPhaseId: 'nope' }).success).toBe(
      false,
    );
    expect(
      agendaSchema.safeParse({
        ...defaultAgenda(),
        spans: [{ phaseId: 'pilot', startedAt: 0, endedAt: null }],
      }).success,
    ).toBe(false);
  });
});

describe('phaseTimebox', () => {
  it('gives the timebox, or refuses a phase without one and an unknown phase', () => {
    const agenda = value(setPhaseTimebox(defaultAgenda(), 'pilot', 20 * 60_000));
    expect(value(phaseTimebox(agenda, 'pilot'))).toBe(1_200_000);
    expect(code(phaseTimebox(agenda, 'rollOut'))).toBe('agenda.noTimebox');
    expect(code(phaseTimebox(agenda, 'nope'))).toBe('agenda.unknownPhase');
  });
});
