/**
 * Azure OpenAI's tester in Chromium, against the built site in workerd and the fake resource
 * `keyprobe-test`: the key alone is not enough, so the page asks for the resource (a name, or a
 * pasted endpoint URL that also picks the endpoint) before it tests; the deployments show the model
 * each runs; checks and a benchmark run on a deployment; a model name where a deployment belongs
 * links the DeploymentNotFound page; failures link their error pages; axe passes.
 */
import { describe, expect, it } from 'vitest';
import { leaksOf } from '../../support/canary.ts';
import { watchPage } from '../../support/page-watch.ts';
import { ALNUM, HEX, expectAccessibleAndQuiet, fakeOf, itExplainsFailures, measureLatency, openTester, origin, pickChecks, playing, randomString as random, testButton, untilRunEnds, useBrowser, verdictHeading } from '../../support/tester-page.ts';

const browser = useBrowser();

/** A fresh key of either real shape playing a scenario of the fake resource. */
function key(scenario: string, shape: 'classic' | 'aiServices' = 'classic'): Promise<string> {
  const k =
    shape === 'classic'
      ? random(32, HEX)
      : `${random(52, ALNUM)}JQQJ99${random(2, ALNUM)}AC${random(5, ALNUM)}XJ3w3AAA${random(1, ALNUM)}ACOG${random(4, ALNUM)}`;
  return playing([fakeOf('azure-openai')], k, scenario);
}

describe('the Azure OpenAI tester', () => {
  it('asks for the resource before it tests, and reads it from a pasted endpoint URL', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'azure-openai');
    await page.locator('#kt-key').fill(await key('aiServicesKey', 'aiServices'));
    await expect.poll(() => page.locator('#kt-key-note').textContent()).toMatch(/^Detected: Azure OpenAI — Azure AI services key/);
    // The shape alone says "Azure AI services": without the resource there is nothing to test against.
    expect(await page.locator('#kt-resource-note').textContent()).toMatch(/^Needed: Azure OpenAI keys work only on their own resource, and a key alone does not say which\./);
    expect(await testButton(page).isDisabled()).toBe(true);

    await page.locator('#kt-resource').fill('evil.com#');
    await expect.poll(() => page.locator('#kt-resource-note').textContent()).toMatch(/is not a host this tester knows/);
    expect(await page.locator('#kt-resource').getAttribute('aria-invalid')).toBe('true');
    expect(await testButton(page).isDisabled()).toBe(true);

    await page.locator('#kt-resource').fill('https://keyprobe-test.cognitiveservices.azure.com/openai/deployments/chat-mini/chat/completions?api-version=2024-10-21');
    await expect.poll(() => page.locator('#kt-resource-note').textContent()).toBe('The test calls keyprobe-test.cognitiveservices.azure.com.');
    expect(await page.locator('.kt-options-sum').textContent()).toMatch(/^Azure AI services/);
    expect(await testButton(page).isDisabled()).toBe(false);
    await testButton(page).click();
    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    expect(await page.locator('.kt-verdict').textContent()).toContain('Your key works on keyprobe-test.cognitiveservices.azure.com.');
    await page.close();
  });

  it('a full run: the deployments with their models, checks and a benchmark on the first that can; accessible, the key stays off the page', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page, origin);
    await openTester(page, 'azure-openai');
    const k = await key('valid');
    await page.locator('#kt-key').fill(k);
    await page.locator('#kt-resource').fill('keyprobe-test');
    await pickChecks(page, ['Chat', 'Streaming', 'Embeddings']);
    expect(await page.locator('.kt-options').textContent()).toContain('One chat completion of at most 4 tokens, with your deployment.');
    await measureLatency(page, 1);
    expect(await page.locator('label[for="kt-model"]').textContent()).toBe('Deployment');
    await expect.poll(() => page.locator('.kt-cost').textContent()).toMatch(/\$0\.\d+/);
    await page.locator('.kt-cost details summary').click();
    expect(await page.locator('.kt-cost').textContent()).toContain('on your deployment, priced as gpt-4o-mini');
    await testButton(page).click();

    await expect.poll(() => verdictHeading(page).textContent(), { timeout: 20_000 }).toContain('Your key works');
    await untilRunEnds(page);
    const models = page.locator('section[aria-labelledby="kt-models-title"]');
    expect(await models.locator('h3').textContent()).toBe('Deployments this key can use');
    expect(await models.getByRole('row').filter({ hasText: 'chat-mini' }).textContent()).toContain('runs gpt-4o-mini');
    expect(await models.getByRole('row').filter({ hasText: 'chat-next' }).textContent()).toMatch(/runs gpt-4\.1-mini\s*notRunning: not taking calls/);
    const checks = await page.locator('#kt-checks-title').locator('..').textContent();
    expect(checks?.match(/works/g)).toHaveLength(3);
    expect(checks).toContain('chat-mini');
    expect(checks).toContain('embed-small');
    expect(await page.locator('section[aria-labelledby="kt-limits-title"]').textContent()).toContain('Requests per minute: 99 left (Azure OpenAI does not send the limit itself).');
    expect(await page.locator('section[aria-labelledby="kt-bench-title"]').locator('.kt-token-source').textContent()).toBe('Output tokens as Azure OpenAI reported them in its usage.');

    await expectAccessibleAndQuiet(page, watch);
    expect(leaksOf(k, await page.locator('#tester').innerHTML())).toEqual([]);
    await page.close();
  });

  it('a model name where a deployment name belongs: the check links the DeploymentNotFound page', async () => {
    const page = await browser.context.newPage();
    await openTester(page, 'azure-openai');
    await page.locator('#kt-key').fill(await key('valid'));
    await page.locator('#kt-resource').fill('keyprobe-test');
    await page.locator('#kt-deployment').fill('gpt-4o-mini');
    await pickChecks(page, ['Chat']);
    await testButton(page).click();
    await untilRunEnds(page);
    const checks = page.locator('#kt-checks-title').locator('..');
    expect(await checks.textContent()).toContain('has no deployment of that name (404 DeploymentNotFound)');
    expect(await checks.getByRole('link', { name: /What this error means/ }).getAttribute('href')).toBe('/azure-openai/errors/deployment-not-found/');
    await page.close();
  });

  itExplainsFailures(browser, 'azure-openai', [
    ['invalid', /Azure OpenAI rejected this key/, '/azure-openai/errors/401/'],
    ['firewall', /Key accepted, but access refused/, '/azure-openai/errors/403/'],
    ['serverError', /Azure OpenAI had a problem answering/, '/azure-openai/errors/5xx/'],
  ], {
    key,
    prepare: (page) => page.locator('#kt-resource').fill('keyprobe-test'),
  });
});
