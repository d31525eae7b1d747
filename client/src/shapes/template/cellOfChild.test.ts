import {
  conceptCanvas,
  createTemplateInstance,
  journeyMap,
  serviceBlueprint,
  type TemplateDefinition,
} from '@kohtaamo/shared';
import { createShapeId } from 'tldraw';
import { describe, expect, it } from 'vitest';
import { cellOfChild } from './cellOfChild';
import { propsFromInstance, type TLTemplateShape, templateShapeType } from './templateShapeProps';

function templateShape(definition: TemplateDefinition, w?: number, h?: number): TLTemplateShape {
  const instance = createTemplateInstance(definition, { w, h });
  return {
    id: createShapeId('template'),
    typeName: 'shape',
    type: templateShapeType,
    x: 500,
    y: -300,
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    meta: {},
    props: propsFromInstance(instance),
  } as TLTemplateShape;
}

describe('cellOfChild', () => {
  // 1000×800 journey map: body from x=150, y=80; 7 stages of ~121.4, 7 lanes of ~102.9.
  const map = templateShape(journeyMap, 1000, 800);

  it('finds the stage × lane cell under the centre of a child', () => {
    // Centre (150 + 3.5 × 121.43, 80 + 5.5 × 102.86) = purchase × painPoints.
    const child = { x: 525 - 50, y: 646 - 40, w: 100, h: 80 };
    expect(cellOfChild(map, child)).toMatchObject({
      kind: 'cell',
      stageId: 'purchase',
      laneId: 'painPoints',
    });
  });

  it('uses the centre, not the corner', () => {
    // The top-left corner lies in "impulse", the centre in "needRecognition".
    expect(cellOfChild(map, { x: 260, y: 200, w: 60, h: 20 })).toMatchObject({
      stageId: 'needRecognition',
      laneId: 'customerActions',
    });
  });

  it('gives the spanning lane for the persona & scenario header lane', () => {
    expect(cellOfChild(map, { x: 900, y: 100, w: 20, h: 20 })).toEqual(
      expect.objectContaining({ kind: 'lane', laneId: 'personaScenario' }),
    );
  });

  it('gives nothing for header areas and outside the template', () => {
    expect(cellOfChild(map, { x: 10, y: 300, w: 20, h: 20 })).toBeUndefined();
    expect(cellOfChild(map, { x: 600, y: 10, w: 20, h: 20 })).toBeUndefined();
    expect(cellOfChild(map, { x: 1200, y: 300, w: 20, h: 20 })).toBeUndefined();
  });

  it('follows structure edits stored in the props', () => {
    const reordered: TLTemplateShape = {
      ...map,
      props: { ...map.props, stages: [...map.props.stages].reverse() },
    };
    expect(cellOfChild(reordered, { x: 475, y: 606, w: 100, h: 80 })).toMatchObject({
      stageId: 'purchase',
    });
    expect(cellOfChild(reordered, { x: 160, y: 606, w: 20, h: 20 })).toMatchObject({
      stageId: 'endOfCustomership',
    });
  });

  it('finds concept canvas fields and blueprint cells', () => {
    const canvas = templateShape(conceptCanvas, 1200, 1400);
    expect(cellOfChild(canvas, { x: 100, y: 20, w: 10, h: 10 })).toMatchObject({
      kind: 'field',
      fieldId: 'name',
    });
    expect(cellOfChild(canvas, { x: 1000, y: 1300, w: 10, h: 10 })).toMatchObject({
      fieldId: 'costs',
    });
    const blueprint = templateShape(serviceBlueprint, 1000, 1000);
    expect(cellOfChild(blueprint, { x: 990, y: 990, w: 10, h: 10 })).toMatchObject({
      stageId: 'step5',
      laneId: 'support',
    });
  });

  it('gives nothing for a template this build does not know', () => {
    const unknown: TLTemplateShape = {
      ...map,
      props: { ...map.props, templateId: 'fromTheFuture' },
    };
    expect(cellOfChild(unknown, { x: 475, y: 606, w: 100, h: 80 })).toBeUndefined();
  });
});
