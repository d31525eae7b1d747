import type { UploadLimits } from '@kohtaamo/shared';
import {
  AssetRecordType,
  createShapesForAssets,
  type Editor,
  getAssetInfo,
  type TLAsset,
  type TLAssetId,
  type TLShapeId,
} from 'tldraw';
import type { Locale } from '../i18n/messages';
import { UploadError } from './UploadError';
import { checkUpload, type UploadRefusal } from './uploadPolicy';

/** What {@link registerUploadHandlers} needs. */
export interface UploadHandlerDeps {
  readonly limits: UploadLimits;
  readonly getLocale: () => Locale;
  /** Tells the person that a file was not added; `message` is ready to show. */
  readonly notify: (message: string) => void;
}

/**
 * Replaces tldraw's handlers for dropped, pasted and inserted files, so that
 * a refused file is explained in the board's language (tldraw only ever says
 * "upload failed") and leaves nothing behind:
 *
 * - `files` (drop, paste, insert media): checks type and size before anything
 *   is created, places the shapes at once with a local preview, uploads
 *   through the store's asset store, and on a refusal removes the
 *   placeholder shapes and their asset again.
 * - `file` assets (pasted tldraw content with inlined images, replacing an
 *   image): the same check and message, then the upload.
 *
 * Call after tldraw registered its defaults (from `onMount` or a child of
 * `<Tldraw>`).
 */
export function registerUploadHandlers(editor: Editor, deps: UploadHandlerDeps): void {
  const refuse = (refusal: UploadRefusal, cause?: unknown): UploadError => {
    const error = new UploadError(refusal, deps.getLocale(), { cause });
    deps.notify(error.message);
    return error;
  };
  const report = (error: unknown): void => {
    if (error instanceof UploadError) deps.notify(error.message);
    else refuse({ reason: 'failed' }, error);
  };

  /** The asset record of a file that passed the check, uploaded nowhere yet. */
  const describeFile = async (file: File, assetId?: TLAssetId): Promise<TLAsset> => {
    const refusal = checkUpload(file, deps.limits);
    if (refusal) throw refuse(refusal);
    let asset: TLAsset | null;
    try {
      asset = await getAssetInfo(editor, file, assetId);
    } catch (error) {
      throw refuse({ reason: 'unreadable' }, error);
    }
    if (!asset) throw refuse({ reason: 'unsupported-type' });
    return asset;
  };

  const upload = async (asset: TLAsset, file: File): Promise<TLAsset> => {
    const { src, meta } = await editor.uploadAsset(asset, file);
    return AssetRecordType.create({
      ...asset,
      props: { ...asset.props, src },
      meta: { ...asset.meta, ...meta },
    } as TLAsset);
  };

  editor.registerExternalAssetHandler('file', async ({ file, assetId }) => {
    const asset = await describeFile(file, assetId);
    try {
      return await upload(asset, file);
    } catch (error) {
      report(error);
      throw error;
    }
  });

  editor.registerExternalContentHandler('files', async ({ point, files }) => {
    const max = editor.options.maxFilesAtOnce;
    if (files.length > max) {
      refuse({ reason: 'too-many', max });
      return;
    }
    const position =
      point ??
      (editor.inputs.getShiftKey()
        ? editor.inputs.getCurrentPagePoint()
        : editor.getViewportPageBounds().center);

    const accepted: { asset: TLAsset; file: File }[] = [];
    for (const file of files) {
      try {
        const asset = await describeFile(file);
        if (asset.type === 'image') editor.createTemporaryAssetPreview(asset.id, file);
        accepted.push({ asset, file });
      } catch {
        // Already reported; the other files still go on the board.
      }
    }
    if (accepted.length === 0) return;

    const shapeIds = await createShapesForAssets(
      editor,
      accepted.map(({ asset }) => asset),
      position,
    );
    // Not awaited, as in tldraw: the shapes are on the board with a preview while the bytes travel.
    void Promise.allSettled(
      accepted.map(async ({ asset, file }) => {
        try {
          const uploaded = await upload(asset, file);
          editor.updateAssets([{ ...uploaded, id: asset.id }]);
        } catch (error) {
          report(error);
          removePlaceholder(editor, asset.id, shapeIds);
        }
      }),
    );
  });
}

/** Removes the shapes showing a failed upload, and its asset. Not an undoable step of the person's. */
function removePlaceholder(editor: Editor, assetId: TLAssetId, shapeIds: TLShapeId[]): void {
  editor.run(
    () => {
      const shapes = shapeIds.filter((id) => {
        const shape = editor.getShape(id);
        return shape !== undefined && 'assetId' in shape.props && shape.props.assetId === assetId;
      });
      editor.deleteShapes(shapes);
      editor.deleteAssets([assetId]);
    },
    { history: 'ignore' },
  );
}
