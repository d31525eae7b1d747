import {
  type OutcomeItem,
  outcomeToTemplateInstance,
  parseBoardOutcomes,
  plainTextToRichText,
  type RecreatedTemplate,
} from '@kohtaamo/shared';
import {
  Box,
  createShapeId,
  type Editor,
  type TLRichText,
  type TLShapeId,
  type TLShapePartial,
} from 'tldraw';
import { freeSpot } from './freeSpot';
import { templateGap } from './insertTemplate';
import { propsFromInstance, templateShapeType } from './templateShapeProps';

/** Why an import created nothing. */
export type ImportTemplatesFailure =
  /** The file is not a valid outcomes export; `detail` says why (English, from the parser). */
  | { readonly ok: false; readonly reason: 'invalid'; readonly detail: string }
  /** Valid, but without templates this build knows. */
  | { readonly ok: false; readonly reason: 'noTemplates' }
  | { readonly ok: false; readonly reason: 'readonly' };

/** The result of {@link importTemplates}. */
export type ImportTemplatesResult =
  | {
      readonly ok: true;
      /** The new template shapes, left to right. */
      readonly templateIds: readonly TLShapeId[];
      /** Templates of the file this build does not know, left out. */
      readonly skipped: number;
    }
  | ImportTemplatesFailure;

/**
 * Recreates the templates of an outcomes export (its text or parsed JSON):
 * the templates side by side in a row, in free space near the middle of the
 * viewport (beside what is on the page, never over it: see `freeSpot`), and a note for every
 * item as the template's child in the cell it came from, keeping its author in
 * `meta`. One undo step; the new templates end up selected and in view.
 */
export function importTemplates(editor: Editor, json: unknown): ImportTemplatesResult {
  if (editor.getIsReadonly()) return { ok: false, reason: 'readonly' };
  const parsed = parseBoardOutcomes(json);
  if (!parsed.success) return { ok: false, reason: 'invalid', detail: parsed.error };
  const recreated = parsed.board.templates
    .map(outcomeToTemplateInstance)
    .filter((template): template is RecreatedTemplate => template !== undefined);
  if (recreated.length === 0) return { ok: false, reason: 'noTemplates' };

  const totalWidth =
    recreated.reduce((sum, { instance }) => sum + instance.w, 0) +
    templateGap * (recreated.length - 1);
  const rowHeight = Math.max(...recreated.map(({ instance }) => instance.h));
  const occupied = editor
    .getCurrentPageShapes()
    .flatMap((shape) => editor.getShapePageBounds(shape) ?? []);
  const row = freeSpot(
    { w: totalWidth, h: rowHeight },
    occupied,
    editor.getViewportPageBounds().center,
    templateGap,
  );
  let x = row.x;
  const templateIds: TLShapeId[] = [];
  const shapes: TLShapePartial[] = [];
  for (const { instance, items, meta } of recreated) {
    const id = createShapeId();
    templateIds.push(id);
    shapes.push({
      id,
      type: templateShapeType,
      parentId: editor.getCurrentPageId(),
      x,
      y: row.y + (rowHeight - instance.h) / 2,
      props: propsFromInstance(instance),
      meta,
    });
    for (const placed of items) {
      shapes.push({
        id: createShapeId(),
        type: 'note',
        parentId: id,
        x: placed.x,
        y: placed.y,
        props: {
          richText: plainTextToRichText(noteText(placed.item)) as unknown as TLRichText,
          scale: placed.scale,
        },
        meta: authorMeta(placed.item),
      });
    }
    x += instance.w + templateGap;
  }

  editor.markHistoryStoppingPoint('import templates');
  editor.run(() => {
    // Parents come before their children in `shapes`.
    editor.createShapes(shapes);
    editor.select(...templateIds);
  });
  const bounds = Box.Common(
    templateIds.flatMap((id) => {
      const box = editor.getShapePageBounds(id);
      return box ? [box] : [];
    }),
  );
  editor.zoomToBounds(bounds, { inset: 32 });
  return { ok: true, templateIds, skipped: parsed.board.templates.length - recreated.length };
}

/** A note holds text only: an image or link without text keeps its address as text. */
function noteText(item: OutcomeItem): string {
  return item.text !== '' ? item.text : (item.url ?? '');
}

function authorMeta(item: OutcomeItem): Record<string, string> {
  const meta: Record<string, string> = {};
  if (item.authorId !== undefined) meta.authorId = item.authorId;
  if (item.authorName !== undefined) meta.authorName = item.authorName;
  return meta;
}
