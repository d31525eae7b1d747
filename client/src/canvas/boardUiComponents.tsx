import type { JSX } from 'react';
import {
  DefaultMainMenu,
  DefaultMainMenuContent,
  DefaultToolbar,
  type TLComponents,
  TldrawUiMenuGroup,
} from 'tldraw';
import { InsertTemplateMenu, InsertTemplateSubmenu } from '../shapes/template/InsertTemplateMenu';
import { TemplateStructurePanel } from '../shapes/template/TemplateStructurePanel';
import '../shapes/template/template.css';

/** tldraw's toolbar with the template menu in front of it. */
function BoardToolbar(): JSX.Element {
  return (
    <div className="kohtaamo-board-toolbar">
      <InsertTemplateMenu />
      <DefaultToolbar />
    </div>
  );
}

/** tldraw's main menu with "Insert template" first. */
function BoardMainMenu(): JSX.Element {
  return (
    <DefaultMainMenu>
      <TldrawUiMenuGroup id="kohtaamo-insert">
        <InsertTemplateSubmenu />
      </TldrawUiMenuGroup>
      <DefaultMainMenuContent />
    </DefaultMainMenu>
  );
}

/**
 * Our replacements of tldraw's UI slots. The board shows its own localized
 * loading status, so tldraw's loading screen is off.
 */
export const boardUiComponents: TLComponents = {
  LoadingScreen: null,
  Toolbar: BoardToolbar,
  MainMenu: BoardMainMenu,
  TopPanel: TemplateStructurePanel,
};
