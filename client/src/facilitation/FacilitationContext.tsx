import type { RoomRole } from '@kohtaamo/shared';
import { createContext, useContext } from 'react';
import type { Signal } from 'tldraw';
import type { KeyValueStorage } from '../app/browserStorage';
import type { ControlChannel } from './ControlChannel';
import type { FacilitationState } from './FacilitationState';
import type { VoteTracker } from './voting/VoteTracker';

/**
 * What the facilitation UI inside tldraw's component slots needs from the
 * board session. The slots take no props, so `BoardCanvas` provides it
 * around `<Tldraw>`.
 */
export interface FacilitationContextValue {
  readonly control: ControlChannel;
  readonly state: FacilitationState;
  /** This person's ballots and, for a facilitator, vote progress. */
  readonly votes: VoteTracker;
  /** The link's role; `null` in a legacy open room, where everyone may do everything. */
  readonly role: RoomRole | null;
  /** Where per-person choices (the end-sound mute) are kept. */
  readonly storage: KeyValueStorage;
  /** Plays the timer's end sound (a `TimerEndSound`); silent when absent. */
  readonly playEndSound?: () => void;
  /**
   * The ids of this person's private records in a private round (see
   * `PrivateNotes`); absent for a viewer, who writes nothing.
   */
  readonly privateIds?: Signal<ReadonlySet<string>>;
}

/** See {@link FacilitationContextValue}. */
export const FacilitationContext = createContext<FacilitationContextValue | null>(null);

/** The board's facilitation, or `null` outside a board (e.g. a component test). */
export function useFacilitation(): FacilitationContextValue | null {
  return useContext(FacilitationContext);
}

/** Whether `role` runs the workshop: the facilitator, or anyone in a legacy open room. */
export function canFacilitate(role: RoomRole | null): boolean {
  return role === null || role === 'facilitator';
}
