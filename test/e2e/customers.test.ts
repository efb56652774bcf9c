// The agent's main path on the demo workspace: search by a Google order ID, open the
// customer, read the timeline, expand an event; Apple's policy panel; offline.
import { describe, expect, it } from 'vitest';
import { DEMO_JANE } from '../../src-main/demo/fixtures';
import { openApp, sharedApp } from './browser';

const shared = sharedApp();

async function openJane() {
  const { page } = shared.app;
  await page.goto(`${shared.app.host.url}/#/customers`);
  const box = page.getByTestId('customer-search');
  await box.waitFor();
  await box.fill('');
  await box.pressSequentially(DEMO_JANE.googleOrderId.slice(0, 12), { delay: 10 });
  await page.getByTestId('search-results').waitFor();
  return box;
}

describe('customers in Chromium', () => {
  it('finds Jane by a Google order ID as it is typed, with the match highlighted', async () => {
    const { page } = shared.app;
    const box = await openJane();
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    const first = page.locator('[role="option"]').first();
    expect(await first.textContent()).toContain('Jane Example');
    expect(await first.locator('mark').first().textContent()).toBe(DEMO_JANE.googleOrderId.slice(0, 12));
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await shared.app.screenshot('customers-search');
  });

  it('opens the customer with Enter and shows header, timeline and purchases', async () => {
    const { page } = shared.app;
    const box = await openJane();
    await box.press('Enter');
    await page.getByTestId('customer-header').waitFor();
    await page.locator('[data-testid="timeline"] [role="listitem"]').first().waitFor();
    expect(await page.getByTestId('customer-header').textContent()).toContain('Jane Example');
    expect(await page.getByTestId('customer-figures').textContent()).toMatch(/Refunded/);
    expect(await page.getByTestId('risk').first().textContent()).toMatch(/refunds on \d+ stores/);
    const rows = await page.locator('[data-testid="timeline"] [role="listitem"]').count();
    expect(rows).toBeGreaterThan(5);
    // only what is on screen is in the DOM
    expect(rows).toBeLessThan(60);
    await shared.app.screenshot('customer-page');
  });

  it('expands a refund event to its details and the raw store payload', async () => {
    const { page } = shared.app;
    const refund = page.locator('[data-testid="timeline"] [data-type="refund"]').first();
    await refund.locator('button.line').click();
    const details = page.getByTestId('event-details').first();
    await details.waitFor();
    await page.getByTestId('event-raw').first().waitFor();
    expect(await page.getByTestId('event-raw').first().textContent()).toContain('"demo": true');
    expect(await details.textContent()).toContain('Happened');
    await shared.app.screenshot('customer-event-expanded');
  });

  it('filters the timeline by store', async () => {
    const { page } = shared.app;
    await page.getByTestId('timeline-store').selectOption('apple');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="timeline"] [role="listitem"]')];
      return rows.length > 0 && rows.every((r) => r.querySelector('.badge[class*="store-"]')?.textContent === 'Apple');
    });
    const last = shared.app.host.calls.filter((c) => c.channel === 'customers:timeline').at(-1)!;
    expect(last.payload).toMatchObject({ stores: ['apple'] });
    await page.getByTestId('timeline-store').selectOption('');
  });

  it('shows Apple\'s policy panel and no refund button for an Apple purchase', async () => {
    const { page } = shared.app;
    const apple = page.locator('[data-store="apple"]').first();
    await apple.waitFor();
    expect(await apple.textContent()).toContain('Apple refunds only via Apple');
    expect(await apple.textContent()).toContain('reportaproblem.apple.com');
    expect(await apple.locator('[data-testid="refund-button"]').count()).toBe(0);
    expect(await apple.getByTestId('copy-apple-reply').textContent()).toContain('Copy reply for the customer');
    await apple.scrollIntoViewIfNeeded();
    await shared.app.screenshot('customer-apple-policy');
  });

  it('offline: the refund action is off with its reason, and the cache stays readable', async () => {
    const { page } = shared.app;
    shared.app.services.online.set(false);
    await page.locator('[data-testid="online-indicator"].off').waitFor();
    const google = page.locator('[data-store="google"]').first();
    await google.getByTestId('refund-off-reason').waitFor();
    expect(await google.getByTestId('refund-off-reason').textContent()).toContain('Offline');
    expect(await google.getByTestId('refund-button').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="timeline"] [role="listitem"]').count()).toBeGreaterThan(0);
    await shared.app.screenshot('customer-offline');
    shared.app.services.online.set(true);
    await page.locator('[data-testid="online-indicator"]:not(.off)').waitFor();
  });

  it('reads the same in the dark theme', async () => {
    const dark = await openApp(shared.browser, { colorScheme: 'dark' });
    try {
      await dark.page.goto(`${dark.host.url}/#/customers`);
      await dark.page.getByTestId('customer-search').fill(DEMO_JANE.email);
      await dark.page.locator('[role="option"]').first().waitFor();
      await dark.screenshot('customers-search-dark');
      await dark.page.getByTestId('customer-search').press('Enter');
      await dark.page.locator('[data-testid="timeline"] [role="listitem"]').first().waitFor();
      await dark.page.locator('[data-testid="timeline"] [data-type="refund"] button.line').first().click();
      await dark.page.getByTestId('event-raw').first().waitFor();
      await dark.screenshot('customer-page-dark');
      // no Google credential in this session: the action is off and says why
      await dark.page.locator('[data-store="google"] [data-testid="refund-off-reason"]').first().waitFor();
      expect(await dark.page.locator('[data-store="google"] [data-testid="refund-off-reason"]').first().textContent()).toContain('No Google Play credential');
    } finally {
      await dark.close();
    }
  });
});
