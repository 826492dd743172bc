import { useLanguage } from '../../../state/context.tsx';
import { useKbReader } from './kb-reader-context.tsx';

/** A space's name in the interface language; its id until the spaces are known. */
export function useSpaceName(spaceId: string): string {
  const language = useLanguage((s) => s.language);
  const space = useKbReader((s) => s.spaces.find((x) => x.id === spaceId));
  if (space === undefined) return spaceId;
  return language === 'zh-CN' ? space.nameZh : space.nameEn;
}
