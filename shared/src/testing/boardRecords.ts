import type { JsonObject, StoredRecord } from '../protocol/docLayout.js';
import type { GridTemplateDefinition } from '../schema/templateDefinition.js';
import { createTemplateInstance } from '../schema/templateInstance.js';
import { getTemplateDefinition } from '../templates/registry.js';
import { templateShapeType } from '../templates/templateShape.js';

/**
 * Board records for tests below the UI (server units, protocol-level
 * integration tests, benches): valid records of tldraw 5.4, the version the
 * client is built with, so the server's record checks accept them exactly
 * when they would accept a real client's.
 */

/** A valid note shape on the default page, written by `authorId`. */
export function noteRecord(id: string, authorId: string, x = 0): StoredRecord {
  return {
    id,
    typeName: 'shape',
    type: 'note',
    x,
    y: 0,
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    meta: { authorId },
    props: {
      color: 'yellow',
      labelColor: 'black',
      size: 'm',
      font: 'draw',
      fontSizeAdjustment: 0,
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      richText: { type: 'doc', content: [] },
      scale: 1,
      textLastEditedBy: '',
    },
  };
}

/** A journey map template shape with its default structure; `locked` as a facilitator locks it. */
export function journeyMapRecord(id: string, locked: boolean): StoredRecord {
  const { w, h, version, templateId, stages, lanes, lines } = createTemplateInstance(
    getTemplateDefinition('journeyMap') as GridTemplateDefinition,
  );
  return {
    id,
    typeName: 'shape',
    type: templateShapeType,
    x: 0,
    y: 400,
    rotation: 0,
    index: 'a0',
    parentId: 'page:page',
    isLocked: locked,
    opacity: 1,
    meta: {},
    props: { w, h, version, templateId, kind: 'grid', stages, lanes, lines } as JsonObject,
  };
}
