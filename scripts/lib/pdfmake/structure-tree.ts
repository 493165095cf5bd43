import type { Patch } from './dependencies.js';
import { installLayoutTags } from './structure-layout.js';
import { installRenderTags } from './structure-render.js';

/**
 * The structure tree of a tagged document (`tagged: true`), which pdfmake 0.3.11 leaves empty while claiming it:
 * the layout marks what each placed item belongs to, the renderer writes it into pdfkit's structure elements.
 */
export const structureTree: Patch = {
  name: 'structure-tree',
  install() {
    const restoreLayout = installLayoutTags();
    const restoreRender = installRenderTags();
    return () => {
      restoreRender();
      restoreLayout();
    };
  },
};
