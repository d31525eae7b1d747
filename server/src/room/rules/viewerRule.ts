import { CloseCode, type EditRefusalCode, refusal } from '@kohtaamo/shared';
import {
  closeSender,
  dropMessage,
  type MessageVerdict,
  type RoomExtensionFactory,
} from '../RoomExtension.js';

const viewerEdit = closeSender(
  CloseCode.forbidden,
  refusal<EditRefusalCode>('viewer.readOnly', 'viewers cannot edit'),
);

/**
 * A viewer's link only lets them watch: a live update closes their socket
 * with `forbidden`, and the diff the stock provider sends in answer to the
 * room's step 1 is ignored (never applied). The first and cheapest rule, so
 * the record guard never decodes a viewer's update.
 */
export const viewerRule: RoomExtensionFactory = () => ({
  name: 'viewer',
  priority: 300,
  beforeUpdate({ connection, kind }): MessageVerdict | undefined {
    if (connection.role !== 'viewer') return undefined;
    return kind === 'update' ? viewerEdit : dropMessage;
  },
});
