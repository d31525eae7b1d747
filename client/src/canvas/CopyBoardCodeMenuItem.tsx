import type { JSX } from 'react';
import { TldrawUiMenuItem, useToasts } from 'tldraw';
import { copyText } from '../app/clipboard';
import { useEditorMessages } from '../shapes/template/useEditorMessages';
import { useBoardInfo } from './BoardInfoContext';

/**
 * "Copy board code" in the board menu, for everyone: the top bar shows the
 * board's title, and the code (what "Open a board" on the front page takes)
 * is one copy away. A toast says what was copied, or names the code when
 * the browser refused the clipboard.
 */
export function CopyBoardCodeMenuItem(): JSX.Element | null {
  const board = useBoardInfo();
  const { t } = useEditorMessages();
  const { addToast } = useToasts();
  if (!board) return null;
  const code = board.roomId;
  return (
    <TldrawUiMenuItem
      id="kohtaamo-copy-board-code"
      label={t('boardTitle.copyCode')}
      readonlyOk
      onSelect={() => {
        void copyText(code).then((copied) =>
          addToast({
            id: 'kohtaamo-board-code',
            title: t(copied ? 'boardTitle.copyCode.done' : 'boardTitle.copyCode.failed', { code }),
            severity: copied ? 'success' : 'info',
          }),
        );
      }}
    />
  );
}
