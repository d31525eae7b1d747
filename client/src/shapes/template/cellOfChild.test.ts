import {
  conceptCanvas,
  createTemplateInstance,
  journeyMap,
  serviceBlueprint,
  type TemplateDefinition,
} from '@kohtaamo/shared';
import { createShapeId, type TLShape } from 'tldraw';
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

/** A rectangle child with its top-left corner at (x, y) in the template's space. */
function box(x: number, y: number, w: number, h: number, rotation = 0): TLShape {
  return {
    id: createShapeId(),
    typeName: 'shape',
    type: 'geo',
    x,
    y,
    rotation,
    index: 'a1',
    parentId: createShapeId('template'),
    isLocked: false,
    opacity: 1,
    meta: {},
    props: { w, h, growY: 0 },
  } as unknown as TLShape;
}

describe('cellOfChild', () => {
  // 1000×800 journey map: body from x=150, y=80; 7 stages of ~121.4, 7 lanes of ~102.9.
  const map = templateShape(journeyMap, 1000, 800);

  it('finds the stage × lane cell under the centre of a child', () => {
    // Centre (150 + 3.5 × 121.43, 80 + 5.5 × 102.86) = purchase × painPoints.
    const child = box(525 - 50, 646 - 40, 100, 80);
    expect(cellOfChild(map, child)).toMatchObject({
      kind: 'cell',
      stageId: 'purchase',
      laneId: 'painPoints',
    });
  });

  it('uses the centre, not the corner', () => {
    // The top-left corner lies in "impulse", the centre in "needRecognition".
    expect(cellOfChild(map, box(260, 200, 60, 20))).toMatchObject({
      stageId: 'needRecognition',
      laneId: 'customerActions',
    });
  });

  it('gives the spanning lane for the persona & scenario header lane', () => {
    expect(cellOfChild(map, box(900, 100, 20, 20))).toEqual(
      expect.objectContaining({ kind: 'lane', laneId: 'personaScenario' }),
    );
  });

  it('gives nothing for header areas and outside the template', () => {
    expect(cellOfChild(map, box(10, 300, 20, 20))).toBeUndefined();
    expect(cellOfChild(map, box(600, 10, 20, 20))).toBeUndefined();
    expect(cellOfChild(map, box(1200, 300, 20, 20))).toBeUndefined();
  });

  it('follows structure edits stored in the props', () => {
    const reordered: TLTemplateShape = {
      ...map,
      props: { ...map.props, stages: [...map.props.stages].reverse() },
    };
    expect(cellOfChild(reordered, box(475, 606, 100, 80))).toMatchObject({
      stageId: 'purchase',
    });
    expect(cellOfChild(reordered, box(160, 606, 20, 20))).toMatchObject({
      stageId: 'endOfCustomership',
    });
  });

  it('finds concept canvas fields and blueprint cells', () => {
    const canvas = templateShape(conceptCanvas, 1200, 1400);
    expect(cellOfChild(canvas, box(100, 20, 10, 10))).toMatchObject({
      kind: 'field',
      fieldId: 'name',
    });
    expect(cellOfChild(canvas, box(1000, 1300, 10, 10))).toMatchObject({
      fieldId: 'costs',
    });
    const blueprint = templateShape(serviceBlueprint, 1000, 1000);
    expect(cellOfChild(blueprint, box(990, 990, 10, 10))).toMatchObject({
      stageId: 'step5',
      laneId: 'support',
    });
  });

  it('counts rotation, note scale and a grown note, as the exports do', () => {
    // Top-left corner in Impulse × Customer actions (body from 150, 80; cells 121.4 × 102.9).
    const x = 180;
    const y = 190;
    const note = (scale: number, growY = 0, rotation = 0) =>
      ({
        ...box(x, y, 0, 0, rotation),
        type: 'note',
        props: { scale, growY },
      }) as unknown as TLShape;
    expect(cellOfChild(map, note(0.3))).toMatchObject({
      stageId: 'impulse',
      laneId: 'customerActions',
    });
    expect(cellOfChild(map, note(1))).toMatchObject({
      stageId: 'needRecognition',
      laneId: 'touchpoints',
    });
    expect(cellOfChild(map, note(0.3, 600))).toMatchObject({
      stageId: 'impulse',
      laneId: 'touchpoints',
    });
    // A quarter turn clockwise about the corner swings a 100 × 100 note over the lane labels.
    expect(cellOfChild(map, note(0.5, 0, Math.PI / 2))).toBeUndefined();
  });

  it('gives nothing for a template this build does not know', () => {
    const unknown: TLTemplateShape = {
      ...map,
      props: { ...map.props, templateId: 'fromTheFuture' },
    };
    expect(cellOfChild(unknown, box(475, 606, 100, 80))).toBeUndefined();
  });
});
