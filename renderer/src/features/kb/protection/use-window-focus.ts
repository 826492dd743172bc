import { useEffect, useState } from 'react';

/**
 * Whether this window has the operator's focus: `document.hasFocus()` at mount, then window
 * `focus` / `blur` and `visibilitychange` (a minimized or hidden window counts as unfocused).
 */
export function useWindowFocused(enabled: boolean): boolean {
  const [focused, setFocused] = useState(() => (typeof document === 'undefined' ? true : document.hasFocus()));
  useEffect(() => {
    if (!enabled) return;
    const update = () => setFocused(document.visibilityState !== 'hidden' && document.hasFocus());
    const onBlur = () => setFocused(false);
    update();
    window.addEventListener('focus', update);
    window.addEventListener('blur', onBlur);
    document.addEventListener('visibilitychange', update);
    return () => {
      window.removeEventListener('focus', update);
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('visibilitychange', update);
    };
  }, [enabled]);
  return focused;
}
