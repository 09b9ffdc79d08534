import type { ChatAnswer, ChatCitation, Conversation, ModelsList } from '../lib/types';

export const SID = '0123456789abcdef0123456789abcdef';

export const citeGPU: ChatCitation = {
  n: 1,
  chunk_id: 11,
  title: 'GPUジョブ',
  section: 'ジョブの実行 > GPUジョブ',
  url: 'https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/job.html#gpu',
  snippet: '«GPU»を使うジョブは b-batch に投入します。',
  fetched_at: '2026-11-20T10:00:00Z',
  score: 8.5,
};

export const citeFile: ChatCitation = {
  n: 2,
  chunk_id: 12,
  title: 'メモ',
  section: '',
  url: 'file:///home/u/notes/genkai.md',
  snippet: 'ローカルのメモ',
  score: 3,
};

export function answerOf(over: Partial<ChatAnswer> = {}): ChatAnswer {
  return {
    session_id: SID,
    question_id: 1,
    message_id: 2,
    kind: 'answer',
    text: 'GPUジョブは b-batch に投入します[1]。',
    citations: [citeGPU, citeFile],
    model: 'qwen2.5:7b',
    status: 'complete',
    mode: 'hybrid',
    cached: false,
    timing: { retrieval_ms: 3, total_ms: 900 },
    ...over,
  };
}

export function conversationOf(pairs: { q: string; a?: Partial<ChatAnswer> }[], id = SID): Conversation {
  const history: Conversation['history'] = [];
  let n = 1;
  for (const p of pairs) {
    history.push({ id: n++, role: 'user', content: p.q, kind: 'question', status: 'complete', citations: [], created_at: '2026-11-25T10:00:00Z' });
    if (p.a) {
      const a = answerOf(p.a);
      history.push({ id: n++, role: 'assistant', content: a.text, kind: a.kind, status: a.status, model: a.model, citations: a.citations, created_at: '2026-11-25T10:00:01Z' });
    }
  }
  return { id, title: pairs[0]?.q ?? '', created_at: '2026-11-25T10:00:00Z', updated_at: '2026-11-25T10:00:01Z', messages: history.length, history };
}

export const modelsList: ModelsList = {
  models: [
    {
      name: 'qwen2.5:7b',
      size_bytes: 4_683_087_332,
      family: 'qwen2',
      parameter_size: '7.6B',
      quantization: 'Q4_K_M',
      modified_at: '2026-11-20T10:00:00Z',
      loaded: true,
      embedding: false,
    },
    {
      name: 'llama3.2:1b',
      size_bytes: 1_321_098_329,
      family: 'llama',
      parameter_size: '1.2B',
      quantization: 'Q8_0',
      modified_at: '2026-11-19T10:00:00Z',
      loaded: false,
      embedding: false,
    },
    {
      name: 'bge-m3:latest',
      size_bytes: 1_157_672_605,
      family: 'bert',
      parameter_size: '566.70M',
      quantization: 'F16',
      modified_at: '2026-11-18T10:00:00Z',
      loaded: false,
      embedding: true,
    },
  ],
  current_model: 'qwen2.5:7b',
  embedding_model: 'bge-m3:latest',
  recommended: [
    { name: 'qwen2.5:7b', kind: 'chat', size_bytes: 4_700_000_000, note: '日本語に強い', installed: true },
    { name: 'gemma3:4b', kind: 'chat', size_bytes: 3_300_000_000, note: '軽量', installed: false },
  ],
};
