import { PORTRAIT_BREAKPOINT } from 'tldraw';
import { describe, expect, it } from 'vitest';
import { desktopToolbarItems, toolbarItemLimits } from './WorkshopToolbar';

describe('toolbarItemLimits', () => {
  it('keeps the main tools out of "More" from tablet width up (issue 13: only five tools showed at 1440 px)', () => {
    for (const breakpoint of [PORTRAIT_BREAKPOINT.TABLET, PORTRAIT_BREAKPOINT.DESKTOP]) {
      expect(toolbarItemLimits(breakpoint)).toEqual({
        minItems: desktopToolbarItems,
        maxItems: desktopToolbarItems,
      });
    }
    // Select, hand, note, text, rectangle, ellipse, draw, arrow and image.
    expect(desktopToolbarItems).toBeGreaterThanOrEqual(9);
  });

  it("leaves phones and small tablets to tldraw's compact sizing", () => {
    for (const breakpoint of [
      PORTRAIT_BREAKPOINT.MOBILE_XS,
      PORTRAIT_BREAKPOINT.MOBILE,
      PORTRAIT_BREAKPOINT.TABLET_SM,
    ]) {
      expect(toolbarItemLimits(breakpoint)).toBeUndefined();
    }
  });
});
