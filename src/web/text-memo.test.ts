import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMarkdown } from './markdown.ts';
import { memoizeText } from './text-memo.ts';

test('a remembered answer is worked out once, and the oldest go when the budget is spent', () => {
  const asked: string[] = [];
  const shout = memoizeText((text) => {
    asked.push(text);
    return text.toUpperCase();
  }, 320);
  const word = (n: number) => `word-${String(n).padStart(5, '0')}`; // 10 characters, 20 kept with the answer
  assert.equal(shout(word(0)), 'WORD-00000');
  assert.equal(shout(word(0)), 'WORD-00000');
  assert.deepEqual(asked, [word(0)]);
  for (let n = 1; n <= 15; n++) shout(word(n)); // 16 words: the whole budget
  shout(word(0)); // still there, and now the most recently used
  assert.equal(asked.length, 16);
  shout(word(16)); // over budget: the least recently used (word 1) goes
  shout(word(1));
  shout(word(0));
  assert.deepEqual(asked.slice(16), [word(16), word(1)]);
  shout('x'.repeat(100)); // larger than a sixteenth of the budget: answered, never kept
  shout('x'.repeat(100));
  assert.equal(asked.filter((text) => text.startsWith('x')).length, 2);
});

test('rendered Markdown from memory is the same safe HTML', () => {
  const source = 'Hello <script>alert(1)</script> **there**';
  const first = renderMarkdown(source);
  assert.equal(renderMarkdown(source), first);
  assert.doesNotMatch(first, /<script>/);
  assert.match(first, /<strong>there<\/strong>/);
});
