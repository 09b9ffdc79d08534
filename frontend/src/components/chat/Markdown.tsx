import { useState, type MouseEvent, type ReactNode } from 'react';
import { copyText, openExternal } from '../../lib/backend';
import { useI18n } from '../../lib/I18nContext';
import { parseBlocks, parseInline, type Block, type Inline } from '../../lib/markdown';

/** Renders citation markers; return null to show the marker as plain text. */
export type CiteRenderer = (n: number, key: string) => ReactNode | null;

interface Props {
  source: string;
  renderCite?: CiteRenderer;
}

/**
 * Markdown as React elements: every piece of text goes through React's
 * escaping (never dangerouslySetInnerHTML), so HTML in the source is inert.
 */
export function Markdown({ source, renderCite }: Props) {
  const blocks = parseBlocks(source);
  return <div className="markdown">{blocks.map((b, i) => renderBlock(b, String(i), renderCite))}</div>;
}

function onLinkClick(e: MouseEvent<HTMLAnchorElement>, href: string) {
  if (/^https?:/i.test(href)) {
    if (openExternal(href)) e.preventDefault();
  } else if (typeof window.runtime?.BrowserOpenURL === 'function') {
    // A relative link would navigate the app window itself away.
    e.preventDefault();
  }
}

function renderInline(nodes: Inline[], key: string, renderCite?: CiteRenderer): ReactNode[] {
  return nodes.map((n, i) => {
    const k = `${key}.${i}`;
    switch (n.type) {
      case 'text':
        return n.text;
      case 'br':
        return <br key={k} />;
      case 'code':
        return <code key={k}>{n.text}</code>;
      case 'strong':
        return <strong key={k}>{renderInline(n.children, k, renderCite)}</strong>;
      case 'em':
        return <em key={k}>{renderInline(n.children, k, renderCite)}</em>;
      case 'link':
        return (
          <a key={k} href={n.href} target="_blank" rel="noopener noreferrer" onClick={(e) => onLinkClick(e, n.href)}>
            {renderInline(n.children, k, renderCite)}
          </a>
        );
      case 'cite': {
        if (!renderCite) return n.raw;
        const chips = n.numbers.map((num, j) => renderCite(num, `${k}.${j}`));
        if (chips.some((c) => c === null)) return n.raw;
        return <span key={k} className="cite-group">{chips}</span>;
      }
    }
    return null;
  });
}

function renderBlock(b: Block, key: string, renderCite?: CiteRenderer): ReactNode {
  switch (b.type) {
    case 'heading': {
      const Tag = (['h3', 'h4', 'h5', 'h6', 'h6', 'h6'] as const)[b.level - 1];
      return (
        <Tag key={key} className={`md-h md-h${b.level}`}>
          {renderInline(parseInline(b.text), key, renderCite)}
        </Tag>
      );
    }
    case 'paragraph':
      return <p key={key}>{renderInline(parseInline(b.text), key, renderCite)}</p>;
    case 'code':
      return <CodeBlock key={key} lang={b.lang} text={b.text} />;
    case 'hr':
      return <hr key={key} />;
    case 'quote':
      return <blockquote key={key}>{b.children.map((c, i) => renderBlock(c, `${key}.${i}`, renderCite))}</blockquote>;
    case 'list': {
      const items = b.items.map((item, i) => (
        <li key={i}>
          {item.length === 1 && item[0].type === 'paragraph'
            ? renderInline(parseInline(item[0].text), `${key}.${i}`, renderCite)
            : item.map((c, j) => renderBlock(c, `${key}.${i}.${j}`, renderCite))}
        </li>
      ));
      return b.ordered ? (
        <ol key={key} start={b.start === 1 ? undefined : b.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'table':
      return (
        <div key={key} className="md-table-wrap">
          <table className="md-table">
            <thead>
              <tr>
                {b.header.map((h, i) => (
                  <th key={i} style={b.align[i] ? { textAlign: b.align[i] ?? undefined } : undefined}>
                    {renderInline(parseInline(h), `${key}.h${i}`, renderCite)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i} style={b.align[i] ? { textAlign: b.align[i] ?? undefined } : undefined}>
                      {renderInline(parseInline(cell), `${key}.${r}.${i}`, renderCite)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
  }
  return null;
}

/** A code block shown verbatim, with a copy button. */
export function CodeBlock({ lang, text }: { lang: string; text: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () =>
    copyText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  return (
    <div className="md-code" data-testid="md-code">
      <div className="md-code-bar">
        <span className="md-code-lang">{lang}</span>
        <button type="button" className="button button-secondary button-small" data-testid="md-code-copy" onClick={() => void copy()}>
          {state === 'copied' ? t('chat.copied') : state === 'failed' ? t('chat.copyFailed') : t('chat.copyCode')}
        </button>
      </div>
      <pre>
        <code>{text}</code>
      </pre>
    </div>
  );
}
