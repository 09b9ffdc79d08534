// npx vitest bench --run src/lib/markdown.bench.ts
// The answer is re-parsed on every streamed token, so parsing a long answer must stay cheap.
import { bench, describe } from 'vitest';
import { parseBlocks, parseInline, type Block } from './markdown';

const para = 'GPUジョブは **b-batch** に `pjsub` で投入します[1]。詳しくは [手引き](https://www.cc.kyushu-u.ac.jp/scp/#gpu) を見てください[2, 3]。\n';
const answer = ['## 手順', para.repeat(6), '1. ログイン\n2. ジョブスクリプトを書く\n   - ノード数\n   - 時間', '```sh\n#!/bin/bash\n#PJM -L rscgrp=b-batch\npjsub run.sh\n```', '| キュー | 上限 |\n|---|---|\n| a-batch | 24h |\n| b-batch | 48h |', para.repeat(12)].join('\n\n');

function inlineAll(blocks: Block[]): number {
  let n = 0;
  for (const b of blocks) {
    if (b.type === 'paragraph' || b.type === 'heading') n += parseInline(b.text).length;
    else if (b.type === 'list') for (const item of b.items) n += inlineAll(item);
    else if (b.type === 'quote') n += inlineAll(b.children);
  }
  return n;
}

describe(`parse a ${answer.length}-character answer`, () => {
  bench('parseBlocks + parseInline', () => {
    inlineAll(parseBlocks(answer));
  }, { time: 3000, warmupTime: 500 });
});
