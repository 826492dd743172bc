import { useCallback, useMemo, type ReactNode } from 'react';
import { useSession, useStores, useT } from '../../../state/context.tsx';
import { currentOperator } from '../../../state/session-store.ts';
import type { Translate } from '../../../i18n/translate.ts';
import { keyedTree } from './blocks.ts';
import { KbImage, type ImageCache, type LoadKbImage } from './KbImage.tsx';
import type { MdNode } from './md-tree.ts';
import { imageTarget, linkTarget, shownTarget } from './targets.ts';
import './kb-markdown.css';

export interface KbMarkdownProps {
  markdown: string;
  /** Loads a `kb-image:<id>` image's bytes; KbMarkdown asks the desk (`kb.image`) when none is given. */
  loadImage?: LoadKbImage;
  /** Called for a `kb:<articleId>` link; absent: such links are inert text too. */
  onOpenArticle?: (articleId: number) => void;
  /** Block keys (markdownBlocks) to mark as changed. */
  changedBlocks?: ReadonlySet<string>;
}

/**
 * An article's Markdown as a React tree built from an allowlist of node types. React sets
 * only text and the few attributes written here (class names, alt, a data: image URL built
 * from checked bytes, list start, data-block-key): no HTML string, no href, no style, no
 * event attribute can come from the article. Unknown node types show their text only.
 */
export function KbMarkdown(props: KbMarkdownProps) {
  const t = useT();
  const { desk } = useStores();
  // A console author (kb.edit) may hold no kb.read: the authors' channel serves their previews.
  const asReader = useSession((s) => {
    const permissions = currentOperator(s)?.permissions ?? [];
    return permissions.includes('kb.read') || !permissions.includes('kb.edit');
  });
  // Images come as bytes through core (the operator's own token), never by URL.
  const fromDesk = useCallback<LoadKbImage>(
    async (imageId) => {
      const result = asReader ? await desk.kb.image({ imageId }) : await desk.kb.authorImage({ imageId });
      if (!result.ok) throw new Error(result.error.code);
      return result.value;
    },
    [desk, asReader],
  );
  return <KbMarkdownView {...props} loadImage={props.loadImage ?? fromDesk} t={t} />;
}

interface RenderContext {
  t: Translate;
  loadImage: LoadKbImage | undefined;
  onOpenArticle: ((articleId: number) => void) | undefined;
  images: ImageCache;
}

const ALIGN_CLASS: Readonly<Record<string, string>> = {
  'text-align:left': 'kb-md__align-left',
  'text-align:center': 'kb-md__align-center',
  'text-align:right': 'kb-md__align-right',
};
const HEADING = /^h[1-6]$/;

/** The same component with `t` passed in (tests, and pages outside the app's stores). */
export function KbMarkdownView({ markdown, loadImage, onOpenArticle, changedBlocks, t }: KbMarkdownProps & { t: Translate }) {
  const tree = useMemo(() => keyedTree(markdown), [markdown]);
  // One cache per loader: a new loader (the session's permissions arrived) loads afresh.
  const images = useMemo<ImageCache>(() => new Map(), [loadImage]);
  const ctx: RenderContext = { t, loadImage, onOpenArticle, images };
  return (
    <div className="kb-md">
      {tree.blocks.map(({ key, node }) => (
        <div key={key} className={changedBlocks?.has(key) ? 'kb-md__block kb-md__block--changed' : 'kb-md__block'} data-block-key={key}>
          {renderNode(node, ctx, 0)}
        </div>
      ))}
      {tree.limited !== null && (
        <p className="kb-md__limited" role="note">
          {t(`kb.markdown.limited.${tree.limited}`)}
        </p>
      )}
    </div>
  );
}

/** All text under a node (what an unknown node shows). */
export function textContent(node: MdNode): string {
  if (node.type === 'softbreak' || node.type === 'hardbreak') return '\n';
  return node.text + node.children.map(textContent).join('');
}

function renderChildren(node: MdNode, ctx: RenderContext): ReactNode[] {
  return node.children.map((child, i) => renderNode(child, ctx, i));
}

function renderNode(node: MdNode, ctx: RenderContext, key: number): ReactNode {
  switch (node.type) {
    case 'paragraph':
      return node.hidden ? <span key={key}>{renderChildren(node, ctx)}</span> : <p key={key}>{renderChildren(node, ctx)}</p>;
    case 'heading': {
      const Tag = HEADING.test(node.tag) ? (node.tag as 'h1') : 'p';
      return <Tag key={key}>{renderChildren(node, ctx)}</Tag>;
    }
    case 'blockquote':
      return <blockquote key={key}>{renderChildren(node, ctx)}</blockquote>;
    case 'bullet_list':
      return <ul key={key}>{renderChildren(node, ctx)}</ul>;
    case 'ordered_list': {
      const start = Number(node.attrs.start ?? '1');
      return (
        <ol key={key} start={Number.isSafeInteger(start) ? start : 1}>
          {renderChildren(node, ctx)}
        </ol>
      );
    }
    case 'list_item':
      return <li key={key}>{renderChildren(node, ctx)}</li>;
    case 'hr':
      return <hr key={key} />;
    case 'fence':
    case 'code_block':
      return (
        <pre key={key} className="kb-md__code">
          <code>{node.text}</code>
        </pre>
      );
    case 'table':
      return (
        <div key={key} className="kb-md__table-wrap">
          <table className="kb-md__table">{renderChildren(node, ctx)}</table>
        </div>
      );
    case 'thead':
      return <thead key={key}>{renderChildren(node, ctx)}</thead>;
    case 'tbody':
      return <tbody key={key}>{renderChildren(node, ctx)}</tbody>;
    case 'tr':
      return <tr key={key}>{renderChildren(node, ctx)}</tr>;
    case 'th':
    case 'td': {
      const Cell = node.type;
      return (
        <Cell key={key} className={ALIGN_CLASS[node.attrs.style ?? '']}>
          {renderChildren(node, ctx)}
        </Cell>
      );
    }
    case 'text':
      return node.text;
    case 'softbreak':
      return '\n';
    case 'hardbreak':
      return <br key={key} />;
    case 'code_inline':
      return <code key={key}>{node.text}</code>;
    case 'em':
      return <em key={key}>{renderChildren(node, ctx)}</em>;
    case 'strong':
      return <strong key={key}>{renderChildren(node, ctx)}</strong>;
    case 's':
      return <del key={key}>{renderChildren(node, ctx)}</del>;
    case 'link':
      return renderLink(node, ctx, key);
    case 'image':
      return renderImage(node, ctx, key);
    default:
      // html_block / html_inline (never produced: raw HTML is off) and any type we do not know.
      return textContent(node);
  }
}

function renderLink(node: MdNode, ctx: RenderContext, key: number): ReactNode {
  const target = linkTarget(node.attrs.href ?? '');
  const { onOpenArticle } = ctx;
  if (target.kind === 'article' && onOpenArticle) {
    return (
      <button key={key} type="button" className="kb-md__article-link" onClick={() => onOpenArticle(target.articleId)}>
        {renderChildren(node, ctx)}
      </button>
    );
  }
  const shown = target.kind === 'article' ? `kb:${target.articleId}` : shownTarget(target.target);
  // An autolink (<https://…>) already shows its target as its text.
  const showTarget = shown !== '' && shown !== shownTarget(textContent(node));
  return (
    <span key={key} className="kb-md__link">
      {renderChildren(node, ctx)}
      {showTarget && <span className="kb-md__link-target">{ctx.t('kb.markdown.linkTarget', { target: shown })}</span>}
    </span>
  );
}

function renderImage(node: MdNode, ctx: RenderContext, key: number): ReactNode {
  const target = imageTarget(node.attrs.src ?? '');
  const alt = node.text;
  if (target.kind === 'kb-image') {
    return <KbImage key={key} imageId={target.imageId} alt={alt} load={ctx.loadImage} cache={ctx.images} t={ctx.t} />;
  }
  return (
    <span key={key} className="kb-md__image-placeholder">
      {ctx.t('kb.markdown.imageBlocked', { alt, target: shownTarget(target.target) })}
    </span>
  );
}
