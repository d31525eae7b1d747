import {
  CloseCode,
  type EditRefusalCode,
  isJsonObject,
  participantUserRecordId,
  refusal,
} from '@kohtaamo/shared';
import { closeSender, type RoomExtensionFactory } from '../RoomExtension.js';

const forged = closeSender(
  CloseCode.editRejected,
  refusal<EditRefusalCode>('presence.forged', 'the presence names another participant'),
);

/**
 * In a room with roles, a presence a connection publishes must name the
 * participant its key proves (tldraw's `presence.userId` is the user
 * record id, see `participantUserRecordId`), so nobody can show their
 * cursor under someone else's name or be followed as them. Only changes
 * count: the stock provider echoes everyone's presence at the clocks the
 * room already has.
 */
export const presenceOwnerRule: RoomExtensionFactory = (room) => ({
  name: 'presenceOwner',
  priority: 200,
  beforeAwareness({ connection, entries }) {
    if (connection.role === undefined) return undefined;
    for (const entry of entries) {
      const known = room.awareness.meta.get(entry.clientId)?.clock ?? -1;
      if (entry.clock <= known || !isJsonObject(entry.state)) continue;
      const presence = entry.state.presence;
      if (!isJsonObject(presence) || presence.userId === undefined) continue;
      const { participantId } = connection;
      if (
        participantId === undefined ||
        presence.userId !== participantUserRecordId(participantId)
      ) {
        return forged;
      }
    }
    return undefined;
  },
});
