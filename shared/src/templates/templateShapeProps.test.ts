import { describe, expect, it } from 'vitest';
import { templateShapePropSchemas } from './templateShapeProps.js';

describe('templateShapePropSchemas', () => {
  it('keeps sizes inside the template limits', () => {
    expect(templateShapePropSchemas.w.safeParse(800).success).toBe(true);
    expect(templateShapePropSchemas.w.safeParse(10).success).toBe(false);
    expect(templateShapePropSchemas.h.safeParse(Number.POSITIVE_INFINITY).success).toBe(false);
  });

  it('refuses lists with repeated ids', () => {
    const stage = { id: 'a', label: { kind: 'custom', text: 'A' } };
    const once = templateShapePropSchemas.stages.safeParse([stage]);
    expect(once.success, JSON.stringify(once.error?.issues)).toBe(true);
    expect(templateShapePropSchemas.stages.safeParse([stage, stage]).success).toBe(false);
  });
});
