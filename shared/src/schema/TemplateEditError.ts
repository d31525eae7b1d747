/** Why a structure edit was refused. */
export type TemplateEditErrorReason =
  | 'unknownItem'
  | 'lastItem'
  | 'tooManyItems'
  | 'duplicateId'
  | 'invalidId'
  | 'indexOutOfRange'
  | 'blankLabel'
  | 'labelTooLong'
  | 'invalidSize';

/**
 * A refused structure edit. `reason` lets the UI pick a message; most refusals
 * can be avoided up front (e.g. disable "remove" on the only lane).
 */
export class TemplateEditError extends Error {
  /** Why the edit was refused. */
  readonly reason: TemplateEditErrorReason;

  constructor(reason: TemplateEditErrorReason, message: string) {
    super(message);
    this.name = 'TemplateEditError';
    this.reason = reason;
  }
}
