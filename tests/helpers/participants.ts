import { randomBytes } from 'node:crypto';
import {
  type CreateRoomResponse,
  participantIdFromKey,
  participantKeyFromBytes,
  type RoomRole,
  type StoredRecord,
} from '@kohtaamo/shared';
import { noteRecord } from '@kohtaamo/shared/testing';
import { linkToken } from './rooms.js';

/** A person with a participant key (sent as `k`) and the id the server derives from it. */
export interface Participant {
  readonly key: string;
  readonly id: string;
}

/** A fresh participant identity, as a browser makes one on its first visit. */
export function newParticipant(): Participant {
  const key = participantKeyFromBytes(randomBytes(32));
  return { key, id: participantIdFromKey(key) };
}

/** Socket query parameters for `role`'s link of `room`, as `who` (no key: anonymous). */
export function boardParams(
  room: CreateRoomResponse,
  role: RoomRole,
  who?: Participant,
): Record<string, string> {
  const params: Record<string, string> = { t: linkToken(room.links[role]) };
  if (who !== undefined) params.k = who.key;
  return params;
}

/** The same parameters as a query string (`?t=…&k=…`), for raw clients. */
export function boardQueryString(
  room: CreateRoomResponse,
  role: RoomRole,
  who?: Participant,
): string {
  return `?${new URLSearchParams(boardParams(room, role, who)).toString()}`;
}

/**
 * `note` with its text and position changed the way a person editing it
 * would: a new label and a nudge, so each edit is a real record change
 * that the role rules and the record schema judge.
 */
export function editedNote(note: StoredRecord, text: string, x: number): StoredRecord {
  return {
    ...note,
    x,
    props: {
      ...(note.props as object),
      richText: {
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
      },
    },
  };
}

/** A note of `author`'s at `x`, with a label. */
export function labelledNote(id: string, author: Participant, text: string, x = 0): StoredRecord {
  return editedNote(noteRecord(id, author.id, x), text, x);
}
