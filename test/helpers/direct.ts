import { denormalize, parseDataDocument } from '../../src/upstream/json-api.ts';
import type { Resource } from '../../src/upstream/types.ts';
import type { TestStack } from './stack.ts';

/**
 * Reads the emulator directly over JSON:API (not through the gateway), every page of a list, to
 * compute what the gateway should answer.
 */
export async function fetchAll(
  stack: TestStack,
  path: string,
  query: Record<string, string> = {},
): Promise<Resource[]> {
  const token = await stack.integrationToken();
  const all: Resource[] = [];
  for (let page = 1; ; page++) {
    const params = new URLSearchParams({
      ...query,
      'page[size]': '25',
      'page[number]': String(page),
    });
    const response = await fetch(`${stack.emulator.apiUrl}/${path}?${params}`, {
      headers: { accept: 'application/vnd.api+json', authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    }
    const document = parseDataDocument(await response.json(), 'collection');
    all.push(...denormalize(document));
    const pageCount = Number(
      (document.meta as { page_count?: number } | undefined)?.page_count ?? 1,
    );
    if (page >= pageCount) {
      return all;
    }
  }
}
