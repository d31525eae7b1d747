/**
 * A write refused because another instance has taken the room over since
 * this one's lease (its fencing number is lower than the one storage has
 * recorded). The writer must stop writing the room and let it go: the new
 * owner has everything that was stored, and clients bring back the rest.
 */
export class FencedOutError extends Error {
  override readonly name = 'FencedOutError';

  constructor(roomId: string, fence: number, current: number | undefined) {
    super(
      `room ${roomId} belongs to a newer owner (fence ${current ?? 'none'}); this one holds ${fence}`,
    );
  }
}

/** The room a stored document belongs to: its id up to the first `.` (`<room>.ballots`, `<room>.private.<id>`). */
export function roomOfDocument(documentId: string): string {
  const dot = documentId.indexOf('.');
  return dot < 0 ? documentId : documentId.slice(0, dot);
}
