import { Fragment } from 'react';
import { splitMarks } from '../../lib/highlight';

/**
 * A snippet with its «matched» terms as <mark>. Built from text nodes only:
 * whatever the snippet contains (even "<script>") is rendered as text.
 */
export function Highlighted({ snippet, className }: { snippet: string; className?: string }) {
  return (
    <span className={className}>
      {splitMarks(snippet).map((s, i) =>
        s.marked ? <mark key={i}>{s.text}</mark> : <Fragment key={i}>{s.text}</Fragment>,
      )}
    </span>
  );
}
