import '../../canvas/testSetup';
import { conceptCanvas, journeyMap } from '@kohtaamo/shared';
import {
  AssetRecordType,
  createShapesForAssets,
  type Editor,
  react,
  type TLAsset,
  type TLShape,
  type TLShapeId,
} from 'tldraw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  arrangeMoodboard,
  canvasFieldArea,
  canvasFieldOfKind,
  checkVideoLink,
  embedVideoLinkInField,
  placeMediaInField,
} from './canvasMedia';
import { cellOfShape } from './cellOfShape';
import { insertTemplate } from './insertTemplate';
import { isTemplateShape, type TLTemplateShape } from './templateShapeProps';
import { createTemplateTestEditor } from './templateTestEditor';

let editor: Editor;

beforeEach(() => {
  editor = createTemplateTestEditor();
});

afterEach(() => {
  editor.dispose();
});

function template(id: TLShapeId): TLTemplateShape {
  const shape = editor.getShape(id);
  if (!isTemplateShape(shape)) throw new Error('no template');
  return shape;
}

function shape(id: TLShapeId): TLShape {
  const found = editor.getShape(id);
  if (!found) throw new Error(`no shape ${id}`);
  return found;
}

function fieldOf(id: TLShapeId): string | undefined {
  const cell = cellOfShape(editor, id);
  return cell?.kind === 'field' ? cell.fieldId : undefined;
}

function sizeOf(id: TLShapeId): { w: number; h: number } {
  const { w, h } = shape(id).props as { w: number; h: number };
  return { w, h };
}

/** Local bounds of a direct child of the template. */
function boundsOf(id: TLShapeId) {
  const found = shape(id);
  const { w, h } = sizeOf(id);
  return { minX: found.x, minY: found.y, maxX: found.x + w, maxY: found.y + h };
}

/**
 * A stand-in for the board's `files` handler (`registerUploadHandlers`, which
 * needs a browser to read image sizes): images of the sizes given per file,
 * created the way tldraw's handlers create them, at the point asked for.
 */
function registerFakeFilesHandler(sizes: Map<File, { w: number; h: number }>): File[] {
  const received: File[] = [];
  editor.registerExternalContentHandler('files', async ({ point, files }) => {
    received.push(...files);
    const assets = files.map((file): TLAsset => {
      const size = sizes.get(file) ?? { w: 100, h: 100 };
      return AssetRecordType.create({
        id: AssetRecordType.createId(),
        type: 'image',
        props: {
          name: file.name,
          src: `/api/rooms/test/uploads/${file.name}`,
          w: size.w,
          h: size.h,
          mimeType: file.type,
          isAnimated: false,
        },
      });
    });
    await createShapesForAssets(editor, assets, point ?? { x: 0, y: 0 });
  });
  return received;
}

function pngFile(name: string): File {
  return new File([new Uint8Array([137, 80, 78, 71])], name, { type: 'image/png' });
}

describe('canvasFieldArea', () => {
  it('keeps media below the field label and inside the field', () => {
    const canvas = template(insertTemplate(editor, conceptCanvas));
    const { field, content } = canvasFieldArea(canvas, 'insight');
    expect(content.minX).toBeGreaterThan(field.minX);
    expect(content.maxX).toBeLessThan(field.maxX);
    expect(content.maxY).toBeLessThan(field.maxY);
    // 1200 wide: label font 28.8, so the label and two help lines take ~ 100 units.
    expect(content.minY - field.minY).toBeGreaterThan(90);
    expect(content.minY - field.minY).toBeLessThan((field.maxY - field.minY) / 2);
  });

  it('refuses a grid template or an unknown field', () => {
    const map = template(insertTemplate(editor, journeyMap));
    expect(() => canvasFieldArea(map, 'insight')).toThrow(/not a canvas/);
    const canvas = template(insertTemplate(editor, conceptCanvas));
    expect(() => canvasFieldArea(canvas, 'nope')).toThrow(/no field "nope"/);
  });

  it('finds the insight and mood board fields by their kind', () => {
    const canvas = template(insertTemplate(editor, conceptCanvas));
    expect(canvasFieldOfKind(canvas, 'insight')).toBe('insight');
    expect(canvasFieldOfKind(canvas, 'moodboard')).toBe('visuals');
    const map = template(insertTemplate(editor, journeyMap));
    expect(canvasFieldOfKind(map, 'insight')).toBeUndefined();
  });
});

describe('checkVideoLink', () => {
  it('accepts http and https links with a host', () => {
    expect(checkVideoLink('  https://www.youtube.com/watch?v=abc ')).toEqual({
      ok: true,
      url: 'https://www.youtube.com/watch?v=abc',
    });
    expect(checkVideoLink('http://example.org/clip')).toMatchObject({ ok: true });
  });

  it('refuses empty text, non-addresses and other schemes', () => {
    expect(checkVideoLink('   ')).toEqual({ ok: false, reason: 'empty' });
    expect(checkVideoLink('youtube video')).toEqual({ ok: false, reason: 'invalid' });
    expect(checkVideoLink('www.youtube.com/watch?v=abc')).toEqual({ ok: false, reason: 'invalid' });
    expect(checkVideoLink('javascript:alert(1)')).toEqual({ ok: false, reason: 'notHttp' });
    expect(checkVideoLink('data:text/html,hi')).toEqual({ ok: false, reason: 'notHttp' });
    expect(checkVideoLink('ftp://example.org/clip.mp4')).toEqual({ ok: false, reason: 'notHttp' });
  });
});

describe('embedVideoLinkInField', () => {
  it('embeds a YouTube link as a player fitted into the insight field, as one undo step', () => {
    const canvas = template(insertTemplate(editor, conceptCanvas));
    const result = embedVideoLinkInField(
      editor,
      canvas,
      'insight',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    );
    if (!result.ok) throw new Error(`refused: ${result.reason}`);
    expect(result.kind).toBe('embed');
    const embed = shape(result.shapeId);
    expect(embed.type).toBe('embed');
    expect(embed.parentId).toBe(canvas.id);
    expect(embed.props).toMatchObject({ url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' });
    expect(fieldOf(result.shapeId)).toBe('insight');

    // Fitted into the content area in YouTube's 16:9.
    const { content } = canvasFieldArea(canvas, 'insight');
    const bounds = boundsOf(result.shapeId);
    expect(bounds.minX).toBeGreaterThanOrEqual(content.minX - 1e-6);
    expect(bounds.minY).toBeGreaterThanOrEqual(content.minY - 1e-6);
    expect(bounds.maxX).toBeLessThanOrEqual(content.maxX + 1e-6);
    expect(bounds.maxY).toBeLessThanOrEqual(content.maxY + 1e-6);
    const { w, h } = sizeOf(result.shapeId);
    expect(w / h).toBeCloseTo(16 / 9, 6);
    expect(
      Math.max(w / (content.maxX - content.minX), h / (content.maxY - content.minY)),
    ).toBeCloseTo(1, 6);

    editor.undo();
    expect(editor.getShape(result.shapeId)).toBeUndefined();
    expect(editor.getShape(canvas.id)).toBeDefined();
  });

  it('embeds a Vimeo link too', () => {
    const canvas = template(insertTemplate(editor, conceptCanvas));
    const result = embedVideoLinkInField(editor, canvas, 'insight', 'https://vimeo.com/76979871');
    expect(result).toMatchObject({ ok: true, kind: 'embed' });
  });

  it('adds a link tldraw cannot play as a bookmark in the field', () => {
    const canvas = template(insertTemplate(editor, conceptCanvas));
    const result = embedVideoLinkInField(editor, canvas, 'insight', 'https://example.org/talk');
    if (!result.ok) throw new Error(`refused: ${result.reason}`);
    expect(result.kind).toBe('bookmark');
    expect(shape(result.shapeId)).toMatchObject({
      type: 'bookmark',
      parentId: canvas.id,
      props: { url: 'https://example.org/talk' },
    });
    expect(fieldOf(result.shapeId)).toBe('insight');
  });

  it('refuses a link that is not http(s) and adds nothing', () => {
    const canvas = template(insertTemplate(editor, conceptCanvas));
    const before = editor.getCurrentPageShapeIds().size;
    expect(embedVideoLinkInField(editor, canvas, 'insight', 'javascript:alert(1)')).toEqual({
      ok: false,
      reason: 'notHttp',
    });
    expect(embedVideoLinkInField(editor, canvas, 'insight', 'not a link')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(editor.getCurrentPageShapeIds().size).toBe(before);
  });
});

describe('placeMediaInField', () => {
  it('hands the files to the board’s files handler and parents the images to the field', async () => {
    const canvas = template(insertTemplate(editor, conceptCanvas));
    const files = [pngFile('a.png'), pngFile('b.png'), pngFile('c.png')];
    const received = registerFakeFilesHandler(
      new Map([
        [files[0] as File, { w: 1600, h: 900 }],
        [files[1] as File, { w: 600, h: 800 }],
        [files[2] as File, { w: 1000, h: 1000 }],
      ]),
    );

    const ids = await placeMediaInField(editor, canvas, 'visuals', files);

    expect(received).toEqual(files);
    expect(ids).toHaveLength(3);
    for (const [index, id] of ids.entries()) {
      expect(shape(id).parentId).toBe(canvas.id);
      expect(fieldOf(id), `image ${index}`).toBe('visuals');
    }
    // Scaled into the field in their own proportions.
    expect(sizeOf(ids[0] as TLShapeId).w / sizeOf(ids[0] as TLShapeId).h).toBeCloseTo(16 / 9, 6);
    const { content } = canvasFieldArea(canvas, 'visuals');
    for (const id of ids) {
      const bounds = boundsOf(id);
      expect(bounds.maxX - bounds.minX).toBeLessThanOrEqual(content.maxX - content.minX);
      expect(bounds.maxY - bounds.minY).toBeLessThanOrEqual(content.maxY - content.minY);
    }

    editor.undo();
    for (const id of ids) expect(editor.getShape(id)).toBeUndefined();
    expect(editor.getShape(canvas.id)).toBeDefined();
  });

  it('keeps the template selected throughout, so its panel never closes', async () => {
    const canvas = template(insertTemplate(editor, conceptCanvas));
    editor.select(canvas.id);
    const file = pngFile('kept.png');
    registerFakeFilesHandler(new Map([[file, { w: 300, h: 200 }]]));
    const seen: (TLShapeId | null)[] = [];
    const stop = react('only selected shape', () => {
      seen.push(editor.getOnlySelectedShapeId());
    });
    const [id] = await placeMediaInField(editor, canvas, 'insight', [file]);
    stop();
    expect(id).toBeDefined();
    // The handler selected the new image; the placement put the selection back in the same change.
    expect(new Set(seen)).toEqual(new Set([canvas.id]));
  });

  it('fills the insight field with a single upload', async () => {
    const canvas = template(insertTemplate(editor, conceptCanvas));
    const file = pngFile('insight.png');
    registerFakeFilesHandler(new Map([[file, { w: 40, h: 30 }]]));
    const [id] = await placeMediaInField(editor, canvas, 'insight', [file]);
    if (!id) throw new Error('nothing placed');
    expect(fieldOf(id)).toBe('insight');
    const { content } = canvasFieldArea(canvas, 'insight');
    // A small picture is enlarged to the field's height (the field is wider than 4:3).
    expect(sizeOf(id).h).toBeCloseTo(content.maxY - content.minY, 6);
  });

  it('returns nothing and changes nothing when the handler refuses every file', async () => {
    const canvas = template(insertTemplate(editor, conceptCanvas));
    editor.registerExternalContentHandler('files', async () => {});
    const before = [...editor.getCurrentPageShapeIds()];
    expect(await placeMediaInField(editor, canvas, 'visuals', [pngFile('x.png')])).toEqual([]);
    expect([...editor.getCurrentPageShapeIds()]).toEqual(before);
  });

  it('leaves shapes created by someone else meanwhile where they are', async () => {
    const canvas = template(insertTemplate(editor, conceptCanvas));
    const file = pngFile('mine.png');
    registerFakeFilesHandler(new Map([[file, { w: 100, h: 100 }]]));
    const remoteId = await (async () => {
      const pending = placeMediaInField(editor, canvas, 'visuals', [file]);
      let created: TLShapeId | undefined;
      editor.store.mergeRemoteChanges(() => {
        const asset = AssetRecordType.create({
          id: AssetRecordType.createId(),
          type: 'image',
          props: {
            name: 'theirs',
            src: null,
            w: 50,
            h: 50,
            mimeType: 'image/png',
            isAnimated: false,
          },
        });
        editor.createAssets([asset]);
        editor.createShape({
          type: 'image',
          x: -5000,
          y: -5000,
          props: { assetId: asset.id, w: 50, h: 50 },
        });
        created = editor
          .getCurrentPageShapes()
          .find((s) => s.type === 'image' && s.x === -5000)?.id;
      });
      const placed = await pending;
      expect(placed).toHaveLength(1);
      return created;
    })();
    if (!remoteId) throw new Error('remote image not created');
    expect(shape(remoteId)).toMatchObject({ parentId: editor.getCurrentPageId(), x: -5000 });
  });
});

describe('arrangeMoodboard', () => {
  async function boardWithImages(sizes: { w: number; h: number }[]) {
    const canvas = template(insertTemplate(editor, conceptCanvas));
    const files = sizes.map((_, index) => pngFile(`mood-${index}.png`));
    registerFakeFilesHandler(
      new Map(files.map((file, index) => [file, sizes[index] ?? { w: 1, h: 1 }])),
    );
    const ids = await placeMediaInField(editor, canvas, 'visuals', files);
    return { canvas, ids };
  }

  it('lays the field’s images out without overlaps, inside the field, in their proportions', async () => {
    const sizes = [
      { w: 1600, h: 900 },
      { w: 600, h: 800 },
      { w: 1000, h: 1000 },
      { w: 300, h: 1200 },
      { w: 2400, h: 600 },
    ];
    const { canvas, ids } = await boardWithImages(sizes);
    // An image in another field is not part of this mood board.
    const [other] = await placeMediaInField(editor, canvas, 'solution', [pngFile('other.png')]);
    if (!other) throw new Error('no image in Solution');
    const otherBefore = shape(other);

    expect(arrangeMoodboard(editor, canvas, 'visuals')).toBe(5);

    const { content } = canvasFieldArea(canvas, 'visuals');
    const boxes = ids.map(boundsOf);
    for (const [index, box] of boxes.entries()) {
      expect(box.minX).toBeGreaterThanOrEqual(content.minX);
      expect(box.minY).toBeGreaterThanOrEqual(content.minY);
      expect(box.maxX).toBeLessThanOrEqual(content.maxX);
      expect(box.maxY).toBeLessThanOrEqual(content.maxY);
      expect(fieldOf(ids[index] as TLShapeId)).toBe('visuals');
      const { w, h } = sizeOf(ids[index] as TLShapeId);
      const original = sizes[index] as { w: number; h: number };
      expect(w / h).toBeCloseTo(original.w / original.h, 6);
      for (const other of boxes.slice(index + 1)) {
        const apart =
          box.maxX <= other.minX ||
          other.maxX <= box.minX ||
          box.maxY <= other.minY ||
          other.maxY <= box.minY;
        expect(apart).toBe(true);
      }
    }
    expect(shape(other)).toEqual(otherBefore);
  });

  it('is one undo step and gives the same layout when run again', async () => {
    const { canvas, ids } = await boardWithImages([
      { w: 400, h: 300 },
      { w: 300, h: 400 },
      { w: 500, h: 500 },
    ]);
    const before = ids.map(boundsOf);
    arrangeMoodboard(editor, canvas, 'visuals');
    const arranged = ids.map(boundsOf);
    expect(arranged).not.toEqual(before);

    editor.undo();
    expect(ids.map(boundsOf)).toEqual(before);
    editor.redo();
    expect(ids.map(boundsOf)).toEqual(arranged);

    arrangeMoodboard(editor, canvas, 'visuals');
    expect(ids.map(boundsOf)).toEqual(arranged);
  });

  it('arranges nothing in an empty field', () => {
    const canvas = template(insertTemplate(editor, conceptCanvas));
    expect(arrangeMoodboard(editor, canvas, 'visuals')).toBe(0);
  });
});
