import { CloseCode, type Refusal, type RoomRole } from '@kohtaamo/shared';
import { MalformedMessageError } from '../MalformedMessageError.js';
import { closeSender, type RoomExtensionFactory } from '../RoomExtension.js';
import type { RecordValidator } from '../recordSchema.js';
import { UpdateGuard } from '../UpdateGuard.js';

/**
 * In a room with roles, every update is checked against the board layout,
 * the record schema (`validate`) and the sender's role rules before it is
 * applied (see {@link UpdateGuard}); a refused one closes its sender with
 * `editRejected`. The guard and its record index are made on the first
 * update that needs them, so open rooms never pay for them.
 *
 * `actAs` judges every connection by that role instead of its link's, even
 * in an open room: a private document is checked as if its owner were a
 * guest (content of their own, nothing else).
 */
export function recordGuardRule(
  validate: RecordValidator,
  options: { readonly actAs?: RoomRole } = {},
): RoomExtensionFactory {
  return (room) => {
    let guard: UpdateGuard | undefined;
    return {
      name: 'recordGuard',
      priority: 200,
      beforeUpdate({ connection, update }) {
        const role = options.actAs ?? connection.role;
        const { participantId } = connection;
        if (role === undefined) return undefined;
        guard ??= new UpdateGuard(room.doc, validate);
        let refused: Refusal | undefined;
        try {
          refused = guard.check(update, { role, participantId });
        } catch (error) {
          throw new MalformedMessageError(`update could not be decoded: ${describeError(error)}`);
        }
        return refused === undefined ? undefined : closeSender(CloseCode.editRejected, refused);
      },
      onDestroy() {
        guard?.dispose();
        guard = undefined;
      },
    };
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
