import './testSetup';
import {
  createTLStore,
  defaultAssetUtils,
  defaultBindingUtils,
  defaultShapeTools,
  defaultShapeUtils,
  defaultTools,
  Editor,
  MediaHelpers,
  type TLAssetStore,
} from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UploadError } from './UploadError';
import { registerUploadHandlers } from './uploadHandlers';

const limits = { maxImageBytes: 2048, maxVideoBytes: 4096 };
const served = '/api/rooms/room-1/uploads/abc';

// jsdom's Blob cannot hand out its bytes the modern way; tldraw hashes files with it.
Blob.prototype.arrayBuffer ??= function (this: Blob) {
  return new Promise<ArrayBuffer>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(this);
  });
};

let editor: Editor;
let upload: ReturnType<typeof vi.fn<TLAssetStore['upload']>>;
let notices: string[];

beforeEach(() => {
  // jsdom has neither object URLs (tldraw's local preview) nor image decoding.
  URL.createObjectURL = () => 'blob:preview';
  URL.revokeObjectURL = () => {};
  vi.spyOn(MediaHelpers, 'getImageSize').mockResolvedValue({ w: 40, h: 30, pixelRatio: 1 });
  vi.spyOn(MediaHelpers, 'isAnimated').mockResolvedValue(false);

  upload = vi.fn<TLAssetStore['upload']>();
  const store = createTLStore({
    shapeUtils: defaultShapeUtils,
    bindingUtils: defaultBindingUtils,
    assets: { upload },
  });
  const container = document.createElement('div');
  document.body.appendChild(container);
  editor = new Editor({
    store,
    shapeUtils: defaultShapeUtils,
    bindingUtils: defaultBindingUtils,
    assetUtils: defaultAssetUtils,
    tools: [...defaultTools, ...defaultShapeTools],
    getContainer: () => container,
    initialState: 'select',
  });
  notices = [];
  registerUploadHandlers(editor, {
    limits,
    getLocale: () => 'en',
    notify: (message) => notices.push(message),
  });
});

afterEach(() => {
  editor.dispose();
  vi.restoreAllMocks();
});

function put(...files: File[]): Promise<void> {
  return editor.putExternalContent({ type: 'files', files, point: { x: 0, y: 0 } });
}

const png = (bytes = 4) => new File([new Uint8Array(bytes)], 'photo.png', { type: 'image/png' });
const imageShapes = () => editor.getCurrentPageShapes().filter((shape) => shape.type === 'image');

describe('registerUploadHandlers', () => {
  it('places the image at once and points its asset at the served url after the upload', async () => {
    upload.mockResolvedValue({ src: served });
    await put(png());

    expect(imageShapes()).toHaveLength(1);
    expect(upload).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(editor.getAssets()[0]?.props.src).toBe(served));
    expect(notices).toEqual([]);
  });

  it('refuses an SVG before anything is created or sent, naming the allowed types', async () => {
    await put(
      new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], 'a.svg', { type: 'image/svg+xml' }),
    );

    expect(notices).toEqual([
      'This file type can’t be added to the board. Allowed types: PNG, JPEG, WebP, GIF, MP4, and WebM.',
    ]);
    expect(imageShapes()).toEqual([]);
    expect(editor.getAssets()).toEqual([]);
    expect(upload).not.toHaveBeenCalled();
  });

  it('refuses a file over the limit of its kind but still adds the others', async () => {
    upload.mockResolvedValue({ src: served });
    await put(png(2049), png(3));

    expect(notices).toEqual(['The image is too large. An image can be at most 2 kB.']);
    expect(imageShapes()).toHaveLength(1);
    expect(upload).toHaveBeenCalledOnce();
  });

  it("shows the store's message and removes the placeholder when the server refuses", async () => {
    upload.mockRejectedValue(new UploadError({ reason: 'network' }, 'fi'));
    await put(png());
    expect(imageShapes()).toHaveLength(1);

    await vi.waitFor(() => expect(imageShapes()).toEqual([]));
    expect(editor.getAssets()).toEqual([]);
    expect(notices).toEqual([
      'Tiedostoa ei voitu lähettää, koska palvelimeen ei saada yhteyttä. Tarkista verkkoyhteys ja yritä uudelleen.',
    ]);
  });

  it('checks files that arrive as assets too (pasted tldraw content, replaced images)', async () => {
    const svg = new File(['<svg/>'], 'a.svg', { type: 'image/svg+xml' });
    await expect(editor.getAssetForExternalContent({ type: 'file', file: svg })).rejects.toThrow(
      UploadError,
    );
    expect(notices).toHaveLength(1);

    upload.mockResolvedValue({ src: served });
    const asset = await editor.getAssetForExternalContent({ type: 'file', file: png() });
    expect(asset?.props.src).toBe(served);
  });
});
