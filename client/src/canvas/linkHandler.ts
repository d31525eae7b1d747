import { AssetRecordType, type Editor, getHashForString, type TLBookmarkAsset } from 'tldraw';

/**
 * A pasted or dropped link becomes a bookmark card showing its address.
 * tldraw's default handler fetches the linked page from the browser to read
 * its title and picture; the server's Content-Security-Policy
 * (`connect-src 'self'`) blocks that fetch, and tldraw would then show an
 * error instead of the card. The same asset id as tldraw's keeps repeated
 * pastes of one link on one asset.
 */
export function registerLinkHandler(editor: Editor): void {
  editor.registerExternalAssetHandler('url', async ({ url }) => bookmarkAsset(url));
}

/** The bookmark asset of `url`, without fetching anything. */
export function bookmarkAsset(url: string): TLBookmarkAsset {
  return {
    id: AssetRecordType.createId(getHashForString(url)),
    typeName: 'asset',
    type: 'bookmark',
    props: { src: url, title: url, description: '', image: '', favicon: '' },
    meta: {},
  };
}
