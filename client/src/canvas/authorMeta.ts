import type { Editor, TLShape } from 'tldraw';

/** Shape types that carry content a participant wrote or brought, and so an author. */
export const authoredShapeTypes: ReadonlySet<string> = new Set([
  'note',
  'text',
  'image',
  'video',
  'bookmark',
  'embed',
]);

/** Who made a shape, as stored in its `meta`. */
export interface AuthorMeta {
  readonly authorId: string;
  readonly authorName: string;
}

/**
 * Stamps `meta.authorId` and `meta.authorName` of the local user on content
 * shapes this user creates, so exports and facilitators can say who wrote
 * what. Shapes arriving from peers (`source: 'remote'`) and shapes that
 * already name an author (pasted, duplicated) keep their meta. Returns the
 * function that stops it.
 */
export function registerAuthorMeta(editor: Editor): () => void {
  return editor.sideEffects.registerBeforeCreateHandler('shape', (shape: TLShape, source) => {
    if (source !== 'user' || !authoredShapeTypes.has(shape.type)) return shape;
    if (typeof shape.meta.authorId === 'string') return shape;
    const author: AuthorMeta = { authorId: editor.user.getId(), authorName: editor.user.getName() };
    return { ...shape, meta: { ...shape.meta, ...author } };
  });
}
