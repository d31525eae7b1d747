import './testSetup';
import type { FollowState } from '@kohtaamo/shared';
import {
  atom,
  createShapeId,
  type Editor,
  InstancePresenceRecordType,
  type TLPageId,
  type TLUserId,
} from 'tldraw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readBoardView, rememberBoardView } from '../app/boardViewMemory';
import { createMemoryStorage, type KeyValueStorage } from '../app/browserStorage';
import { createTemplateTestEditor } from '../shapes/template/templateTestEditor';
import { CameraMemory, contentBounds, maxFirstViewZoom } from './CameraMemory';

const roomId = 'Abcdefghijklmnopqrstuv';
let editor: Editor;
let storage: KeyValueStorage;
let memory: CameraMemory | undefined;

beforeEach(() => {
  editor = createTemplateTestEditor({ userId: 'aino' });
  storage = createMemoryStorage();
});

afterEach(() => {
  memory?.dispose();
  memory = undefined;
  editor.dispose();
  vi.useRealTimers();
});

function addBox(x: number, y: number, w: number, h: number) {
  editor.createShape({ id: createShapeId(), type: 'geo', x, y, props: { w, h } });
}

function open(follow: FollowState = { status: 'off' }) {
  memory = new CameraMemory(editor, {
    roomId,
    storage,
    $follow: atom('follow', follow),
    settleFrames: 1,
  });
  return memory;
}

describe('CameraMemory, first visit', () => {
  it("shows the page's content whole instead of tldraw's 100 % view of the origin (issue 13)", () => {
    // A journey map's worth of content far from where tldraw's camera starts.
    addBox(3000, 2000, 2400, 1400);
    expect(open().firstView).toBe('fitted');
    const content = contentBounds(editor);
    expect(content && editor.getViewportPageBounds().contains(content)).toBe(true);
    expect(editor.getZoomLevel()).toBeLessThan(1);
  });

  it('never zooms in past 100 % on a few small notes', () => {
    addBox(5000, 5000, 120, 80);
    open();
    expect(editor.getZoomLevel()).toBe(maxFirstViewZoom);
    const content = contentBounds(editor);
    expect(content && editor.getViewportPageBounds().contains(content)).toBe(true);
  });

  it("leaves the view to the facilitator's follow when they are on the board", () => {
    addBox(3000, 2000, 2400, 1400);
    const fanni = 'user:fanni' as TLUserId;
    editor.store.put([
      InstancePresenceRecordType.create({
        id: InstancePresenceRecordType.createId('fanni'),
        userId: fanni,
        userName: 'Fanni',
        currentPageId: editor.getCurrentPageId(),
        lastActivityTimestamp: Date.now(),
      }),
    ]);
    const before = editor.getCamera();
    expect(open({ status: 'on', userId: fanni, startedAt: 1 }).firstView).toBe('following');
    expect(editor.getCamera()).toEqual(before);
  });

  it('fits the content when the follow is on but its leader has left', () => {
    addBox(3000, 2000, 2400, 1400);
    expect(open({ status: 'on', userId: 'user:gone', startedAt: 1 }).firstView).toBe('fitted');
  });

  it('keeps an empty board as it is and does not remember a view nobody moved', () => {
    expect(open().firstView).toBe('empty');
    memory?.dispose();
    expect(readBoardView(storage, roomId)).toBeUndefined();
  });
});

describe('CameraMemory, later visits', () => {
  it('goes back to the page and camera this device last had', () => {
    addBox(3000, 2000, 2400, 1400);
    const other = 'page:other' as TLPageId;
    editor.createPage({ id: other, name: 'Other' });
    rememberBoardView(storage, roomId, { pageId: other, x: -120, y: 40, z: 0.5 });
    expect(open().firstView).toBe('restored');
    expect(editor.getCurrentPageId()).toBe(other);
    expect(editor.getCamera()).toMatchObject({ x: -120, y: 40, z: 0.5 });
  });

  it('fits the content when the remembered page was deleted', () => {
    addBox(3000, 2000, 2400, 1400);
    rememberBoardView(storage, roomId, { pageId: 'page:deleted', x: 0, y: 0, z: 1 });
    expect(open().firstView).toBe('fitted');
  });

  it('remembers the camera once it comes to rest, and what is pending when the board closes', () => {
    vi.useFakeTimers();
    open();
    editor.setCamera({ x: -300, y: -200, z: 2 });
    expect(readBoardView(storage, roomId)).toBeUndefined();
    vi.advanceTimersByTime(1000);
    expect(readBoardView(storage, roomId)).toEqual({
      pageId: editor.getCurrentPageId(),
      x: -300,
      y: -200,
      z: 2,
    });

    editor.setCamera({ x: 10, y: 20, z: 0.5 });
    memory?.dispose();
    expect(readBoardView(storage, roomId)).toMatchObject({ x: 10, y: 20, z: 0.5 });
  });
});
