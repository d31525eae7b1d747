import type { RoomExtensionFactory } from '../RoomExtension.js';
import type { RecordValidator } from '../recordSchema.js';
import { documentSizeRule } from './documentSizeRule.js';
import { presenceOwnerRule } from './presenceOwnerRule.js';
import { type PresenceRate, presenceRateRule } from './presenceRateRule.js';
import { recordGuardRule } from './recordGuardRule.js';
import { viewerRule } from './viewerRule.js';

/** What the standard rules need; the composition root fills it from config. */
export interface RoomRuleOptions {
  /** An update that would grow the estimated stored size past this is refused. */
  readonly maxDocumentBytes: number;
  /** Presence changes per connection; unset: unlimited. */
  readonly presenceRate?: PresenceRate | undefined;
  /** The board's record schema (`loadRecordValidator`), for rooms with roles. */
  readonly validateRecord: RecordValidator;
}

/**
 * The rules every room runs on incoming messages, in the order they apply
 * (each rule's priority says the same): a viewer's edit, the record schema
 * and role rules, the document size limit; for presence, forged names,
 * then the presence rate.
 */
export function standardRoomRules(options: RoomRuleOptions): RoomExtensionFactory[] {
  return [
    viewerRule,
    recordGuardRule(options.validateRecord),
    documentSizeRule(options.maxDocumentBytes),
    presenceOwnerRule,
    ...(options.presenceRate === undefined ? [] : [presenceRateRule(options.presenceRate)]),
  ];
}
