import type { Locale } from '../schema/localizedText.js';
import type { ReactionKind } from '../schema/reactions.js';

/**
 * The labels of the facilitation parts of exports and of the session
 * summary, in both UI languages. One table, so the CSV, the Markdown report
 * and the summary name things alike.
 */
export interface SummaryLabels {
  /** The summary's heading when the board has no title. */
  readonly summaryHeading: string;
  readonly agenda: string;
  readonly phase: string;
  readonly template: string;
  readonly timebox: string;
  readonly timeSpent: string;
  readonly current: string;
  readonly votes: string;
  readonly voteResults: string;
  readonly untitledVote: string;
  readonly notRevealed: string;
  readonly rank: string;
  readonly item: string;
  readonly total: string;
  readonly team: string;
  readonly customers: string;
  readonly voters: string;
  readonly anonymous: string;
  readonly named: string;
  readonly votesPerPerson: string;
  readonly started: string;
  readonly ended: string;
  readonly voterCounts: string;
  readonly noVotes: string;
  readonly scope: Readonly<Record<'selection' | 'template' | 'page', string>>;
  /** CSV headers of the vote columns: votes in the latest revealed session. */
  readonly csvVotes: readonly [total: string, team: string, customers: string];
  readonly reactions: string;
  readonly mostReactions: string;
  readonly noReactions: string;
  readonly reactionNames: Readonly<Record<ReactionKind, string>>;
  readonly date: string;
  readonly templates: string;
  readonly concepts: string;
  readonly concept: string;
  readonly noConcepts: string;
  readonly margin: string;
  readonly totalCosts: string;
  readonly totalRevenues: string;
  readonly fitRating: string;
}

/** {@link SummaryLabels} in Finnish and English. */
export const summaryLabels: Readonly<Record<Locale, SummaryLabels>> = Object.freeze({
  fi: {
    summaryHeading: 'Työpajan yhteenveto',
    agenda: 'Agenda',
    phase: 'Vaihe',
    template: 'Pohja',
    timebox: 'Aikaraja',
    timeSpent: 'Käytetty aika',
    current: 'meneillään',
    votes: 'Äänestykset',
    voteResults: 'Äänestystulokset',
    untitledVote: 'Äänestys',
    notRevealed: 'Tuloksia ei ole julkaistu',
    rank: 'Sija',
    item: 'Kohde',
    total: 'Yhteensä',
    team: 'Tiimi',
    customers: 'Asiakkaat',
    voters: 'Äänestäjät',
    anonymous: 'nimetön äänestys',
    named: 'nimellinen äänestys',
    votesPerPerson: 'ääntä / henkilö',
    started: 'Alkoi',
    ended: 'Päättyi',
    voterCounts: 'Äänestäneitä',
    noVotes: 'Ei ääniä',
    scope: { selection: 'valitut kohteet', template: 'pohja', page: 'sivu' },
    csvVotes: ['Äänet', 'Äänet (tiimi)', 'Äänet (asiakkaat)'],
    reactions: 'Reaktiot',
    mostReactions: 'Eniten reaktioita saaneet',
    noReactions: 'Ei reaktioita',
    reactionNames: {
      thumbsUp: 'Peukku',
      heart: 'Sydän',
      idea: 'Idea',
      question: 'Kysymys',
      warning: 'Varoitus',
    },
    date: 'Päivämäärä',
    templates: 'Pohjat',
    concepts: 'Konseptit',
    concept: 'Konsepti',
    noConcepts: 'Ei konseptimalleja',
    margin: 'Kate',
    totalCosts: 'Kustannukset',
    totalRevenues: 'Tuotot',
    fitRating: 'Sopivuus',
  },
  en: {
    summaryHeading: 'Workshop summary',
    agenda: 'Agenda',
    phase: 'Phase',
    template: 'Template',
    timebox: 'Timebox',
    timeSpent: 'Time spent',
    current: 'current',
    votes: 'Votes',
    voteResults: 'Vote results',
    untitledVote: 'Vote',
    notRevealed: 'Results not revealed',
    rank: 'Rank',
    item: 'Item',
    total: 'Total',
    team: 'Team',
    customers: 'Customers',
    voters: 'Voters',
    anonymous: 'anonymous vote',
    named: 'named vote',
    votesPerPerson: 'votes per person',
    started: 'Started',
    ended: 'Ended',
    voterCounts: 'Voters',
    noVotes: 'No votes',
    scope: { selection: 'selected items', template: 'template', page: 'page' },
    csvVotes: ['Votes', 'Votes (team)', 'Votes (customers)'],
    reactions: 'Reactions',
    mostReactions: 'Most reactions',
    noReactions: 'No reactions',
    reactionNames: {
      thumbsUp: 'Thumbs up',
      heart: 'Heart',
      idea: 'Idea',
      question: 'Question',
      warning: 'Warning',
    },
    date: 'Date',
    templates: 'Templates',
    concepts: 'Concepts',
    concept: 'Concept',
    noConcepts: 'No concept canvases',
    margin: 'Margin',
    totalCosts: 'Costs',
    totalRevenues: 'Revenues',
    fitRating: 'Fit',
  },
});
