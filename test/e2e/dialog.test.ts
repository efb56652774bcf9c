// The refund dialog as a real modal in Chromium: the strict amount parser's refusals, the
// focus trap (Tab, Shift+Tab), Ctrl+K and Enter kept inside, Escape and a click outside
// asking before typed input is thrown away, the destructive button, full order IDs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_JANE } from '../../src-main/demo/fixtures';
import { launchBrowser } from './browser';
import { openDemoWithStores, openJane, openRefundDialog, type DemoApp } from './demoApp';

let browser: Browser;
let demo: DemoApp;

beforeAll(async () => {
  browser = await launchBrowser();
  demo = await openDemoWithStores(browser);
  await openJane(demo.app);
});
afterAll(async () => {
  await demo?.close();
  await browser?.close();
});

const insideDialog = () => demo.app.page.evaluate(() => !!document.activeElement?.closest('[data-testid="refund-dialog"]'));

describe('the refund dialog in Chromium', () => {
  it('refuses what is not a plain amount, with the reason next to the field, and Confirm stays off', async () => {
    const { page } = demo.app;
    const dialog = await openRefundDialog(demo.app, 'stripe');
    await dialog.locator('[data-testid="refund-option-refund:partial"] input').check();
    const field = dialog.getByTestId('refund-amount');
    const help = dialog.getByTestId('refund-amount-help');
    const cases: [string, RegExp][] = [
      ['0.001', /USD has 2 decimals at most/],
      ['1O', /“O” is not a digit/],
      ['1e3', /plain digits/],
      ['4.999', /USD has 2 decimals at most/],
      ['-1', /minus/],
      ['1,234.5', /without “,”/],
    ];
    for (const [text, why] of cases) {
      await field.fill(text);
      await page.waitForTimeout(200);
      expect(await help.textContent(), text).toMatch(why);
      expect(await field.getAttribute('aria-invalid'), text).toBe('true');
      expect(await dialog.getByTestId('refund-confirm').isDisabled(), text).toBe(true);
    }
    await field.fill('4.99');
    await dialog.locator('[data-testid="refund-confirm"]:not([disabled])').waitFor();
    expect((await dialog.getByTestId('refund-confirm').textContent())?.trim()).toBe('Refund $4.99');
    expect(await dialog.getByTestId('refund-reason').locator('option').allTextContents()).toEqual(['Requested by customer', 'Duplicate payment', 'Fraudulent']);
  });

  it('holds focus: Tab and Shift+Tab cycle inside, Ctrl+K and "/" do not reach the search behind', async () => {
    const { page } = demo.app;
    const dialog = page.getByTestId('refund-dialog');
    const seen = new Set<string>();
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      expect(await insideDialog(), `Tab ${i}`).toBe(true);
      seen.add(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 60) ?? ''));
    }
    expect(seen.size).toBeGreaterThan(3);
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await insideDialog(), `Shift+Tab ${i}`).toBe(true);
    }
    await dialog.locator('input[type=radio]:checked').focus();
    await page.keyboard.press('/');
    expect(await insideDialog()).toBe(true);
    await dialog.getByTestId('refund-amount').focus();
    await page.keyboard.press('Control+k');
    expect(await insideDialog()).toBe(true);
    expect(await page.getByTestId('global-search').evaluate((el) => el === document.activeElement)).toBe(false);
    // the page behind takes no clicks or focus
    expect(await page.locator('[data-testid="global-search"]').evaluate((el) => !!el.closest('[inert]'))).toBe(true);
    // Enter in the amount field does not navigate away
    await page.keyboard.press('Enter');
    expect(await dialog.getByTestId('refund-amount').inputValue()).toBe('4.99');
    expect(page.url()).toContain('#/customers/');
  });

  it('Escape and a click outside ask before discarding what was typed', async () => {
    const { page } = demo.app;
    const dialog = page.getByTestId('refund-dialog');
    await page.keyboard.press('Escape');
    await dialog.getByTestId('refund-discard').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('refund-keep');
    await page.keyboard.press('Escape');
    await dialog.getByTestId('refund-discard').waitFor({ state: 'detached' });
    expect(await dialog.getByTestId('refund-amount').inputValue()).toBe('4.99');
    await page.mouse.click(5, 400);
    await dialog.getByTestId('refund-discard').waitFor();
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByTestId('refund-discard-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    // nothing typed: Escape closes at once, and the page behind is live again
    await openRefundDialog(demo.app, 'stripe');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('[inert]').count()).toBe(0);
  });

  it('Google: the full order ID (middle-truncated at most), no Stripe reasons, "Refund and end access"', async () => {
    const { page } = demo.app;
    const dialog = await openRefundDialog(demo.app, 'google');
    const ref = dialog.getByTestId('refund-payment-ref');
    const full = await ref.getAttribute('title');
    expect(full).toMatch(new RegExp(`^${DEMO_JANE.googleOrderId.replace(/\./g, '\\.')}\\.\\.\\d+$`));
    const shown = (await ref.textContent())!;
    expect(shown === full || (shown.includes('…') && full!.endsWith(shown.split('…')[1]!))).toBe(true);
    expect(shown.endsWith(full!.slice(-3))).toBe(true);
    expect(await dialog.getByTestId('refund-reason').count()).toBe(0);
    expect(await dialog.getByTestId('refund-no-reason').textContent()).toContain('Google Play takes no refund reason');
    await dialog.locator('[data-testid="refund-option-refund_and_revoke:full"] input').check();
    await dialog.locator('[data-testid="refund-confirm"]:not([disabled])').waitFor();
    expect((await dialog.getByTestId('refund-confirm').textContent())?.trim()).toMatch(/^Refund and end access · €8\.99$/);
    expect(await dialog.getByTestId('refund-confirm').getAttribute('class')).toContain('destructive');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('a German agent in Honolulu reads one money format and types a comma', async () => {
    const de = await openDemoWithStores(browser, { locale: 'de-DE', timezoneId: 'Pacific/Honolulu' });
    try {
      await openJane(de.app);
      const dialog = await openRefundDialog(de.app, 'stripe');
      await dialog.locator('[data-testid="refund-option-refund:partial"] input').check();
      const field = dialog.getByTestId('refund-amount');
      await field.fill('4.99');
      await de.app.page.waitForTimeout(200);
      expect(await dialog.getByTestId('refund-amount-help').textContent()).toMatch(/without “\.”/);
      await field.fill('4,99');
      await dialog.locator('[data-testid="refund-confirm"]:not([disabled])').waitFor();
      expect((await dialog.getByTestId('refund-confirm').textContent())?.trim()).toBe('Refund 4,99\u00a0$');
      const text = (await dialog.textContent())!;
      // one format for money (no "4.99 USD" beside "4,99 $"), and the zone on the paid date
      expect(text).not.toMatch(/\d\.\d{2} USD|\$\d/);
      expect(text).toContain('4,99\u00a0$ of ');
      expect(await dialog.locator('#refund-title').textContent()).toMatch(/HST|GMT-10/);
    } finally {
      await de.close();
    }
  });
});
