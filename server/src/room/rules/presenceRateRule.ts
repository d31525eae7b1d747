import { CloseCode, type EditRefusalCode, refusal } from '@kohtaamo/shared';
import { TokenBucket } from '../../limits/TokenBucket.js';
import type { Connection } from '../Connection.js';
import { closeSender, type RoomExtensionFactory } from '../RoomExtension.js';
import { changesAwarenessAt } from '../syncHandlers.js';

/** Presence changes one connection may make: a token bucket. */
export interface PresenceRate {
  readonly perSecond: number;
  readonly burst: number;
}

const rateLimited = closeSender(
  CloseCode.rateLimited,
  refusal<EditRefusalCode>('rate.awareness', 'too many messages (awareness); slow down'),
);

/**
 * Limits how often a connection changes presence (close `rateLimited`).
 * Only entries that change the room's awareness count: the stock provider
 * sends every presence it receives back to the server, and those echoes
 * must stay free (they are not broadcast either). This is the room's to
 * judge, not the gateway's, because only the room can tell a change from
 * an echo.
 */
export function presenceRateRule(rate: PresenceRate): RoomExtensionFactory {
  return (room) => {
    const budgets = new WeakMap<Connection, TokenBucket>();
    return {
      name: 'presenceRate',
      priority: 100,
      onConnect(connection) {
        budgets.set(connection, new TokenBucket(rate.perSecond, rate.burst, room.now()));
      },
      beforeAwareness({ connection, entries }) {
        const budget = budgets.get(connection);
        if (budget === undefined) return undefined;
        // The same test y-protocols' applyAwarenessUpdate applies; a removal counts at the same clock.
        const changes = entries.some((entry) =>
          changesAwarenessAt(
            room.awareness,
            entry.clientId,
            entry.clock,
            () => entry.state === null,
          ),
        );
        return !changes || budget.take(1, room.now()) ? undefined : rateLimited;
      },
    };
  };
}
