import type { JSX } from 'react';
import type { TLComponents } from 'tldraw';
import { useFacilitation } from '../facilitation/FacilitationContext';
import { ReactionBar } from './ReactionBar';
import { ShapeBadges } from './ShapeBadges';

/** The bar for the board's role; without a board around it (no context) nobody gets it, the safe side. */
function RoleReactionBar(): JSX.Element | null {
  const facilitation = useFacilitation();
  return <ReactionBar role={facilitation ? facilitation.role : 'viewer'} />;
}

/**
 * tldraw UI slots for reactions and lock marks: the reaction bar in front
 * of the canvas (for the provided role; none for a viewer) and the marks
 * on shapes (for everyone).
 */
export const reactionUiComponents: Pick<TLComponents, 'InFrontOfTheCanvas' | 'OnTheCanvas'> = {
  InFrontOfTheCanvas: RoleReactionBar,
  OnTheCanvas: ShapeBadges,
};
