/**
 * The codes of refused edits: one per rule of `editRules`, of the server's
 * update guard (layout and record schema) and of the room's other checks on
 * what a connection sends. The client has a message for each
 * (`refusal.<code>`); the English reason stays in the server's log.
 *
 * | code | refused because |
 * |---|---|
 * | `record.unknownType` | the record's type does not belong in a board (params: `typeName`) |
 * | `record.invalid` | the record breaks the record schema, or its id does not match its type |
 * | `update.layout` | the update writes or deletes outside the records array and the schema key, or nests types |
 * | `update.malformed` | a records entry or the stored schema is malformed, or a value is not JSON |
 * | `update.unknownBase` | the update builds on changes the server does not have |
 * | `viewer.readOnly` | a viewer tried to change the board |
 * | `lock.change` | only the facilitator can lock or unlock a shape |
 * | `lock.locked` | the facilitator locked this shape |
 * | `guest.notAuthor` | a guest tried to change someone else's content |
 * | `guest.authorRequired` | content a guest adds must name them as its author |
 * | `guest.giveAway` | a guest tried to give their content to someone else |
 * | `guest.templates` | a guest cannot add templates |
 * | `guest.contentOnly` | a guest can add only shapes, bindings and assets |
 * | `guest.otherUser` | a guest tried to change someone else's name or colour |
 * | `reaction.notOwn` | a reaction key names someone else |
 * | `reaction.malformed` | a reaction key names no known kind, or its value is not `true` |
 * | `presence.forged` | presence claimed to be someone else |
 * | `document.tooLarge` | the board would grow past its size limit (params: `limitBytes`) |
 * | `rate.awareness` | presence updates came faster than the rate limit |
 */
export const editRefusalCodes = [
  'record.unknownType',
  'record.invalid',
  'update.layout',
  'update.malformed',
  'update.unknownBase',
  'viewer.readOnly',
  'lock.change',
  'lock.locked',
  'guest.notAuthor',
  'guest.authorRequired',
  'guest.giveAway',
  'guest.templates',
  'guest.contentOnly',
  'guest.otherUser',
  'reaction.notOwn',
  'reaction.malformed',
  'presence.forged',
  'document.tooLarge',
  'rate.awareness',
] as const;

/** One of {@link editRefusalCodes}. */
export type EditRefusalCode = (typeof editRefusalCodes)[number];
