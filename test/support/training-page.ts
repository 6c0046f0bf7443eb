import request from 'supertest';
import { trainingLinkInNote } from '../../src/modules/assist/domain/training-link';

// The training link as posted in a note (path and query, for a request against the test app).
export function trainingPathInNote(noteHtml: string, suggestionId: string): string {
  const link = trainingLinkInNote(noteHtml, suggestionId);
  if (!link) throw new Error(`The note has no training link for ${suggestionId}`);
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

// Opens the page with a cookie-keeping agent and returns its form token, as a browser would have them.
export async function openTrainingPage(baseUrl: string, path: string) {
  const agent = request.agent(baseUrl);
  const page = await agent.get(path).expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!csrf) throw new Error('The training page has no form token');
  return { agent, page, csrf };
}
