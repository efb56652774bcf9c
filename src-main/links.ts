// The one chokepoint for opening anything outside the app (STYLE.md habit 9). Direct
// shell.openExternal calls elsewhere are banned by lint.

/** Hosts an agent may be sent to from the console: store help pages and dashboards. */
const ALLOWED_HOSTS = [
  'apple.com', // reportaproblem.apple.com, support.apple.com (HT204084)
  'play.google.com',
  'support.google.com',
  'dashboard.stripe.com',
  'stripe.com',
  'amazon.com',
  'developer.amazon.com',
  'github.com', // release notes of updates
];

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  const host = url.hostname.toLowerCase();
  return ALLOWED_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}

export async function openExternalLink(
  shell: { openExternal(url: string): Promise<void> },
  url: string,
): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  await shell.openExternal(url);
  return true;
}
