import { type JSX, useMemo } from 'react';
import { useEditor, useValue } from 'tldraw';
import type { Locale } from '../../i18n/messages';
import { useFacilitation } from '../FacilitationContext';
import { VoteBanner } from './VoteBanner';
import { VoteCanvasControls } from './VoteCanvasControls';
import { VoteResultBadges } from './VoteResultBadges';
import { VoteResultsPanel } from './VoteResultsPanel';
import { VotingTools } from './VotingTools';
import { type VoteScopeTargets, voteScopeTargets } from './voteStartConfig';
import './voting.css';

/** Props of {@link VotingTopArea}. */
export interface VotingTopAreaProps {
  readonly resultsOpen: boolean;
  setResultsOpen(open: boolean): void;
}

/** The vote banner and, when opened, the results panel: under the session bar. */
export function VotingTopArea(props: VotingTopAreaProps): JSX.Element {
  const { resultsOpen, setResultsOpen } = props;
  return (
    <>
      <VoteBanner resultsOpen={resultsOpen} onToggleResults={() => setResultsOpen(!resultsOpen)} />
      {resultsOpen && <VoteResultsPanel onClose={() => setResultsOpen(false)} />}
    </>
  );
}

/** {@link VotingTools} on the board: scope targets from the editor's selection and page. */
export function EditorVotingTools(props: {
  readonly locale: Locale;
  onShowResults(): void;
}): JSX.Element | null {
  const editor = useEditor();
  const facilitation = useFacilitation();
  // As one string, so moving the selected shapes does not re-render the form.
  const key = useValue('kohtaamo.vote.targets', () => JSON.stringify(voteScopeTargets(editor)), [
    editor,
  ]);
  const targets = useMemo(() => JSON.parse(key) as VoteScopeTargets, [key]);
  if (!facilitation) return null;
  return (
    <VotingTools
      control={facilitation.control}
      state={facilitation.state}
      votes={facilitation.votes}
      role={facilitation.role}
      locale={props.locale}
      targets={targets}
      onShowResults={props.onShowResults}
    />
  );
}

/** Voting's part of tldraw's `InFrontOfTheCanvas` layer: the per-item dot controls. */
export function VotingInFrontOfTheCanvas(): JSX.Element {
  return <VoteCanvasControls />;
}

/** Voting's part of tldraw's `OnTheCanvas` layer: the result badges. */
export function VotingOnTheCanvas(): JSX.Element {
  return <VoteResultBadges />;
}
