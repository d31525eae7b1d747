import { describe, expect, it } from 'vitest';
import { conceptCanvas } from '../templates/conceptCanvas.js';
import { journeyMap } from '../templates/journeyMap.js';
import { persona } from '../templates/persona.js';
import { templateDefinitions } from '../templates/registry.js';
import { serviceBlueprint } from '../templates/serviceBlueprint.js';
import { TemplateEditError, type TemplateEditErrorReason } from './TemplateEditError.js';
import { maxTemplateLanes, maxTemplateStages } from './templateDefinition.js';
import {
  addLane,
  addStage,
  createTemplateInstance,
  createTemplateItemId,
  type GridTemplateInstance,
  gridTemplateInstanceSchema,
  maxCustomLabelLength,
  moveLane,
  moveStage,
  normalizeLines,
  removeLane,
  removeStage,
  renameLane,
  renameStage,
  resolveLabel,
  templateInstanceSchema,
  templateInstanceVersion,
} from './templateInstance.js';

const journey = () => createTemplateInstance(journeyMap);
const blueprint = () => createTemplateInstance(serviceBlueprint);

/** Lane ids top to bottom, with `—lineId` after the lane each line sits below. */
function picture(instance: GridTemplateInstance): string[] {
  return instance.lanes.flatMap((lane) => [
    lane.id,
    ...instance.lines.filter((line) => line.aboveLaneId === lane.id).map((line) => `—${line.id}`),
  ]);
}

function expectConsistent(instance: GridTemplateInstance): void {
  expect(gridTemplateInstanceSchema.parse(instance)).toEqual(instance);
  expect(normalizeLines(instance.lanes, instance.lines)).toEqual(instance.lines);
}

function expectRefusal(edit: () => unknown, reason: TemplateEditErrorReason): void {
  let caught: unknown;
  try {
    edit();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(TemplateEditError);
  expect((caught as TemplateEditError).reason).toBe(reason);
}

describe('createTemplateInstance', () => {
  it('copies the default structure of a grid with default labels', () => {
    const instance = blueprint();
    expect(instance).toMatchObject({
      version: templateInstanceVersion,
      kind: 'grid',
      templateId: 'serviceBlueprint',
      w: serviceBlueprint.defaultSize.w,
      h: serviceBlueprint.defaultSize.h,
    });
    expect(instance.stages.map((stage) => stage.id)).toEqual(
      serviceBlueprint.stages.map((stage) => stage.id),
    );
    expect(instance.lanes[2]).toEqual({
      id: 'frontstage',
      kind: 'notes',
      label: { kind: 'default', key: 'frontstage' },
    });
    expect(picture(instance)).toEqual([
      'evidence',
      'customerActions',
      '—lineOfInteraction',
      'frontstage',
      '—lineOfVisibility',
      'backstage',
      '—lineOfInternalInteraction',
      'support',
    ]);
    expectConsistent(instance);
  });

  it('keeps lane kinds so the instance can be drawn without the definition', () => {
    expect(journey().lanes.map((lane) => lane.kind)).toEqual(
      journeyMap.lanes.map((lane) => lane.kind),
    );
  });

  it('makes a canvas instance without structure', () => {
    expect(createTemplateInstance(conceptCanvas, { w: 600 })).toEqual({
      version: templateInstanceVersion,
      kind: 'canvas',
      templateId: 'conceptCanvas',
      w: 600,
      h: conceptCanvas.defaultSize.h,
    });
  });

  it.each(templateDefinitions.map((definition) => [definition.id, definition] as const))(
    'makes a valid, JSON-plain instance of %s',
    (_id, definition) => {
      const instance = createTemplateInstance(definition);
      expect(templateInstanceSchema.parse(instance)).toEqual(instance);
      expect(JSON.parse(JSON.stringify(instance))).toEqual(instance);
    },
  );

  it('refuses sizes outside the allowed range', () => {
    expectRefusal(() => createTemplateInstance(journeyMap, { w: 0 }), 'invalidSize');
    expectRefusal(() => createTemplateInstance(journeyMap, { h: Number.NaN }), 'invalidSize');
    expectRefusal(() => createTemplateInstance(journeyMap, { h: 1e9 }), 'invalidSize');
  });
});

describe('templateInstanceSchema', () => {
  it('rejects duplicate ids, blank custom labels, other versions and strangers', () => {
    const instance = journey();
    const bad = [
      { ...instance, stages: [...instance.stages, instance.stages[0]] },
      { ...instance, lanes: [{ ...instance.lanes[0], label: { kind: 'custom', text: '  ' } }] },
      { ...instance, version: 2 },
      { ...instance, lanes: [] },
      { ...instance, props: {} },
      { ...instance, lanes: [{ ...instance.lanes[0], label: { kind: 'emoji', key: 'x' } }] },
    ];
    for (const value of bad) expect(templateInstanceSchema.safeParse(value).success).toBe(false);
  });

  it('tolerates a line whose lane is gone, since lanes and lines merge separately', () => {
    const instance = blueprint();
    const merged = { ...instance, lanes: instance.lanes.filter((l) => l.id !== 'frontstage') };
    expect(templateInstanceSchema.safeParse(merged).success).toBe(true);
  });
});

describe('createTemplateItemId', () => {
  it('makes distinct valid ids', () => {
    const ids = new Set(Array.from({ length: 500 }, () => createTemplateItemId()));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{10}$/);
  });
});

describe('addStage', () => {
  it('inserts at the index with a custom label kept verbatim', () => {
    const before = journey();
    const after = addStage(before, '  Ostoksen jälkeen ', { at: 4, id: 'afterPurchase' });
    expect(after.stages.map((stage) => stage.id).slice(3, 6)).toEqual([
      'purchase',
      'afterPurchase',
      'customership',
    ]);
    expect(after.stages[4]?.label).toEqual({ kind: 'custom', text: '  Ostoksen jälkeen ' });
    expect(before.stages).toHaveLength(7);
    expectConsistent(after);
  });

  it('appends by default, with a new unique id', () => {
    const once = addStage(journey(), 'Extra');
    const twice = addStage(once, 'Extra');
    const [first, second] = twice.stages.slice(-2);
    expect(first?.id).not.toBe(second?.id);
    expect(first?.id).toMatch(/^[A-Za-z0-9_-]{10}$/);
    expectConsistent(twice);
  });

  it('refuses blank or too long names, used or invalid ids and bad indexes', () => {
    const instance = journey();
    expectRefusal(() => addStage(instance, ' \n'), 'blankLabel');
    expectRefusal(() => addStage(instance, 'x'.repeat(maxCustomLabelLength + 1)), 'labelTooLong');
    expectRefusal(() => addStage(instance, 'X', { id: 'purchase' }), 'duplicateId');
    expectRefusal(() => addStage(instance, 'X', { id: 'has space' }), 'invalidId');
    expectRefusal(() => addStage(instance, 'X', { at: -1 }), 'indexOutOfRange');
    expectRefusal(() => addStage(instance, 'X', { at: 8 }), 'indexOutOfRange');
    expectRefusal(() => addStage(instance, 'X', { at: 1.5 }), 'indexOutOfRange');
    expect(addStage(instance, 'X', { at: 7 }).stages[7]?.label).toEqual({
      kind: 'custom',
      text: 'X',
    });
  });

  it(`refuses more than ${maxTemplateStages} stages`, () => {
    let instance = journey();
    while (instance.stages.length < maxTemplateStages) instance = addStage(instance, 'More');
    expectRefusal(() => addStage(instance, 'One too many'), 'tooManyItems');
  });
});

describe('addLane', () => {
  it('adds a notes lane unless told otherwise', () => {
    const notes = addLane(journey(), 'Kanavat', { at: 1, id: 'channels' });
    expect(notes.lanes[1]).toEqual({
      id: 'channels',
      kind: 'notes',
      label: { kind: 'custom', text: 'Kanavat' },
    });
    const feelings = addLane(journey(), 'Staff feelings', { kind: 'feelings' });
    expect(feelings.lanes.at(-1)?.kind).toBe('feelings');
  });

  it('joins the zone of the lane above it, so "add below" stays above the line', () => {
    const after = addLane(blueprint(), 'Apps', { at: 2, id: 'apps' });
    expect(picture(after).slice(0, 5)).toEqual([
      'evidence',
      'customerActions',
      'apps',
      '—lineOfInteraction',
      'frontstage',
    ]);
    expectConsistent(after);
  });

  it('joins the top zone at index 0 and the bottom zone at the end', () => {
    const top = addLane(blueprint(), 'Top', { at: 0, id: 'top' });
    expect(picture(top).slice(0, 4)).toEqual([
      'top',
      'evidence',
      'customerActions',
      '—lineOfInteraction',
    ]);
    const bottom = addLane(blueprint(), 'Bottom', { id: 'bottom' });
    expect(picture(bottom).slice(-3)).toEqual(['—lineOfInternalInteraction', 'support', 'bottom']);
    expectConsistent(top);
    expectConsistent(bottom);
  });

  it(`refuses more than ${maxTemplateLanes} lanes`, () => {
    let instance = journey();
    while (instance.lanes.length < maxTemplateLanes) instance = addLane(instance, 'More');
    expectRefusal(() => addLane(instance, 'One too many'), 'tooManyItems');
  });
});

describe('renameStage and renameLane', () => {
  it('turn a default label into a custom one that keeps its key', () => {
    const renamed = renameStage(journey(), 'purchase', 'Tilaus');
    expect(renamed.stages[3]?.label).toEqual({ kind: 'custom', text: 'Tilaus', key: 'purchase' });
    expectConsistent(renamed);
  });

  it('keep the text verbatim in every language, even when it equals the default', () => {
    const renamed = renameLane(journey(), 'feelings', 'Tunteet');
    const lane = renamed.lanes[4];
    expect(lane?.label).toEqual({ kind: 'custom', text: 'Tunteet', key: 'feelings' });
    expect(lane && resolveLabel(lane, journeyMap, 'en')).toBe('Tunteet');
    const spaced = renameLane(journey(), 'feelings', ' Mood  ');
    expect(spaced.lanes[4]?.label).toMatchObject({ text: ' Mood  ' });
  });

  it('restore the default when renamed to blank', () => {
    const renamed = renameLane(renameLane(journey(), 'thoughts', 'Ideas'), 'thoughts', 'Musings');
    expect(renamed.lanes[3]?.label).toEqual({ kind: 'custom', text: 'Musings', key: 'thoughts' });
    const restored = renameLane(renamed, 'thoughts', '   ');
    expect(restored.lanes[3]?.label).toEqual({ kind: 'default', key: 'thoughts' });
    expect(renameStage(journey(), 'loyalty', '').stages[5]?.label).toEqual({
      kind: 'default',
      key: 'loyalty',
    });
  });

  it('refuse a blank name for an item that has no default', () => {
    const added = addStage(journey(), 'Extra', { id: 'extra' });
    expectRefusal(() => renameStage(added, 'extra', ''), 'blankLabel');
    expect(renameStage(added, 'extra', 'Other').stages.at(-1)?.label).toEqual({
      kind: 'custom',
      text: 'Other',
    });
  });

  it('refuse unknown ids and too long names', () => {
    expectRefusal(() => renameStage(journey(), 'nope', 'X'), 'unknownItem');
    expectRefusal(() => renameLane(journey(), 'impulse', 'X'), 'unknownItem');
    expectRefusal(
      () => renameLane(journey(), 'thoughts', 'x'.repeat(maxCustomLabelLength + 1)),
      'labelTooLong',
    );
  });
});

describe('moveStage', () => {
  it('reorders so the stage ends up at the index', () => {
    const before = journey();
    const moved = moveStage(before, 'impulse', 6);
    expect(moved.stages.map((stage) => stage.id)).toEqual([
      'needRecognition',
      'consideration',
      'purchase',
      'customership',
      'loyalty',
      'endOfCustomership',
      'impulse',
    ]);
    expect(moveStage(moved, 'impulse', 0).stages).toEqual(before.stages);
    expect(before.stages[0]?.id).toBe('impulse');
  });

  it('refuses unknown ids and indexes outside the list', () => {
    expectRefusal(() => moveStage(journey(), 'nope', 0), 'unknownItem');
    expectRefusal(() => moveStage(journey(), 'impulse', 7), 'indexOutOfRange');
    expectRefusal(() => moveStage(journey(), 'impulse', -1), 'indexOutOfRange');
  });
});

describe('moveLane', () => {
  it('reorders lanes and leaves a lane moved onto itself alone', () => {
    const moved = moveLane(journey(), 'feelings', 1);
    expect(moved.lanes.map((lane) => lane.id).slice(0, 3)).toEqual([
      'personaScenario',
      'feelings',
      'customerActions',
    ]);
    expect(moveLane(blueprint(), 'frontstage', 2)).toEqual(blueprint());
  });

  it('never crosses a line when moving within a zone', () => {
    const down = moveLane(blueprint(), 'evidence', 1);
    expect(picture(down).slice(0, 3)).toEqual([
      'customerActions',
      'evidence',
      '—lineOfInteraction',
    ]);
    const up = moveLane(blueprint(), 'customerActions', 0);
    expect(picture(up).slice(0, 3)).toEqual(['customerActions', 'evidence', '—lineOfInteraction']);
    expectConsistent(down);
    expectConsistent(up);
    const withApps = addLane(blueprint(), 'Apps', { at: 3, id: 'apps' });
    const upInMiddleZone = moveLane(withApps, 'apps', 2);
    expect(picture(upInMiddleZone).slice(1, 7)).toEqual([
      'customerActions',
      '—lineOfInteraction',
      'apps',
      'frontstage',
      '—lineOfVisibility',
      'backstage',
    ]);
    expectConsistent(upInMiddleZone);
  });

  it('crosses a line when it passes a lane on the far side', () => {
    const down = moveLane(blueprint(), 'customerActions', 2);
    expect(picture(down).slice(0, 4)).toEqual([
      'evidence',
      '—lineOfInteraction',
      'frontstage',
      'customerActions',
    ]);
    const up = moveLane(blueprint(), 'support', 3);
    // Support was alone in the bottom zone: the line above it would sit on the bottom edge.
    expect(picture(up).slice(-4)).toEqual([
      'frontstage',
      '—lineOfVisibility',
      'support',
      'backstage',
    ]);
    expect(up.lines.map((line) => line.id)).not.toContain('lineOfInternalInteraction');
    expectConsistent(down);
    expectConsistent(up);
  });

  it('merges the lines around a lone lane that moves away, keeping the lower one', () => {
    const moved = moveLane(blueprint(), 'frontstage', 3);
    expect(picture(moved)).toEqual([
      'evidence',
      'customerActions',
      '—lineOfVisibility',
      'backstage',
      'frontstage',
      '—lineOfInternalInteraction',
      'support',
    ]);
    expectConsistent(moved);
  });

  it('refuses unknown ids and indexes outside the list', () => {
    expectRefusal(() => moveLane(blueprint(), 'nope', 0), 'unknownItem');
    expectRefusal(() => moveLane(blueprint(), 'support', 5), 'indexOutOfRange');
  });
});

describe('removeStage', () => {
  it('removes the stage and nothing else', () => {
    const before = blueprint();
    const after = removeStage(before, 'step3');
    expect(after.stages.map((stage) => stage.id)).toEqual(['step1', 'step2', 'step4', 'step5']);
    expect(after.lanes).toEqual(before.lanes);
    expect(after.lines).toEqual(before.lines);
    expect(before.stages).toHaveLength(5);
  });

  it('refuses to remove the last stage or an unknown one', () => {
    const single = createTemplateInstance(persona);
    expect(single.stages).toHaveLength(1);
    expectRefusal(() => removeStage(single, 'persona'), 'lastItem');
    expectRefusal(() => removeStage(journey(), 'nope'), 'unknownItem');
  });
});

describe('removeLane', () => {
  it('hands a line below the removed lane to the lane above it', () => {
    const after = removeLane(blueprint(), 'customerActions');
    expect(picture(after).slice(0, 3)).toEqual(['evidence', '—lineOfInteraction', 'frontstage']);
    expectConsistent(after);
  });

  it('keeps the lower line when a zone empties (no frontstage: customer | backstage is visibility)', () => {
    const after = removeLane(blueprint(), 'frontstage');
    expect(picture(after)).toEqual([
      'evidence',
      'customerActions',
      '—lineOfVisibility',
      'backstage',
      '—lineOfInternalInteraction',
      'support',
    ]);
    expectConsistent(after);
  });

  it('removes lines that would sit on the top or bottom edge', () => {
    const noCustomerZone = removeLane(removeLane(blueprint(), 'evidence'), 'customerActions');
    expect(picture(noCustomerZone)).toEqual([
      'frontstage',
      '—lineOfVisibility',
      'backstage',
      '—lineOfInternalInteraction',
      'support',
    ]);
    const noSupport = removeLane(blueprint(), 'support');
    expect(picture(noSupport).slice(-2)).toEqual(['—lineOfVisibility', 'backstage']);
    expectConsistent(noCustomerZone);
    expectConsistent(noSupport);
  });

  it('keeps lines consistent down to a single lane', () => {
    let instance = blueprint();
    for (const id of ['frontstage', 'support', 'evidence', 'backstage']) {
      instance = removeLane(instance, id);
      expectConsistent(instance);
    }
    expect(picture(instance)).toEqual(['customerActions']);
    expectRefusal(() => removeLane(instance, 'customerActions'), 'lastItem');
  });

  it('drops lines left dangling by a concurrent edit', () => {
    const instance = blueprint();
    const merged = { ...instance, lanes: instance.lanes.filter((l) => l.id !== 'backstage') };
    const after = removeLane(merged, 'evidence');
    expect(after.lines.map((line) => line.id)).toEqual(['lineOfInteraction', 'lineOfVisibility']);
    expectConsistent(after);
  });

  it('refuses an unknown lane', () => {
    expectRefusal(() => removeLane(blueprint(), 'nope'), 'unknownItem');
  });
});

describe('normalizeLines', () => {
  it('keeps only lines below an existing lane other than the last, one per lane', () => {
    const instance = blueprint();
    const [interaction, visibility] = instance.lines;
    if (!interaction || !visibility) throw new Error('blueprint has lines');
    const lines = [
      interaction,
      { ...visibility, aboveLaneId: 'customerActions' },
      { ...visibility, id: 'gone', aboveLaneId: 'gone' },
      { ...visibility, id: 'bottom', aboveLaneId: 'support' },
    ];
    expect(normalizeLines(instance.lanes, lines)).toEqual([interaction]);
  });
});

describe('resolveLabel', () => {
  it('shows default labels in the UI language and custom ones verbatim', () => {
    const instance = renameStage(journey(), 'purchase', 'Tilaus');
    const [impulse, , , purchase] = instance.stages;
    if (!impulse || !purchase) throw new Error('journey map has stages');
    expect(resolveLabel(impulse, journeyMap, 'fi')).toBe('Impulssi');
    expect(resolveLabel(impulse, journeyMap, 'en')).toBe('Impulse');
    expect(resolveLabel(purchase, journeyMap, 'en')).toBe('Tilaus');
  });

  it('resolves lanes, lines and canvas fields', () => {
    const instance = blueprint();
    const [line] = instance.lines;
    const support = instance.lanes[4];
    if (!line || !support) throw new Error('blueprint has lines and five lanes');
    expect(resolveLabel(line, serviceBlueprint, 'fi')).toBe('Vuorovaikutuksen linja');
    expect(resolveLabel(support, serviceBlueprint, 'en')).toBe('Support processes');
    const name = { label: { kind: 'default', key: 'name' } } as const;
    expect(resolveLabel(name, conceptCanvas, 'fi')).toBe('Nimi');
  });

  it('shows an unknown key as itself', () => {
    const item = { label: { kind: 'default', key: 'fromTheFuture' } } as const;
    expect(resolveLabel(item, journeyMap, 'fi')).toBe('fromTheFuture');
  });
});
