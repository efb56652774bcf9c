// Store messages shown to the agent: the store's words, never a stack trace, never a secret.
// Stripe already masks keys in its errors; this is the belt to that brace, for every store.

/** A function that replaces every secret (and every long line of a PEM body) with "[redacted]". */
export function redactor(secrets: string[]): (text: string) => string {
  const parts = new Set<string>();
  for (const s of secrets) {
    if (s.length >= 4) parts.add(s);
    for (const line of s.split(/\r?\n|\\n/)) {
      const t = line.trim();
      // PEM body lines and JSON fragments long enough to matter; short ones (e.g. "{") would
      // wreck the message without protecting anything.
      if (t.length >= 12 && !t.startsWith('-----')) parts.add(t);
    }
  }
  // A secret quoted inside JSON (or JSON inside JSON) appears escaped; scrub those forms too.
  for (const p of [...parts]) {
    const once = JSON.stringify(p).slice(1, -1);
    parts.add(once);
    parts.add(JSON.stringify(once).slice(1, -1));
  }
  const sorted = [...parts].sort((a, b) => b.length - a.length);
  return (text) => sorted.reduce((acc, p) => acc.split(p).join('[redacted]'), text);
}

/** An error or message reduced to its text: no stack frames, bounded length, secrets scrubbed. */
export function toReportText(value: unknown, redact: (s: string) => string): string {
  const raw = value instanceof Error ? value.message : typeof value === 'string' ? value : String(value ?? '');
  const lines = raw
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l && !/^\s*at\s/.test(l));
  const text = redact(lines.join(' ').trim()) || 'No message from the store.';
  return text.length > 500 ? `${text.slice(0, 497)}…` : text;
}
