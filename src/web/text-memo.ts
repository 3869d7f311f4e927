/**
 * Remembers the answers of a pure function of one string (Markdown rendering, say), least recently
 * used first out, within a budget of characters kept. Pure means no invalidation is ever needed: the
 * same text always gives the same answer, whoever reads it.
 */
export function memoizeText(compute: (text: string) => string, budgetCharacters = 4_000_000): (text: string) => string {
  const answers = new Map<string, string>();
  let kept = 0;
  return (text) => {
    const known = answers.get(text);
    if (known !== undefined) {
      answers.delete(text);
      answers.set(text, known);
      return known;
    }
    const answer = compute(text);
    const size = text.length + answer.length;
    if (size > budgetCharacters / 16) return answer;
    answers.set(text, answer);
    kept += size;
    for (const [oldest, oldAnswer] of answers) {
      if (kept <= budgetCharacters) break;
      answers.delete(oldest);
      kept -= oldest.length + oldAnswer.length;
    }
    return answer;
  };
}
