import type { KbTextSegment } from '../../../../../institution/contract/kb-api.ts';

/** Title or snippet runs from the institution: text nodes, hits in <mark>. Never markup. */
export function Segments({ segments }: { segments: readonly KbTextSegment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.hit ? (
          <mark key={i} className="kb-reader__hit">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

export const segmentsText = (segments: readonly KbTextSegment[]): string => segments.map((s) => s.text).join('');
