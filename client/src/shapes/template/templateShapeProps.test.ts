import '../../canvas/testSetup';
import {
  conceptCanvas,
  createTemplateInstance,
  journeyMap,
  serviceBlueprint,
  templateDefinitions,
} from '@kohtaamo/shared';
import { createShapeId, createTLSchema, createTLStore, defaultBindingUtils, T } from 'tldraw';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyStoredSchema } from '../../canvas/schemaCompat';
import { boardShapeUtils } from '../kohtaamoShapeUtils';
import {
  instanceFromProps,
  propsFromInstance,
  templateShapeProps,
  templateShapeType,
} from './templateShapeProps';
import { createTemplateTestEditor } from './templateTestEditor';

const propsValidator = T.object(templateShapeProps);
const editors: { dispose(): void }[] = [];

afterEach(() => {
  for (const editor of editors.splice(0)) editor.dispose();
});

describe('template shape props', () => {
  it.each(templateDefinitions.map((definition) => [definition.id, definition] as const))(
    'accepts a fresh %s and round-trips it',
    (_id, definition) => {
      const instance = createTemplateInstance(definition);
      const props = propsFromInstance(instance);
      expect(() => propsValidator.validate(props)).not.toThrow();
      expect(instanceFromProps(props)).toEqual(instance);
    },
  );

  it('rejects garbage', () => {
    const good = propsFromInstance(createTemplateInstance(journeyMap));
    const [first, second] = good.stages;
    const bad: Record<string, unknown>[] = [
      { ...good, w: 10 },
      { ...good, h: Number.NaN },
      { ...good, kind: 'table' },
      { ...good, version: 2 },
      { ...good, templateId: 'has spaces' },
      { ...good, stages: 'impulse' },
      { ...good, stages: [{ id: 'x', label: { kind: 'custom', text: '   ' } }] },
      { ...good, stages: [first, { ...second, id: first?.id }] },
      { ...good, lanes: [{ id: 'a', kind: 'sideways', label: { kind: 'default', key: 'a' } }] },
      { ...good, lines: [{ id: 'l', label: { kind: 'default', key: 'l' } }] },
      { ...good, extra: true },
    ];
    for (const props of bad) {
      expect(() => propsValidator.validate(props), JSON.stringify(props).slice(0, 80)).toThrow();
    }
  });

  it('is enforced by the store: an invalid template cannot be created', () => {
    const editor = createTemplateTestEditor();
    editors.push(editor);
    const props = propsFromInstance(createTemplateInstance(serviceBlueprint));
    const id = createShapeId();
    editor.createShape({ id, type: templateShapeType, props });
    expect(editor.getShape(id)?.props).toEqual(props);
    expect(() =>
      editor.createShape({
        id: createShapeId(),
        type: templateShapeType,
        props: { ...props, stages: [{ id: 'no label' }] } as never,
      }),
    ).toThrow();
  });

  it('keeps canvas templates free of stages, lanes and lines', () => {
    const props = propsFromInstance(createTemplateInstance(conceptCanvas));
    expect(props).toMatchObject({ kind: 'canvas', stages: [], lanes: [], lines: [] });
    expect(instanceFromProps(props)).not.toHaveProperty('stages');
  });
});

describe('board schema with templates', () => {
  const boardSchema = createTLStore({
    shapeUtils: boardShapeUtils,
    bindingUtils: defaultBindingUtils,
  }).schema;
  const defaultSchema = createTLSchema();

  it('still reads a board saved without templates', () => {
    expect(Object.keys(boardSchema.serialize().sequences)).toContain(
      `com.tldraw.shape.${templateShapeType}`,
    );
    expect(classifyStoredSchema(boardSchema, defaultSchema.serialize())).toBe('same');
    expect(classifyStoredSchema(boardSchema, boardSchema.serialize())).toBe('same');
  });

  it('is newer for a client without templates, which then opens such boards read-only', () => {
    expect(classifyStoredSchema(defaultSchema, boardSchema.serialize())).toBe('newer');
  });
});
