import { CloseCode, type EditRefusalCode, refusal } from '@kohtaamo/shared';
import { closeSender, type RoomExtensionFactory } from '../RoomExtension.js';

/**
 * Refuses an update that would grow the room's estimated stored size past
 * `maxDocumentBytes` (close `documentTooLarge`): one person cannot fill the
 * disk, nor make a board too big to load.
 */
export function documentSizeRule(maxDocumentBytes: number): RoomExtensionFactory {
  const tooLarge = closeSender(
    CloseCode.documentTooLarge,
    refusal<EditRefusalCode>(
      'document.tooLarge',
      `board would exceed its ${maxDocumentBytes} byte limit`,
      {
        limitBytes: maxDocumentBytes,
      },
    ),
  );
  return (room) => ({
    name: 'documentSize',
    priority: 100,
    beforeUpdate({ update }) {
      if (room.storedBytes() + update.byteLength <= maxDocumentBytes) return undefined;
      room.logger.debug(
        {
          storedBytes: room.storedBytes(),
          updateBytes: update.byteLength,
          limit: maxDocumentBytes,
        },
        'update refused: document size limit',
      );
      return tooLarge;
    },
  });
}
