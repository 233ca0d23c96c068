/** The resource field: a bare name or a pasted URL of the resource, read into a checked DNS label (and the endpoint a URL's host names). */
import { describe, expect, it } from 'vitest';
import { readResource } from '../../../src/islands/key-tester/logic/resource';
import { testerData } from '../../../src/islands/key-tester/tester-data';

const endpoints = (await testerData('azure-openai')).endpoints;

describe('reading the resource a user names', () => {
  it('the endpoints of a provider whose host is the user\'s resource carry their template', () => {
    expect(endpoints.map((e) => [e.id, e.template])).toEqual([
      ['openai', 'https://{resource}.openai.azure.com'],
      ['cognitiveservices', 'https://{resource}.cognitiveservices.azure.com'],
    ]);
  });

  it('takes the name out of any URL of the resource, and the endpoint from its host', () => {
    const cases: [string, string, string][] = [
      ['https://my-team.openai.azure.com/', 'my-team', 'openai'],
      ['https://my-team.openai.azure.com', 'my-team', 'openai'],
      ['  https://My-Team.openai.azure.com/openai/deployments/chat/chat/completions?api-version=2024-10-21  ', 'my-team', 'openai'],
      ['https://contoso-ai.cognitiveservices.azure.com/openai/v1/', 'contoso-ai', 'cognitiveservices'],
      ['my-team.openai.azure.com', 'my-team', 'openai'],
      ['https://x--y.openai.azure.com', 'x--y', 'openai'],
    ];
    for (const [input, resource, endpoint] of cases) expect(readResource(input, endpoints), input).toEqual({ resource, endpoint, problem: null });
  });

  it('takes a bare name as it is (case does not matter in DNS)', () => {
    expect(readResource('contoso-ai', endpoints)).toEqual({ resource: 'contoso-ai', endpoint: null, problem: null });
    expect(readResource('Contoso-AI', endpoints)).toEqual({ resource: 'contoso-ai', endpoint: null, problem: null });
    expect(readResource('   ', endpoints)).toEqual({ resource: null, endpoint: null, problem: null });
  });

  it('refuses what is not a resource of this provider, saying why', () => {
    for (const bad of ['-x', 'x-', 'my_team', 'a b', 'x'.repeat(64)]) {
      expect(readResource(bad, endpoints), bad).toMatchObject({ resource: null, problem: expect.stringMatching(/^A resource name is 1 to 63 lower-case letters/) });
    }
    expect(readResource('https://evil.example/x.openai.azure.com', endpoints)).toMatchObject({ resource: null, problem: 'evil.example is not a host this tester knows. It tests resources at <resource>.openai.azure.com or <resource>.cognitiveservices.azure.com: paste such a URL, or just the resource name.' });
    expect(readResource('https://my-team.openai.azure.com.evil.example/', endpoints)).toMatchObject({ resource: null });
    expect(readResource('https://a.b.openai.azure.com/', endpoints)).toMatchObject({ resource: null, problem: expect.stringMatching(/^The host a\.b\.openai\.azure\.com does not start with a resource name/) });
    expect(readResource('https://my-team.services.ai.azure.com/', endpoints)).toMatchObject({ resource: null, problem: expect.stringMatching(/is not a host this tester knows/) });
    expect(readResource('http://[::1', endpoints)).toMatchObject({ resource: null, problem: expect.stringMatching(/^That is neither a resource name nor a URL/) });
    expect(readResource('evil.com#', endpoints)).toMatchObject({ resource: null });
    expect(readResource('127.0.0.1', endpoints)).toMatchObject({ resource: null });
  });
});
