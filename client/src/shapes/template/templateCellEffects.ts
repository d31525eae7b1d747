import {
  type CellAnchor,
  cellAnchorMetaKey,
  childBox,
  type EditActor,
  findTemplateDefinition,
  layoutTemplateContent,
  type Point,
  placeInCell,
  type RoomRole,
  readCellAnchor,
  refuseRecordEdit,
  type TemplateContent,
  templateNoteScale,
} from '@kohtaamo/shared';
import {
  type Atom,
  atom,
  type Editor,
  react,
  type TLShape,
  type TLShapeId,
  type TLShapePartial,
} from 'tldraw';
import { stored, templateContentOf } from './templateContentOf';
import {
  instanceFromProps,
  isTemplateShape,
  type TLTemplateShape,
  templateShapeType,
} from './templateShapeProps';

/**
 * How content lands in a template's cells on this client: the client half
 * of `layoutTemplateContent` (shared), which explains the cell anchors.
 *
 * - A note created in a cell, or dropped into one from outside the
 *   template, takes the template's note size (`templateNoteScale`); a child
 *   created or dropped in a cell is moved just inside it if it hangs over a
 *   header or a neighbour, and into a free place of the cell if it would
 *   cover another item (`placeInCell`). Then it is anchored to that cell.
 * - A child moved, turned or resized in place (keyboard, resize, a growing
 *   text) is anchored to the cell under its centre, as drawn; a dragged one
 *   only when it is dropped, so the grid holds still while it is dragged.
 * - When the grid moves under anchored children (a cell above grew or
 *   shrank, a stage was added, the template was resized), they are put back
 *   at their anchors (`registerTemplateCellReconciler`).
 *
 * Only changes this user makes (`source: 'user'`) are touched: a peer's
 * client anchors their own. Every write goes through the role rules first
 * (`refuseRecordEdit`, as the server will): a guest moves only their own
 * notes, and nobody but the facilitator moves a locked one. What one client
 * may not move, another that may (any participant or the facilitator)
 * puts back, and all of them write the same positions.
 */

/** Positions closer than this (template units) are the same place. */
const samePlace = 0.01;

/** Shape types never anchored: templates are never content, and arrows follow what they bind. */
const unanchoredTypes: ReadonlySet<string> = new Set([templateShapeType, 'arrow']);

/**
 * Shape types that are fitted into their cell (sized and moved inside) and
 * lined up by "Tidy up"; others (strokes, frames) are only anchored.
 */
export const fittedTypes: ReadonlySet<string> = new Set([
  'note',
  'text',
  'geo',
  'image',
  'video',
  'bookmark',
  'embed',
]);

/** What is known of the local user's role: `undefined` until the board says. */
const roles = new WeakMap<Editor, Atom<{ readonly role: RoomRole | null } | undefined>>();

function roleAtom(editor: Editor): Atom<{ readonly role: RoomRole | null } | undefined> {
  let known = roles.get(editor);
  if (!known) {
    known = atom('kohtaamo.templateEditRole', undefined);
    roles.set(editor, known);
  }
  return known;
}

/**
 * Tells the template effects of `editor` the role of the board's link
 * (`null`: a legacy open room, where everyone may do everything). Until
 * told, they move only what a guest could: this user's own unlocked content.
 */
export function setTemplateEditRole(editor: Editor, role: RoomRole | null): void {
  const known = roleAtom(editor);
  if (known.get()?.role !== role || known.get() === undefined) known.set({ role });
}

/** The local user as the role rules see them. */
function actorOf(editor: Editor): EditActor {
  const known = roleAtom(editor).get();
  const participantId = editor.user.getId();
  if (known === undefined) return { role: 'guest', participantId };
  return { role: known.role ?? undefined, participantId };
}

/** Whether the role rules let the local user turn `before` into `after`. */
export function mayChangeShape(editor: Editor, before: TLShape, after: TLShape): boolean {
  if (editor.getIsReadonly()) return false;
  const refusal = refuseRecordEdit(actorOf(editor), stored(before), stored(after), (id) => {
    const record = editor.store.get(id as TLShapeId);
    return record ? stored(record as TLShape) : undefined;
  });
  return refusal === undefined;
}

function anchorable(shape: TLShape): boolean {
  return !unanchoredTypes.has(shape.type);
}

function parentTemplate(editor: Editor, shape: TLShape): TLTemplateShape | undefined {
  const parent = editor.getShape(shape.parentId as TLShapeId);
  return isTemplateShape(parent) ? parent : undefined;
}

function near(a: Point, b: Point): boolean {
  return Math.abs(a.x - b.x) < samePlace && Math.abs(a.y - b.y) < samePlace;
}

function withAnchor<S extends TLShape>(shape: S, anchor: CellAnchor): S {
  return { ...shape, meta: { ...shape.meta, [cellAnchorMetaKey]: anchor } };
}

function withoutAnchor<S extends TLShape>(shape: S): S {
  if (!(cellAnchorMetaKey in shape.meta)) return shape;
  const { [cellAnchorMetaKey]: _dropped, ...meta } = shape.meta;
  return { ...shape, meta };
}

/** `shape` without an anchor that names another template than its parent. */
function withoutForeignAnchor<S extends TLShape>(editor: Editor, shape: S): S {
  if (!(cellAnchorMetaKey in shape.meta)) return shape;
  const template = parentTemplate(editor, shape);
  return template && readCellAnchor(stored(shape), template.id) ? shape : withoutAnchor(shape);
}

/** Whether `shape` sits where its anchor in `content` says. */
function atAnchor(content: TemplateContent, shape: TLShape): boolean {
  const target = content.targetOf(stored(shape));
  const box = childBox(stored(shape));
  return target !== undefined && box !== undefined && near(box, target);
}

/** How {@link fitIntoCell} treats a child. */
export interface FitOptions {
  /** Give a note larger than the template's note size that size (it comes from outside the template). */
  readonly rescale: boolean;
  /** Children not to avoid: the others being placed with it. */
  readonly ignore?: ReadonlySet<TLShapeId>;
}

/**
 * `shape`, a child of `template` (or about to be), fitted into the cell
 * under its centre as drawn now and anchored there (see the module comment);
 * outside every cell, without an anchor.
 */
export function fitIntoCell<S extends TLShape>(
  editor: Editor,
  template: TLTemplateShape,
  shape: S,
  options: FitOptions,
): S {
  const content = templateContentOf(editor, template);
  if (!content || !anchorable(shape)) return withoutAnchor(shape);
  let next = shape;
  if (options.rescale && next.type === 'note') next = rescaledNote(template, next);
  const box = childBox(stored(next));
  const anchor = content.anchorAt(stored(next));
  const cell = anchor && content.cellByKey(anchor.cell);
  if (!box || !anchor || !cell) return withoutAnchor(next);
  if (!fittedTypes.has(next.type)) return withAnchor(next, anchor);
  const others = editor
    .getSortedChildIdsForParent(template.id)
    .filter((id) => id !== shape.id && !options.ignore?.has(id))
    .flatMap((id) => {
      const sibling = editor.getShape(id);
      if (!sibling || !fittedTypes.has(sibling.type)) return [];
      const siblingBox = childBox(stored(sibling));
      return siblingBox && content.cellOf(stored(sibling)) === cell ? [siblingBox] : [];
    });
  const place = placeInCell(cell.box, box, others);
  return withAnchor(
    { ...next, x: next.x + place.x - box.x, y: next.y + place.y - box.y },
    {
      template: template.id,
      cell: anchor.cell,
      dx: place.x - cell.box.minX,
      dy: place.y - cell.box.minY,
    },
  );
}

/** A note bigger than `template`'s note size at that size, about the same centre. */
function rescaledNote<S extends TLShape>(template: TLTemplateShape, note: S): S {
  const definition = findTemplateDefinition(template.props.templateId);
  const props = note.props as { scale?: unknown };
  if (!definition || typeof props.scale !== 'number') return note;
  const scale = templateNoteScale(instanceFromProps(template.props), definition);
  if (props.scale <= scale + 1e-6) return note;
  const before = childBox(stored(note));
  const scaled = { ...note, props: { ...note.props, scale } };
  const after = childBox(stored(scaled));
  if (!before || !after) return scaled;
  return {
    ...scaled,
    x: note.x + before.x + before.w / 2 - (after.x + after.w / 2),
    y: note.y + before.y + before.h / 2 - (after.y + after.h / 2),
  };
}

/** Whether a change moves, turns, resizes or reparents a shape. */
function geometryChanged(prev: TLShape, next: TLShape): boolean {
  return (
    prev.x !== next.x ||
    prev.y !== next.y ||
    prev.rotation !== next.rotation ||
    prev.parentId !== next.parentId ||
    prev.props !== next.props
  );
}

/**
 * Registers the side effects and the reconciler of the module comment on
 * `editor`; returns the function that removes them. Callable while the
 * editor is being constructed (from a shape util): the side effects go on
 * its store at once, and the reconciler starts with the first of them to
 * run or on the next microtask, once the editor is whole.
 */
export function registerTemplateCellEffects(editor: Editor): () => void {
  const { sideEffects } = editor.store;
  let stopReconciler: (() => void) | undefined;
  let stopped = false;
  const start = () => {
    if (!stopReconciler && !stopped) stopReconciler = registerTemplateCellReconciler(editor);
  };
  queueMicrotask(start);
  const stops = [
    sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
      start();
      if (source !== 'user') return shape;
      const template = parentTemplate(editor, shape);
      if (!template || !anchorable(shape)) return withoutForeignAnchor(editor, shape);
      const content = templateContentOf(editor, template);
      // An undo or redo brings a child back where its anchor says: keep it as it was.
      if (content && readCellAnchor(stored(shape), template.id) && atAnchor(content, shape)) {
        return shape;
      }
      return fitIntoCell(editor, template, shape, { rescale: true });
    }),
    sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
      start();
      if (source !== 'user') return next;
      const template = parentTemplate(editor, next);
      if (!template || !anchorable(next)) return withoutForeignAnchor(editor, next);
      // A dragged child is anchored where it is dropped (`TemplateShapeUtil.onDropShapesOver`).
      if (!geometryChanged(prev, next) || editor.isIn('select.translating')) return next;
      const content = templateContentOf(editor, template);
      if (!content || (readCellAnchor(stored(next), template.id) && atAnchor(content, next))) {
        return next;
      }
      if (prev.parentId !== next.parentId) {
        return fitIntoCell(editor, template, next, { rescale: true });
      }
      const anchor = content.anchorAt(stored(next));
      return anchor ? withAnchor(next, anchor) : withoutAnchor(next);
    }),
    sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
      if (source === 'user') anchorSiblings(editor, shape, undefined);
    }),
    sideEffects.registerAfterChangeHandler('shape', (prev, next, source) => {
      if (source === 'user' && geometryChanged(prev, next)) anchorSiblings(editor, next, prev);
    }),
  ];
  return () => {
    stopped = true;
    stopReconciler?.();
    for (const stop of stops) stop();
  };
}

/**
 * Before a change by this user makes a cell grow, the template's children
 * without an anchor (a board from before anchors, content from an older
 * client or from the server) are anchored where they are in the grid as it
 * was, so the reconciler moves them along with their cells instead of the
 * cells sliding under them. Only those this user may change.
 */
function anchorSiblings(editor: Editor, changed: TLShape, before: TLShape | undefined): void {
  const template = parentTemplate(editor, changed);
  if (!template) return;
  const children = editor.getSortedChildIdsForParent(template.id).flatMap((id) => {
    const child = editor.getShape(id);
    return child ? [child] : [];
  });
  const unanchored = children.filter(
    (child) =>
      child.id !== changed.id &&
      anchorable(child) &&
      readCellAnchor(stored(child), template.id) === undefined,
  );
  if (unanchored.length === 0) return;
  const definition = findTemplateDefinition(template.props.templateId);
  const instance = instanceFromProps(template.props);
  if (!definition || definition.kind !== instance.kind) return;
  const was = children.flatMap((child) =>
    child.id !== changed.id ? [child] : before?.parentId === template.id ? [before] : [],
  );
  const content = layoutTemplateContent(template.id, instance, definition, was.map(stored));
  const updates = unanchored.flatMap((child): TLShapePartial[] => {
    const anchor = content.anchorAt(stored(child));
    if (!anchor) return [];
    const next = withAnchor(child, anchor);
    return mayChangeShape(editor, child, next)
      ? [{ id: child.id, type: child.type, meta: next.meta }]
      : [];
  });
  // tldraw freezes the children of a locked shape in the editor; the role rules decided already.
  if (updates.length > 0) editor.run(() => editor.updateShapes(updates), { ignoreShapeLock: true });
}

/**
 * Puts anchored children back at their anchors when the grid moves under
 * them. A child is moved only when its anchor's place changed since this
 * client last saw it (a child someone is dragging keeps its anchor and
 * place until dropped, so it is left alone), never while this user drags
 * it, and only if the role rules allow; what could not be moved is tried
 * again on the next change. The first look after loading only takes note,
 * so a stale local copy never overrides newer positions. The moves stay out
 * of the undo history: undoing a change moves the grid back, and the
 * children with it.
 */
export function registerTemplateCellReconciler(editor: Editor): () => void {
  const seen = new Map<TLShapeId, Point>();
  let started = false;
  // Kept up to date from the store's change history: reading only templates and their children
  // makes a change anywhere else on a big board cost nothing here (bug: every shape was read, so
  // each remote move of any note re-ran this over the whole page).
  const templateIds = editor.store.query.ids('shape', () => ({ type: { eq: templateShapeType } }));
  return react('kohtaamo.templateCells', () => {
    const dragging = editor.isIn('select.translating') ? editor.getSelectedShapeIds() : [];
    const moves: TLShapePartial[] = [];
    const present = new Set<TLShapeId>();
    const pageId = editor.getCurrentPageId();
    for (const id of templateIds.get()) {
      const template = editor.getShape(id);
      if (!isTemplateShape(template) || editor.getAncestorPageId(template) !== pageId) continue;
      const content = templateContentOf(editor, template);
      if (!content) continue;
      for (const childId of editor.getSortedChildIdsForParent(template.id)) {
        const child = editor.getShape(childId);
        const target = child && content.targetOf(stored(child));
        if (!child || !target) continue;
        present.add(child.id);
        const known = seen.get(child.id);
        if (known && near(known, target)) continue;
        const box = childBox(stored(child));
        if (!started || !box || near(box, target)) {
          seen.set(child.id, target);
          continue;
        }
        if (dragging.includes(child.id)) continue;
        const next = { ...child, x: child.x + target.x - box.x, y: child.y + target.y - box.y };
        if (!mayChangeShape(editor, child, next)) continue;
        moves.push({ id: child.id, type: child.type, x: next.x, y: next.y });
        seen.set(child.id, target);
      }
    }
    for (const id of seen.keys()) if (!present.has(id)) seen.delete(id);
    started = true;
    // tldraw freezes the children of a locked shape in the editor; the role rules decided already.
    if (moves.length > 0) {
      editor.run(() => editor.updateShapes(moves), { history: 'ignore', ignoreShapeLock: true });
    }
  });
}
