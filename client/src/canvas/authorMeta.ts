import { authorIdMetaKey, authorNameMetaKey } from '@kohtaamo/shared';
import type { Editor, TLAsset, TLShape } from 'tldraw';

/** Shape types that carry content a participant wrote or brought, and so an author. */
export const authoredShapeTypes: ReadonlySet<string> = new Set([
  'note',
  'text',
  'image',
  'video',
  'bookmark',
  'embed',
]);

/** Who made a shape or asset, as stored in its `meta`. */
export interface AuthorMeta {
  readonly [authorIdMetaKey]: string;
  readonly [authorNameMetaKey]: string;
}

/** How {@link registerAuthorMeta} stamps. */
export interface AuthorMetaOptions {
  /**
   * The local user is a guest: the server lets a guest create only what
   * names them as its author, so every shape and asset they create is
   * stamped with their own id, even a paste or duplicate of someone else's.
   * A function decides per record as it is created: content written during
   * a private round is judged by a guest's rules whatever the person's role.
   */
  readonly guest?: boolean | ((record: TLShape | TLAsset) => boolean);
}

/**
 * Stamps `meta.authorId` and `meta.authorName` of the local user on content
 * shapes and on asset records this user creates, so exports and facilitators
 * can say who wrote what, and the server can tell a guest's own content
 * (see `refuseRecordEdit`). Records arriving from peers (`source: 'remote'`)
 * keep their meta; so do records that already name an author (pasted,
 * duplicated), except a guest's, which are always stamped as theirs.
 * Returns the function that stops it.
 */
export function registerAuthorMeta(editor: Editor, options: AuthorMetaOptions = {}): () => void {
  const option = options.guest ?? false;
  const isGuest = typeof option === 'function' ? option : () => option;
  const stamp = <R extends TLShape | TLAsset>(record: R, guest: boolean): R => {
    if (!guest && typeof record.meta[authorIdMetaKey] === 'string') return record;
    const author: AuthorMeta = {
      [authorIdMetaKey]: editor.user.getId(),
      [authorNameMetaKey]: editor.user.getName(),
    };
    return { ...record, meta: { ...record.meta, ...author } };
  };
  const stopShapes = editor.sideEffects.registerBeforeCreateHandler(
    'shape',
    (shape: TLShape, source) => {
      if (source !== 'user') return shape;
      const guest = isGuest(shape);
      return guest || authoredShapeTypes.has(shape.type) ? stamp(shape, guest) : shape;
    },
  );
  const stopAssets = editor.sideEffects.registerBeforeCreateHandler(
    'asset',
    (asset: TLAsset, source) => (source === 'user' ? stamp(asset, isGuest(asset)) : asset),
  );
  return () => {
    stopShapes();
    stopAssets();
  };
}
