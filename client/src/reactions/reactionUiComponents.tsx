import type { RoomRole } from '@kohtaamo/shared';
import { createContext, type JSX, useContext } from 'react';
import type { TLComponents } from 'tldraw';
import { ReactionBar } from './ReactionBar';
import { ShapeBadges } from './ShapeBadges';

/**
 * The role the board was opened with, for the reaction bar inside tldraw's
 * UI slots (which take no props); `null` is a legacy open room. Without a
 * provider nobody gets the bar, the safe side.
 */
const ReactionRoleContext = createContext<RoomRole | null>('viewer');

/** Provides the board's role to {@link reactionUiComponents}; wrap `<Tldraw>` in it. */
export const ReactionRoleProvider = ReactionRoleContext.Provider;

function RoleReactionBar(): JSX.Element | null {
  return <ReactionBar role={useContext(ReactionRoleContext)} />;
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
