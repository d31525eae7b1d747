import {
  type Box,
  type CanvasFieldKind,
  findTemplateDefinition,
  layoutMoodboard,
  layoutTemplate,
} from '@kohtaamo/shared';
import {
  createShapeId,
  type Editor,
  type EmbedShapeUtil,
  type TLImageShape,
  type TLShape,
  type TLShapeId,
  type TLShapePartial,
  type TLVideoShape,
} from 'tldraw';
import { canvasFieldDataBox, canvasFieldFonts } from './canvasFieldBoxes';
import { cellOfShape } from './cellOfShape';
import { instanceFromProps, type TLTemplateShape } from './templateShapeProps';

/**
 * Pictures, videos and video links in the fields of a concept canvas: the
 * Insight field takes a video link (played in tldraw's embed shape) or an
 * uploaded image or video, the Visuals field is a mood board of images. The
 * media are ordinary tldraw shapes parented to the template, so they move,
 * sync, export and undo like everything else; which field they belong to is
 * derived from where they sit (see `cellOfChild`).
 */

/** The shapes that count as media in a field. */
type MediaShape = TLImageShape | TLVideoShape;

function isMediaShape(shape: TLShape | undefined): shape is MediaShape {
  return shape?.type === 'image' || shape?.type === 'video';
}

/** A field's area and the part of it below its label and help text, in template space. */
export interface CanvasFieldArea {
  readonly field: Box;
  readonly content: Box;
}

/**
 * The area of a field of a canvas template, and the part where media go:
 * below the label and help text (the drawing's data box, see
 * `canvasFieldBoxes`), with a margin, so media never cover the field's name.
 *
 * @throws if the template is not a canvas or has no such field.
 */
export function canvasFieldArea(template: TLTemplateShape, fieldId: string): CanvasFieldArea {
  const definition = findTemplateDefinition(template.props.templateId);
  const instance = instanceFromProps(template.props);
  if (definition?.kind !== 'canvas' || instance.kind !== 'canvas') {
    throw new Error(`template ${template.id} (${template.props.templateId}) is not a canvas`);
  }
  const field = layoutTemplate(instance, definition).cells.find(
    (cell) => cell.fieldId === fieldId,
  )?.box;
  if (!field) throw new Error(`canvas ${template.props.templateId} has no field "${fieldId}"`);
  const margin = canvasFieldFonts(instance.w).label * 0.5;
  const height = field.maxY - field.minY;
  // A very short field keeps at least half its height for media, label or not.
  const top = Math.min(canvasFieldDataBox(field, instance.w).minY, field.minY + height / 2);
  const content: Box = {
    minX: field.minX + margin,
    minY: top,
    maxX: Math.max(field.minX + margin + 1, field.maxX - margin),
    maxY: Math.max(top + 1, field.maxY - margin),
  };
  return { field, content };
}

/** The id of the template's first field of `kind`, if it has one. */
export function canvasFieldOfKind(
  template: TLTemplateShape,
  kind: CanvasFieldKind,
): string | undefined {
  const definition = findTemplateDefinition(template.props.templateId);
  if (definition?.kind !== 'canvas') return undefined;
  return definition.fields.find((field) => field.kind === kind)?.id;
}

/**
 * Puts files into a field the way a drop on the board does (the board's
 * `files` handler checks, uploads and explains refusals in a toast), and
 * parents the new image and video shapes to the template, each scaled to fit
 * the field: one file fills it, several are stacked slightly apart around
 * its centre. The selection stays as it was, so the template's panel stays
 * open. Adding and placing are one undo step. Resolves with the ids of the
 * shapes added, none when every file was refused or the board is read-only.
 */
export async function placeMediaInField(
  editor: Editor,
  templateShape: TLTemplateShape,
  fieldId: string,
  files: readonly File[],
): Promise<TLShapeId[]> {
  const { content } = canvasFieldArea(templateShape, fieldId);
  if (files.length === 0) return [];
  const centre = editor
    .getShapePageTransform(templateShape.id)
    .applyToPoint({ x: (content.minX + content.maxX) / 2, y: (content.minY + content.maxY) / 2 });
  const selection = editor.getSelectedShapeIds();

  // The handler creates and selects the shapes in one store operation; fitting them into the
  // field when that operation completes keeps it one change: no frame shows them outside the
  // field, and the panel, which follows the selection, never closes. Only this person's new
  // shapes count: someone else's image arriving meanwhile is not ours to move.
  const created: TLShapeId[] = [];
  const placed: TLShapeId[] = [];
  const stopCreated = editor.sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
    if (source === 'user' && isMediaShape(shape)) created.push(shape.id);
  });
  const stopCompleted = editor.sideEffects.registerOperationCompleteHandler(() => {
    if (created.length === 0) return;
    const shapes = created
      .splice(0)
      .map((id) => editor.getShape(id))
      .filter(isMediaShape)
      .filter(hasSize);
    if (shapes.length === 0 || !editor.getShape(templateShape.id)) return;
    editor.reparentShapes(
      shapes.map((shape) => shape.id),
      templateShape.id,
    );
    editor.updateShapes(stackedInBox(shapes, content));
    editor.setSelectedShapes(selection.filter((id) => editor.getShape(id) !== undefined));
    placed.push(...shapes.map((shape) => shape.id));
  });
  editor.markHistoryStoppingPoint('kohtaamo.placeMedia');
  try {
    await editor.putExternalContent({ type: 'files', files: [...files], point: centre });
  } finally {
    stopCreated();
    stopCompleted();
  }
  return placed.filter((id) => editor.getShape(id) !== undefined);
}

/** Why a video link was not embedded. */
export type VideoLinkRefusal = 'empty' | 'invalid' | 'notHttp';

/** A checked video link: the URL to embed, or why there is none. */
export type VideoLinkCheck =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly reason: VideoLinkRefusal };

/**
 * Checks what someone typed as a video link: a web address (`http:` or
 * `https:`) with a host. Anything else, `javascript:` and `data:` included,
 * is refused.
 */
export function checkVideoLink(text: string): VideoLinkCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, reason: 'notHttp' };
  }
  if (parsed.hostname === '') return { ok: false, reason: 'invalid' };
  return { ok: true, url: parsed.href };
}

/** What {@link embedVideoLinkInField} did. */
export type VideoLinkResult =
  | { readonly ok: true; readonly kind: 'embed' | 'bookmark'; readonly shapeId: TLShapeId }
  | { readonly ok: false; readonly reason: VideoLinkRefusal | 'readonly' };

/**
 * Adds a video link to a field: tldraw's embed shape (a player) when one of
 * tldraw's embed definitions knows the site (YouTube, Vimeo, …), sized to
 * fit the field in the player's proportions, otherwise a bookmark card.
 * Centred in the field, parented to the template, one undo step.
 */
export function embedVideoLinkInField(
  editor: Editor,
  templateShape: TLTemplateShape,
  fieldId: string,
  url: string,
): VideoLinkResult {
  const { content } = canvasFieldArea(templateShape, fieldId);
  const checked = checkVideoLink(url);
  if (!checked.ok) return checked;
  if (editor.getIsReadonly()) return { ok: false, reason: 'readonly' };

  const embedUtil = editor.getShapeUtil<EmbedShapeUtil>('embed') as EmbedShapeUtil | undefined;
  const embed = embedUtil?.getEmbedDefinition(checked.url);
  const id = createShapeId();
  const centreX = (content.minX + content.maxX) / 2;
  const centreY = (content.minY + content.maxY) / 2;
  editor.markHistoryStoppingPoint('kohtaamo.embedVideoLink');
  if (embed) {
    const size = containSize(
      { w: embed.definition.width, h: embed.definition.height },
      content.maxX - content.minX,
      content.maxY - content.minY,
    );
    editor.createShape({
      id,
      type: 'embed',
      parentId: templateShape.id,
      x: centreX - size.w / 2,
      y: centreY - size.h / 2,
      props: { url: embed.url, w: size.w, h: size.h },
    });
    return { ok: true, kind: 'embed', shapeId: id };
  }
  // tldraw fetches the page's title and picture for the card in the background.
  const bookmark = { w: 300, h: 320 };
  editor.createShape({
    id,
    type: 'bookmark',
    parentId: templateShape.id,
    x: centreX - bookmark.w / 2,
    y: centreY - bookmark.h / 2,
    props: { url: checked.url },
  });
  return { ok: true, kind: 'bookmark', shapeId: id };
}

/**
 * Lays the images and videos of a field out as a mood board (justified rows,
 * see `layoutMoodboard`) inside the field below its label, in reading order
 * of where they are now, so that dragging one before another and arranging
 * again reorders them. One undo step. Returns how many were arranged.
 */
export function arrangeMoodboard(
  editor: Editor,
  templateShape: TLTemplateShape,
  fieldId: string,
): number {
  const { content } = canvasFieldArea(templateShape, fieldId);
  const items = editor
    .getSortedChildIdsForParent(templateShape.id)
    .map((id) => editor.getShape(id))
    .filter(isMediaShape)
    .filter(hasSize)
    .filter((shape) => {
      const cell = cellOfShape(editor, shape.id);
      return cell?.kind === 'field' && cell.fieldId === fieldId;
    })
    .map((shape) => ({ shape, centre: localCentre(shape) }))
    .sort(
      (a, b) =>
        a.centre.y - b.centre.y ||
        a.centre.x - b.centre.x ||
        (a.shape.id < b.shape.id ? -1 : a.shape.id > b.shape.id ? 1 : 0),
    )
    .map(({ shape }) => shape);
  if (items.length === 0 || editor.getIsReadonly()) return 0;

  const side = Math.min(content.maxX - content.minX, content.maxY - content.minY);
  const rects = layoutMoodboard(
    items.map((shape) => shape.props.w / shape.props.h),
    content,
    { padding: 0, gap: side * 0.02 },
  );
  editor.markHistoryStoppingPoint('kohtaamo.arrangeMoodboard');
  editor.run(() => {
    editor.updateShapes(
      items.map((shape, index) => placedAt(shape, rects[index] as (typeof rects)[number])),
    );
  });
  return items.length;
}

interface Size {
  readonly w: number;
  readonly h: number;
}

interface Rect extends Size {
  readonly x: number;
  readonly y: number;
}

/** Images and videos always have a positive size; a broken record is left where it is. */
function hasSize(shape: MediaShape): boolean {
  const { w, h } = shape.props;
  return w > 0 && h > 0 && Number.isFinite(w) && Number.isFinite(h);
}

function localCentre(shape: MediaShape): { x: number; y: number } {
  return { x: shape.x + shape.props.w / 2, y: shape.y + shape.props.h / 2 };
}

/** The update that moves a media shape to `rect` (in its parent's space), upright. */
function placedAt(shape: MediaShape, rect: Rect): TLShapePartial<MediaShape> {
  const common = { id: shape.id, x: rect.x, y: rect.y, rotation: 0 };
  const props = { w: rect.w, h: rect.h };
  return shape.type === 'image'
    ? { ...common, type: 'image', props }
    : { ...common, type: 'video', props };
}

/** The largest size with `size`'s proportions that fits in `maxW × maxH`. */
function containSize(size: Size, maxW: number, maxH: number): Size {
  const scale = Math.min(maxW / size.w, maxH / size.h);
  return { w: size.w * scale, h: size.h * scale };
}

/**
 * New media scaled into `box`: one fills it; several take 60 % each and step
 * diagonally around the centre, so every one stays visible and its centre
 * stays in the field until the mood board is arranged.
 */
function stackedInBox(shapes: readonly MediaShape[], box: Box): TLShapePartial<MediaShape>[] {
  const boxW = box.maxX - box.minX;
  const boxH = box.maxY - box.minY;
  const share = shapes.length === 1 ? 1 : 0.6;
  const stepCount = Math.min(shapes.length, 5);
  const step = Math.min(boxW, boxH) * 0.05;
  return shapes.map((shape, index) => {
    const size = containSize(shape.props, boxW * share, boxH * share);
    const offset = ((index % stepCount) - (stepCount - 1) / 2) * step;
    return placedAt(shape, {
      x: box.minX + (boxW - size.w) / 2 + offset,
      y: box.minY + (boxH - size.h) / 2 + offset,
      ...size,
    });
  });
}
