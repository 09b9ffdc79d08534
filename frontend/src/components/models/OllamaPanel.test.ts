import { describe, expect, it } from 'vitest';
import { ollamaPhase } from './OllamaPanel';

describe('ollamaPhase', () => {
  it('keeps the endpoint phase (llm.provider: openai) instead of claiming Ollama runs', () => {
    expect(ollamaPhase({ phase: 'endpoint', running: true, host: 'http://gpu:8000/v1' } as never)).toBe('endpoint');
    expect(ollamaPhase({ phase: 'running', running: true } as never)).toBe('running');
    expect(ollamaPhase({ phase: 'restarting' } as never)).toBe('starting');
  });
});
