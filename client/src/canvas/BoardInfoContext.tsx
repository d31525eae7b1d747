import { createContext, useContext } from 'react';

/**
 * What components inside tldraw's slots (which take no props) know of the
 * open board beyond the editor: its room id and, for the session summary,
 * its title. `BoardCanvas` provides it around `<Tldraw>`.
 */
export interface BoardInfo {
  readonly roomId: string;
  /** The board's title from the room directory, or `undefined` when it cannot be known now. */
  readonly loadTitle: () => Promise<string | undefined>;
}

/** See {@link BoardInfo}. */
export const BoardInfoContext = createContext<BoardInfo | null>(null);

/** The open board, or `null` outside a board (e.g. a component test). */
export function useBoardInfo(): BoardInfo | null {
  return useContext(BoardInfoContext);
}
