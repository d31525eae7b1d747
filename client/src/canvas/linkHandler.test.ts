import './testSetup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTemplateTestEditor } from '../shapes/template/templateTestEditor';
import { registerLinkHandler } from './linkHandler';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('registerLinkHandler', () => {
  it('turns a link into a bookmark showing its address, without fetching the page', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const editor = createTemplateTestEditor();
    registerLinkHandler(editor);

    const asset = await editor.getAssetForExternalContent({
      type: 'url',
      url: 'https://example.org/palvelu',
    });

    expect(asset).toMatchObject({
      type: 'bookmark',
      props: { src: 'https://example.org/palvelu', title: 'https://example.org/palvelu' },
    });
    expect(fetchSpy).not.toHaveBeenCalled();
    editor.dispose();
  });
});
