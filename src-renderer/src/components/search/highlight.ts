// Splits a matched identifier into plain and highlighted parts for the query the agent typed.
export interface Part {
  text: string;
  hit: boolean;
}

export function highlightParts(value: string, query: string): Part[] {
  const q = query.trim().toLowerCase();
  if (!q) return [{ text: value, hit: false }];
  const lower = value.toLowerCase();
  const at = lower.indexOf(q);
  if (at >= 0) return compact([{ text: value.slice(0, at), hit: false }, { text: value.slice(at, at + q.length), hit: true }, { text: value.slice(at + q.length), hit: false }]);
  // Free text: each word of the query, wherever it starts a word of the value.
  const words = q.match(/[\p{L}\p{N}]+/gu) ?? [];
  const marks = new Array<boolean>(value.length).fill(false);
  for (const w of words) {
    let from = 0;
    for (;;) {
      const i = lower.indexOf(w, from);
      if (i < 0) break;
      for (let k = i; k < i + w.length; k++) marks[k] = true;
      from = i + w.length;
    }
  }
  const parts: Part[] = [];
  for (let i = 0; i < value.length; i++) {
    const last = parts[parts.length - 1];
    if (last && last.hit === marks[i]) last.text += value[i];
    else parts.push({ text: value[i]!, hit: marks[i]! });
  }
  return parts;
}

function compact(parts: Part[]): Part[] {
  return parts.filter((p) => p.text.length > 0);
}
