import type { JSX } from 'react';
import {
  DefaultMainMenu,
  DefaultToolbar,
  EditSubmenu,
  ExtrasGroup,
  PreferencesGroup,
  type TLComponents,
  TldrawUiMenuGroup,
  ViewSubmenu,
} from 'tldraw';
import { InsertTemplateMenu, InsertTemplateSubmenu } from '../shapes/template/InsertTemplateMenu';
import { TemplateStructurePanel } from '../shapes/template/TemplateStructurePanel';
import { ExportSubmenu, ImportTemplateMenuItem, useTemplateImport } from './ExportMenu';
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

/**
 * tldraw's main menu with "Insert template" first, and our "Export" submenu
 * (which includes tldraw's image export) plus "Import template" in place of
 * tldraw's "Export" submenu. The import's file input lives outside the menu,
 * which unmounts its content when it closes.
 */
function BoardMainMenu(): JSX.Element {
  const templateImport = useTemplateImport();
  return (
    <>
      <DefaultMainMenu>
        <TldrawUiMenuGroup id="kohtaamo-insert">
          <InsertTemplateSubmenu />
        </TldrawUiMenuGroup>
        <TldrawUiMenuGroup id="basic">
          <EditSubmenu />
          <ViewSubmenu />
          <ExportSubmenu />
          <ImportTemplateMenuItem onSelect={templateImport.open} />
          <ExtrasGroup />
        </TldrawUiMenuGroup>
        <PreferencesGroup />
      </DefaultMainMenu>
      {templateImport.input}
    </>
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
