import type { JSX, ReactNode } from 'react';
import {
  ArrowDownToolbarItem,
  ArrowLeftToolbarItem,
  ArrowRightToolbarItem,
  ArrowToolbarItem,
  ArrowUpToolbarItem,
  AssetToolbarItem,
  CheckBoxToolbarItem,
  CloudToolbarItem,
  DefaultToolbar,
  DiamondToolbarItem,
  DrawToolbarItem,
  EllipseToolbarItem,
  EraserToolbarItem,
  FrameToolbarItem,
  HandToolbarItem,
  HeartToolbarItem,
  HexagonToolbarItem,
  HighlightToolbarItem,
  LaserToolbarItem,
  LineToolbarItem,
  NoteToolbarItem,
  OvalToolbarItem,
  PORTRAIT_BREAKPOINT,
  RectangleToolbarItem,
  RhombusToolbarItem,
  SelectToolbarItem,
  StarToolbarItem,
  TextToolbarItem,
  TriangleToolbarItem,
  useBreakpoint,
  XBoxToolbarItem,
} from 'tldraw';

/**
 * How many of the toolbar's items stay out of "More" at desktop widths.
 * tldraw shows one more while no tool from "More" is in use, and otherwise
 * this many plus that tool, so the first nine of
 * {@link BoardToolbarContent} (select, hand, note, text, rectangle,
 * ellipse, draw, arrow, image) are always in view.
 */
export const desktopToolbarItems = 9;

/**
 * The item limits passed to tldraw's toolbar at `breakpoint` (tldraw's
 * `useBreakpoint`). From tablet width up the count is fixed: tldraw sizes
 * the toolbar by its own width, which in our layout is only as wide as its
 * content, so it fell back to its minimum (five items) even on a wide
 * screen. Below that (phones) tldraw's compact sizing stays.
 */
export function toolbarItemLimits(
  breakpoint: number,
): { readonly minItems: number; readonly maxItems: number } | undefined {
  return breakpoint >= PORTRAIT_BREAKPOINT.TABLET
    ? { minItems: desktopToolbarItems, maxItems: desktopToolbarItems }
    : undefined;
}

/** tldraw's `DefaultToolbar` with {@link toolbarItemLimits} for the current screen. */
export function WorkshopToolbar(props: { children: ReactNode }): JSX.Element {
  const limits = toolbarItemLimits(useBreakpoint());
  return <DefaultToolbar {...limits}>{props.children}</DefaultToolbar>;
}

/**
 * Every tldraw tool, in the order a workshop uses them: the sticky note
 * (the workshop's main tool) and text first, then shapes, drawing, arrows
 * and images; the rest after the eraser, where small screens fold them
 * into "More".
 */
export function BoardToolbarContent(): JSX.Element {
  return (
    <>
      <SelectToolbarItem />
      <HandToolbarItem />
      <NoteToolbarItem />
      <TextToolbarItem />
      <RectangleToolbarItem />
      <EllipseToolbarItem />
      <DrawToolbarItem />
      <ArrowToolbarItem />
      <AssetToolbarItem />
      <EraserToolbarItem />
      <LineToolbarItem />
      <HighlightToolbarItem />
      <FrameToolbarItem />
      <LaserToolbarItem />
      <TriangleToolbarItem />
      <DiamondToolbarItem />
      <HexagonToolbarItem />
      <OvalToolbarItem />
      <RhombusToolbarItem />
      <StarToolbarItem />
      <CloudToolbarItem />
      <HeartToolbarItem />
      <XBoxToolbarItem />
      <CheckBoxToolbarItem />
      <ArrowLeftToolbarItem />
      <ArrowUpToolbarItem />
      <ArrowDownToolbarItem />
      <ArrowRightToolbarItem />
    </>
  );
}
