import type { Editor, TLUiOverrides } from 'tldraw';

/** Id of the action that moves keyboard focus into the reaction bar. */
export const focusReactionsActionId = 'kohtaamo.focus-reactions';

/**
 * Shortcut of that action. Tab cannot reach the bar: with a shape selected,
 * tldraw's Tab selects the next shape. Alt+Shift+R is free in tldraw 5.4
 * (Alt+R and R are taken), like our Alt+Shift+C.
 */
export const focusReactionsKbd = 'alt+shift+r';

/** Selector of the reaction bar's buttons in the editor's container. */
export const reactionBarButtonSelector = '[data-testid="reaction-bar"] button';

/** Focuses the reaction bar's first button, if the bar shows; returns whether it did. */
export function focusReactionBar(editor: Editor): boolean {
  const first = editor.getContainer().querySelector<HTMLButtonElement>(reactionBarButtonSelector);
  first?.focus();
  return first !== null;
}

/**
 * tldraw UI overrides registering {@link focusReactionsKbd} (tldraw binds
 * shortcuts only for actions). Escape in the bar gives focus back to the
 * canvas (see `ReactionBar`).
 */
export const reactionUiOverrides: TLUiOverrides = {
  actions(editor, actions) {
    return {
      ...actions,
      [focusReactionsActionId]: {
        id: focusReactionsActionId,
        kbd: focusReactionsKbd,
        onSelect() {
          focusReactionBar(editor);
        },
      },
    };
  },
};
