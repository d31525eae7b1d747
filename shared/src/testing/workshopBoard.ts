import type { Agenda } from '../facilitation/agenda.js';
import { facilitationKeys, voteSessionKey } from '../facilitation/facilitationState.js';
import type { VoteSession } from '../facilitation/voting.js';
import type { JsonObject, StoredRecord } from '../protocol/docLayout.js';
import { reactionMetaKey } from '../schema/reactions.js';
import { createTemplateInstance } from '../schema/templateInstance.js';
import { conceptCanvas } from '../templates/conceptCanvas.js';
import { fitRatingMetaKey, fitStatementMetaKey } from '../templates/fit.js';
import { journeyMap } from '../templates/journeyMap.js';
import { type Box, layoutTemplate } from '../templates/layout.js';
import { templateShapeType } from '../templates/templateShape.js';

/**
 * A small finished workshop for export tests: a journey map with reacted
 * notes, a concept canvas with costs and fit, and facilitation state with
 * an agenda and three vote sessions — named and revealed, anonymous and
 * revealed, and one still running. The names of the named session's voters
 * (`Aino`, `Bertta`) and the anonymous session's tell-tales are exported as
 * constants so tests can look for them.
 */

/** When the fixture's workshop is exported: 10:00 UTC. */
export const workshopExportedAt = new Date('2025-03-04T10:00:00.000Z');

const t0 = Date.parse('2025-03-04T09:00:00.000Z');
const minute = 60_000;

/** Voter names of the named session. */
export const workshopNamedVoters = ['Aino', 'Bertta'] as const;

function templateRecord(id: string, props: unknown, index: string, meta: JsonObject): StoredRecord {
  return {
    typeName: 'shape',
    id,
    type: templateShapeType,
    parentId: 'page:page',
    index,
    x: 0,
    y: 0,
    rotation: 0,
    props: JSON.parse(JSON.stringify(props)),
    meta,
  };
}

function noteIn(
  id: string,
  parentId: string,
  box: Box,
  text: string,
  meta: JsonObject,
): StoredRecord {
  return {
    typeName: 'shape',
    id,
    type: 'note',
    parentId,
    index: 'a1',
    // A 40 × 40 note (scale 0.2) at the top-left of the cell, so two fit side by side.
    x: box.minX + 10 + (id.endsWith('2') ? 60 : 0),
    y: box.minY + 10,
    rotation: 0,
    props: {
      richText: {
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
      },
      scale: 0.2,
      growY: 0,
    },
    meta,
  };
}

/** The board: `shape:journey` (notes `shape:n1`, `shape:n2`, `shape:n3`) and `shape:concept`. */
export function workshopRecords(): StoredRecord[] {
  const journey = createTemplateInstance(journeyMap);
  const journeyLayout = layoutTemplate(journey, journeyMap);
  const cell = (laneId: string, stageId: string) => {
    const found = journeyLayout.cells.find(
      (c) => c.kind === 'cell' && c.laneId === laneId && c.stageId === stageId,
    );
    if (!found) throw new Error(`journey map has no ${laneId} × ${stageId} cell`);
    return found.box;
  };
  const canvas = createTemplateInstance(conceptCanvas);
  const canvasLayout = layoutTemplate(canvas, conceptCanvas);
  const nameBox = canvasLayout.cells.find((c) => c.fieldId === 'name')?.box;
  if (!nameBox) throw new Error('concept canvas has no name field');
  return [
    templateRecord('shape:journey', journey, 'a1', {}),
    noteIn('shape:n1', 'shape:journey', cell('painPoints', 'purchase'), 'Checkout too slow', {
      authorId: 'u-aino',
      authorName: 'Aino',
      [reactionMetaKey('thumbsUp', 'u-aino')]: true,
      [reactionMetaKey('thumbsUp', 'u-bertta')]: true,
      [reactionMetaKey('thumbsUp', 'g-cecilia')]: true,
      [reactionMetaKey('warning', 'g-cecilia')]: true,
    }),
    noteIn('shape:n2', 'shape:journey', cell('painPoints', 'purchase'), 'No phone support', {
      [reactionMetaKey('heart', 'u-bertta')]: true,
    }),
    noteIn('shape:n3', 'shape:journey', cell('opportunities', 'loyalty'), 'Loyalty chat', {}),
    templateRecord('shape:concept', canvas, 'a2', {
      costs: {
        costs: [{ id: 'staff', label: 'Staff', amountCents: 100_000 }],
        revenues: [{ id: 'sales', label: 'Sales', amountCents: 1_000, quantity: 150 }],
      },
      [fitStatementMetaKey]: 'Help where you are',
      [fitRatingMetaKey('u-aino')]: 4,
      [fitRatingMetaKey('u-bertta')]: 3,
    }),
    noteIn('shape:c1', 'shape:concept', nameBox, 'ChatHelp', {}),
  ];
}

/** The agenda: current state done (20 min), customer needs on since 09:30, three more phases. */
export function workshopAgenda(): Agenda {
  return {
    phases: [
      { id: 'currentState', title: { key: 'currentState' }, timeboxMs: 30 * minute },
      {
        id: 'customerNeeds',
        title: { key: 'customerNeeds' },
        templateId: 'journeyMap',
        timeboxMs: 45 * minute,
      },
      { id: 'conceptDesign', title: { key: 'conceptDesign' } },
      { id: 'pilot', title: { key: 'pilot' } },
      { id: 'wrapUp', title: { text: 'Wrap-up' } },
    ],
    currentPhaseId: 'customerNeeds',
    spans: [
      { phaseId: 'currentState', startedAt: t0, endedAt: t0 + 20 * minute },
      { phaseId: 'customerNeeds', startedAt: t0 + 30 * minute, endedAt: null },
    ],
  };
}

/** A named session on the journey map, revealed: n1 3 votes (2 team, 1 customer), n2 1. */
export function workshopNamedSession(): VoteSession {
  return {
    id: 'vote-named',
    config: {
      votesPerPerson: 2,
      allowMultiplePerItem: false,
      anonymous: false,
      endsAt: null,
      scope: { kind: 'template', templateId: 'journeyMap' },
      title: 'Biggest pain',
    },
    status: 'revealed',
    startedAt: t0 + 35 * minute,
    endedAt: t0 + 40 * minute,
    results: {
      items: [
        {
          itemId: 'shape:n1',
          rank: 1,
          total: 3,
          team: 2,
          customers: 1,
          voters: ['Aino', 'Bertta', 'Cecilia'],
        },
        { itemId: 'shape:n2', rank: 2, total: 1, team: 1, customers: 0, voters: ['Aino'] },
      ],
      voterCounts: { team: 2, customers: 1 },
    },
  };
}

/** An anonymous session on a selection, revealed after the named one: n3 4 votes, n2 2. */
export function workshopAnonymousSession(): VoteSession {
  return {
    id: 'vote-anon',
    config: {
      votesPerPerson: 3,
      allowMultiplePerItem: true,
      anonymous: true,
      endsAt: null,
      scope: { kind: 'selection', itemIds: ['shape:n2', 'shape:n3'] },
      title: 'Best idea',
    },
    status: 'revealed',
    startedAt: t0 + 45 * minute,
    endedAt: t0 + 50 * minute,
    results: {
      items: [
        { itemId: 'shape:n3', rank: 1, total: 4, team: 1, customers: 3 },
        { itemId: 'shape:n2', rank: 2, total: 2, team: 2, customers: 0 },
      ],
      voterCounts: { team: 2, customers: 2 },
    },
  };
}

/** A session still running: no results in the document. */
export function workshopRunningSession(): VoteSession {
  return {
    id: 'vote-running',
    config: {
      votesPerPerson: 7,
      allowMultiplePerItem: false,
      anonymous: false,
      endsAt: null,
      scope: { kind: 'page', pageId: 'page:page' },
      title: 'Still open',
    },
    status: 'running',
    startedAt: t0 + 55 * minute,
    endedAt: null,
  };
}

/** The facilitation map's entries, as `doc.getMap('facilitation').entries()` gives them. */
export function workshopFacilitationEntries(): [string, unknown][] {
  return [
    [facilitationKeys.agenda, workshopAgenda()],
    [voteSessionKey('vote-named'), workshopNamedSession()],
    [voteSessionKey('vote-anon'), workshopAnonymousSession()],
    [voteSessionKey('vote-running'), workshopRunningSession()],
  ];
}
