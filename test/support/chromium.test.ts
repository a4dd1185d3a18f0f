/**
 * The Chromium that `npm install` brings (@sparticuz/chromium), launched as the browser tests
 * launch it on a machine without a system Chromium, whatever this machine has.
 */
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseChromium, chromiumLaunchOptions } from './chromium';

describe('the bundled Chromium', () => {
  it('is chosen without a system one, and runs a page headless', async () => {
    const env = { PATH: '/nonexistent', RX_NO_SYSTEM_CHROMIUM: '1' };
    expect(chooseChromium(env)).toEqual({ kind: 'bundled' });
    const browser = await chromium.launch(await chromiumLaunchOptions(env));
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="out"></p><script>out.textContent = 2 + 3;</script>');
      expect(await page.textContent('#out')).toBe('5');
      expect(browser.version()).toMatch(/^143\./);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
