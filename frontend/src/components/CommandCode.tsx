import { useState } from 'react';
import { copyText } from '../lib/backend';
import { useI18n } from '../lib/I18nContext';

/** A shell command shown verbatim as code, with a button that copies it (the command is never translated). */
export function CommandCode({ command }: { command: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () =>
    copyText(command).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  return (
    <span className="command" data-testid="command">
      <code>{command}</code>
      <button
        type="button"
        className="button button-secondary button-small"
        data-testid="command-copy"
        aria-label={t('command.copyLabel', { command })}
        onClick={() => void copy()}
      >
        {state === 'copied' ? t('chat.copied') : state === 'failed' ? t('chat.copyFailed') : t('chat.copyCode')}
      </button>
    </span>
  );
}
