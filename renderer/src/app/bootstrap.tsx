import { createRoot, type Root } from 'react-dom/client';
import { App } from './App.tsx';
import { AppStoresProvider } from '../state/context.tsx';
import { createAppStores, type AppStores } from '../state/app-stores.ts';
import { LANGUAGES, translate } from '../i18n/translate.ts';

export interface StartedRenderer {
  root: Root;
  /** Null when the page has no `window.desk` (opened outside the desktop or the test host). */
  stores: AppStores | null;
}

/** Mounts the UI on `container`, talking only to `win.desk`. */
export function startRenderer(win: Window, container: HTMLElement): StartedRenderer {
  const root = createRoot(container);
  const desk = win.desk;
  if (!desk) {
    // No bridge, so no language choice yet: say it in both languages.
    win.document.title = translate('zh-CN', 'app.productName');
    root.render(
      <div className="app__notice" role="alert">
        {LANGUAGES.map((language) => (
          <p key={language} lang={language}>
            {translate(language, 'app.bridgeMissing')}
          </p>
        ))}
      </div>,
    );
    return { root, stores: null };
  }
  const stores = createAppStores({ desk, root: win.document.documentElement });
  root.render(
    <AppStoresProvider stores={stores}>
      <App />
    </AppStoresProvider>,
  );
  return { root, stores };
}
